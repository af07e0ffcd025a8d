"""Sanctions-list benchmark: a 100,000-row OpenSanctions targets.simple.csv and a 100,000-row OFAC sdn.csv,
generated in the published layouts (a mix of companies, people and vessels, a few of them the bundled entities'
names), read, matched against the bundled entities (the preview) and committed.

    python -m bench.sanctions_lists --rows 100000
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import shutil
import time

from bench.common import BENCH_DIR, machine, table

WORDS = ("Stroy", "Neft", "Trans", "Mash", "Avia", "Energo", "Tekh", "Prom", "Sib", "Volga", "Ural", "Baltic", "Invest")
KNOWN = ("Sukhoi Aviation JSC", "Irkut Aviation Corp", "JSC Kalashnikov", "Russian Helicopters JSC",
         "Komsomolsk-on-Amur Aviation Plant", "United Shipbuilding Corporation")


def _name(rng: random.Random, i: int) -> str:
    if i % 10_000 == 0:
        return KNOWN[(i // 10_000) % len(KNOWN)]
    return f"{rng.choice(('OOO', 'AO', 'JSC', 'LLC'))} {rng.choice(WORDS)}{rng.choice(WORDS).lower()} {i}"


def opensanctions(rows: int) -> bytes:
    """A targets.simple.csv of ``rows`` rows (csv.unix_dialect, every field quoted)."""
    rng = random.Random(1)
    out = io.StringIO()
    writer = csv.writer(out, dialect=csv.unix_dialect)
    writer.writerow(["id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
                     "sanctions", "phones", "emails", "dataset", "first_seen", "last_seen", "last_change"])
    for i in range(1, rows + 1):
        schema = ("Company", "Person", "Vessel", "Company", "Organization")[i % 5]
        writer.writerow([f"NK-{i:08d}", schema, _name(rng, i), f"{rng.choice(WORDS)} Group {i};Alias {i}", "",
                         "ru", "", "", "RUSSIA-EO14024 - 2022-06-28", "", "",
                         "US OFAC Specially Designated Nationals (SDN) List", "2022-06-28T00:00:00",
                         "2026-11-27T06:00:00", "2026-11-20T10:00:00"])
    return out.getvalue().encode()


def sdn(rows: int) -> bytes:
    """An sdn.csv of ``rows`` rows (no header, 12 fields, -0- for empty)."""
    rng = random.Random(2)
    empty = "-0- "
    lines = []
    for i in range(1, rows + 1):
        kind = ("-0- ", '"individual"', '"vessel"', "-0- ")[i % 4]
        remarks = f"\"a.k.a. '{rng.choice(WORDS).upper()} {i}'; Secondary sanctions risk: EO 14024.\""
        lines.append(",".join([str(i), f'"{_name(rng, i).upper()}"', kind, '"RUSSIA-EO14024"'] + [empty] * 7
                              + [remarks]))
    return ("\r\n".join(lines) + "\r\n\x1a\r\n").encode()


def main() -> None:
    """Time read, preview and commit of each list on a copy of the bundled store."""
    from armsdash.ingest import sanctions_lists, sanctions_match
    from armsdash.store import build, db

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    rows = parser.parse_args().rows
    print(machine())
    base = BENCH_DIR / "store_lists_base.duckdb"  # built afresh: an older bundled store has no entities
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    build.build_store(base, rebuild=True)
    results = []
    for label, data in (("OpenSanctions targets.simple.csv", opensanctions(rows)), ("OFAC sdn.csv", sdn(rows))):
        store = BENCH_DIR / "store_lists.duckdb"
        shutil.copy(base, store)
        con = db.connect(store)
        started = time.perf_counter()
        listed = sanctions_lists.read_list(data, list_date=datetime.date(2026, 11, 30))
        read = time.perf_counter()
        found = sanctions_match.preview(con, listed)
        matched = time.perf_counter()
        sanctions_match.commit(con, found, author="bench", file_name=label)
        done = time.perf_counter()
        con.close()
        results.append([label, f"{rows:,}", f"{len(data) / 1e6:.1f}", f"{read - started:.2f}",
                        f"{matched - read:.2f}", f"{done - matched:.2f}", f"{done - started:.2f}",
                        f"{len(found.exact)} / {len(found.close)}"])
    print(table(["list", "rows", "MB", "read s", "match s", "commit s", "total s", "exact / close"], results))


if __name__ == "__main__":
    main()
