"""Command-line uploads: ``ingest FILE`` and ``template TABLE``, added to the main CLI by ``register``.

Exit codes of ``ingest``: 0 committed (or previewed with ``--dry-run``), 2 rejected
(the problems are listed), 3 the store is locked by another process (the dashboard),
4 nothing to commit (every row is already stored as it is), 5 another editor committed
at the same time (nothing written; run it again).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from armsdash import config
from armsdash.charts import exports
from armsdash.cli import sanctions_cmd, sipri_cmd
from armsdash.contracts import CONTRACTS
from armsdash.ingest import commit, plaintext, sanctions_lists, templates, uploads
from armsdash.ingest.checked import SHOWN
from armsdash.ingest.sipri_layouts import is_sipri_export
from armsdash.ingest.validate import MODES
from armsdash.store import build, db

EXIT_OK, EXIT_REJECTED, EXIT_LOCKED, EXIT_NOTHING, EXIT_CONFLICT = 0, 2, 3, 4, 5
PROGRESS_FROM_ROWS = 100_000


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``ingest`` and ``template`` subcommands to the main CLI's subparsers."""
    p = subparsers.add_parser("ingest", help="validate a CSV file and commit it as a new data version",
                              description="Validate FILE against its table's contract and commit it in one "
                                          "transaction. Without --table the table is recognised from the header; "
                                          "SIPRI exports are recognised and loaded as a SIPRI release.")
    p.add_argument("file", type=Path, help="the CSV file")
    p.add_argument("--table", choices=sorted(CONTRACTS), help="the table (default: recognised from the header)")
    p.add_argument("--mode", default="append", choices=[*MODES, "replace"],
                   help="append (default: add and update rows by key), replace_recipient (also remove the "
                        "file's recipients' rows the file lacks), replace_table (remove every row the file "
                        "lacks); 'replace' means replace_recipient, or replace_table for tables without recipients")
    p.add_argument("--author", default=None, help="who is committing (default: the login name)")
    p.add_argument("--note", default=None, help="a note for the history")
    p.add_argument("--dry-run", action="store_true", help="show what would change, and commit nothing")
    p.add_argument("--rejected", type=Path, default=None,
                   help="when rejected, write the rejected rows with a reason column to this CSV file")
    p.add_argument("--db", type=Path, default=None, help="the store (default: $ARMSDASH_DB or data/armsdash.duckdb)")
    p.add_argument("--confirm", action="append", default=[], metavar="KEY",
                   help="sanctions lists: add the close match KEY (entity_id|list id, as the preview prints it)")
    p.add_argument("--list-date", default=None, metavar="YYYY-MM-DD",
                   help="sanctions lists: the date of an OFAC sdn.csv (default: the file's modification day)")
    p.set_defaults(handler=run_ingest)
    t = subparsers.add_parser("template", help="write an upload template for a table",
                              description="Write TABLE's template (header and one example row) and, beside it, "
                                          "a CSV describing each column.")
    t.add_argument("table", choices=sorted(CONTRACTS))
    t.add_argument("--output", type=Path, default=None, help="template file (default: TABLE_template.csv)")
    t.set_defaults(handler=run_template)


def _mode(requested: str, table: str | None) -> str:
    if requested != "replace":
        return requested
    has_recipient = table is None or "recipient_code" in CONTRACTS[table].column_names
    return "replace_recipient" if has_recipient else "replace_table"


def run_ingest(args: argparse.Namespace) -> int:
    """Validate and commit ``args.file``; print what happened; return the exit code."""
    args.author = args.author if args.author is not None else getpass.getuser()
    refused = plaintext.history_fields_problem(args.author, args.note)
    if refused:
        print(f"error: {refused}; nothing was changed.", file=sys.stderr)
        return EXIT_REJECTED
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_REJECTED
    path = args.db or config.db_path()
    try:
        build.build_store(path)
        con = db.connect(path)
    except db.StoreLockedError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_LOCKED
    try:
        return _ingest(con, data, args)
    finally:
        con.close()


def _ingest(con, data: bytes, args: argparse.Namespace) -> int:
    if sanctions_lists.recognise(data):
        return sanctions_cmd.ingest_into(con, data, args.file, author=args.author,
                                         dry_run=args.dry_run, confirm=args.confirm, list_date=args.list_date)
    if is_sipri_export(data):
        return sipri_cmd.ingest_into(con, data, args.file.name, author=args.author, dry_run=args.dry_run)
    checked = uploads.check_upload(con, data, table=args.table, mode=_mode(args.mode, args.table))
    if not checked.ok:
        print(f"{args.file.name}: rejected, {checked.summary()}; nothing was changed.", file=sys.stderr)
        for problem in checked.problem_list():
            print(problem.message(), file=sys.stderr)
        if len(checked.problems) > SHOWN:
            print(f"... and {len(checked.problems) - SHOWN:,} more", file=sys.stderr)
        if args.rejected:
            args.rejected.write_bytes(exports.csv_bytes(checked.rejected_rows()))
            print(f"rejected rows written to {args.rejected}", file=sys.stderr)
        return EXIT_REJECTED
    mode = _mode(args.mode, checked.table)
    if args.dry_run:
        try:
            found = commit.preview(con, checked, mode)
        except commit.Conflict as exc:
            print(f"{args.file.name}: {exc}", file=sys.stderr)
            return EXIT_CONFLICT
        print(f"{args.file.name} -> {checked.table} ({mode}): would add {found.added:,}, change "
              f"{found.changed:,}, remove {found.removed:,}; {found.unchanged:,} unchanged. Nothing committed.")
        if not found.headline.empty:
            print(found.headline.to_string(index=False))
        return EXIT_OK
    big = checked.row_count >= PROGRESS_FROM_ROWS
    try:
        result = commit.commit(
            con, checked, mode, author=args.author, file_name=args.file.name, note=args.note,
            progress=(lambda f, text: print(f"{f:4.0%} {text}", file=sys.stderr)) if big else None,
        )
    except commit.CommitError as exc:
        print(f"{args.file.name}: {exc}", file=sys.stderr)
        if isinstance(exc, commit.NothingToCommit):
            return EXIT_NOTHING
        return EXIT_CONFLICT if isinstance(exc, commit.Conflict) else EXIT_REJECTED
    print(f"{args.file.name} -> {checked.table} ({mode}): committed as data version {result.version}: "
          f"{result.added:,} added, {result.changed:,} changed, {result.removed:,} removed.")
    return EXIT_OK


def run_template(args: argparse.Namespace) -> int:
    """Write the template of ``args.table`` and its column descriptions; return 0."""
    output = args.output or Path(f"{args.table}_template.csv")
    described = output.with_name(output.stem + "_columns.csv")
    output.write_bytes(templates.template_csv(args.table))
    described.write_bytes(templates.columns_csv(args.table))
    print(f"wrote {output} (header and one example row) and {described} (what each column holds)")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run ``ingest`` or ``template`` on their own, with the main CLI's one-line errors and exit codes."""
    from armsdash.cli import commands  # the main CLI lists this module: imported here, not at the top

    return commands.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
