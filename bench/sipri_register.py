"""Loading SIPRI's complete trade register as downloaded: time, and records joined after line breaks in comments.

Each variant is loaded into a fresh in-memory store with ``sipri_load.load_export`` (parse, names, one
transaction, derived rows), as the CLI's ``ingest`` and the Update page do: the register as it is, and the same
file with a line break put into the comments of four records (CR LF in two, bare LF in two, as in SIPRI's
March 2025 register). One warm-up load of each, then the two alternate ``--repeat`` times; medians.

    python -m bench.sipri_register --repeat 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.common import ROOT, machine, table

REGISTER = ROOT.parent / "shared" / "fixtures" / "sipri_trade_register_all_generated_2026-05-18.csv"


def _load(data: bytes) -> tuple[float, float, int, int]:
    """Seconds to parse alone and to load, records read and records joined."""
    from armsdash.ingest.sipri_load import load_export
    from armsdash.ingest.sipri_parse import parse_export
    from armsdash.store import db

    started = time.perf_counter()
    parsed = parse_export(data)
    parse_seconds = time.perf_counter() - started
    con = db.connect(":memory:")
    db.ensure_schema(con)
    con.execute("insert into data_versions (version, created_at, action) values (1, current_timestamp, 'build')")
    started = time.perf_counter()
    report = load_export(con, data, REGISTER.name)
    seconds = time.perf_counter() - started
    con.close()
    assert len(parsed.joined) == len(report.joined)
    return parse_seconds, seconds, report.n_data_rows, len(report.joined)


def main() -> None:
    """Print the table of load times for the register as downloaded and with broken comments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register", type=Path, default=REGISTER)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from tests.support.sipri_samples import with_comment_breaks

    data = args.register.read_bytes()
    variants = {"as downloaded": data, "4 comments broken by a line break": with_comment_breaks(data)[0]}
    print(machine())
    for variant in variants.values():  # warm-up: imports and the name lookups' caches
        _load(variant)
    runs: dict[str, list[tuple[float, float, int, int]]] = {name: [] for name in variants}
    for _ in range(args.repeat):  # the variants alternate, so a busy spell on the shared machine hits both
        for name, variant in variants.items():
            runs[name].append(_load(variant))
    rows = [[name, f"{len(variants[name]) / 1e6:.1f} MB", done[0][2], done[0][3],
             statistics.median(r[0] for r in done), statistics.median(r[1] for r in done)]
            for name, done in runs.items()]
    print(table(["file", "size", "records", "records joined", "parse s (median)", "load s (median)"], rows))


if __name__ == "__main__":
    main()
