"""Command line for analysts and scripts: ``python -m armsdash build|metrics|query ...``.

Errors are one line on stderr, never a traceback. Exit codes (the README lists them): 0 done, 1 declined
(``build --rebuild`` not confirmed) or an unexpected error, 2 bad input (a usage mistake, an unknown
metric or parameter, a file that cannot be read or is rejected), 3 the store is held by the running
dashboard, 4 nothing to commit (the file is already stored), 5 another editor committed at the same
time (nothing written; run it again). Other modules add commands through a ``register(subparsers)``
function listed in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from armsdash import config, metrics
from armsdash.charts import exports
from armsdash.store import build, db, replica, shared

COMMAND_MODULES = ("armsdash.cli.ingest_cmd",)
EXIT_FAILED, EXIT_BAD_INPUT, EXIT_LOCKED = 1, 2, 3
_LOG = logging.getLogger(__name__)


class UsageError(Exception):
    """A mistake in the command's words; reported in one line with exit code 2."""


def _cmd_build(args: argparse.Namespace) -> int:
    path = config.db_path()
    if config.store_url() is not None:  # team mode: the file is this replica's copy, never the shared data
        build.build_store(path, rebuild=args.rebuild)
        state = replica.status()
        print(f"Replica copy {path} of the shared store, at data version {state.version}"
              + ("" if state.reachable else " (the shared store cannot be reached: serving the copy as it is)"))
        return 0
    if args.rebuild and path.exists() and not args.yes:
        if not sys.stdin.isatty():
            raise UsageError(f"--rebuild deletes every upload in {path}; add --yes to confirm")
        answer = input(f"Rebuild {path} from data/? Every upload in it will be lost. Type 'yes': ")
        if answer.strip().lower() != "yes":
            print("Nothing changed.")
            return 1
    built = build.build_store(path, rebuild=args.rebuild)
    print(f"{'Built' if built else 'Kept the existing store'} {path}")
    return 0


def _cmd_metrics(args: argparse.Namespace) -> int:
    for metric in metrics.list_metrics():
        params = ", ".join(f"--{name} ({kind}"
                           + (f", default {metric.defaults[name]})" if name in metric.defaults else ")")
                           for name, kind in metric.params.items())
        print(f"{metric.name}\t{metric.label}\t{params}")
    return 0


def _parse_metric_params(extra: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    items = list(extra)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--") or len(flag) < 3:
            raise UsageError(f"expected --name value, got {flag!r}")
        name, _, value = flag[2:].partition("=")
        if not value:
            if not items:
                raise UsageError(f"--{name} needs a value")
            value = items.pop(0)
        params[name.replace("-", "_")] = value
    return params


def _cmd_query(args: argparse.Namespace, extra: list[str]) -> int:
    params = _parse_metric_params(extra)
    metrics.get_metric(args.metric)  # unknown metric: fail before touching the store
    build.build_store(config.db_path())
    con = db.connect(config.db_path(), read_only=True)
    try:
        frame = metrics.run_metric(con, args.metric, params)
    finally:
        con.close()
    if args.format == "json":
        print(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        sys.stdout.write(exports.neutralise_formulas(frame).to_csv(index=False))
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser with every command, including those other modules register."""
    top = argparse.ArgumentParser(prog="python -m armsdash", description=__doc__.splitlines()[0])
    commands = top.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="create the store from data/ if absent")
    build_cmd.add_argument("--rebuild", action="store_true", help="start over from data/ (asks first)")
    build_cmd.add_argument("--yes", action="store_true", help="do not ask before --rebuild")
    build_cmd.set_defaults(handler=_cmd_build)
    commands.add_parser("metrics", help="list every metric").set_defaults(handler=_cmd_metrics)
    query = commands.add_parser("query", help="print a metric's rows: query METRIC --recipient IND ...")
    query.add_argument("metric")
    query.add_argument("--format", choices=("csv", "json"), default="csv")
    query.set_defaults(handler=_cmd_query, takes_extra=True)
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.register(commands)
    return top


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code. Nothing it does ends in a traceback."""
    top = parser()
    args, extra = top.parse_known_args(argv)
    try:
        if getattr(args, "takes_extra", False):
            return args.handler(args, extra)
        if extra:
            raise UsageError(f"unrecognised arguments: {' '.join(extra)}")
        return args.handler(args)
    except (UsageError, metrics.MetricError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (db.StoreLockedError, shared.StoreUnavailable, replica.ReplicaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except OSError as exc:  # a file that cannot be read or written, a store path that is not a file
        where = f" {exc.filename}" if exc.filename else ""
        print(f"error: cannot use{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted; nothing was changed", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        _LOG.debug("unexpected error", exc_info=True)
        text = str(exc).strip().splitlines()
        print(f"error: {type(exc).__name__}: {text[0] if text else 'no message'} (writes are all or nothing: "
              "nothing was changed)", file=sys.stderr)
        return EXIT_FAILED
