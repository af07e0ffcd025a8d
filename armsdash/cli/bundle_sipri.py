"""Regenerate the bundled SIPRI tables in ``data/`` from SIPRI exports, through the same import users use.

Run by maintainers, not by the app: ``python -m armsdash.cli.bundle_sipri ../shared/fixtures``
(after ``python -m armsdash.cli.bundle``, which rewrites ``countries.csv`` and ``sources.csv``).
Every export in the folder is loaded, oldest "Data generated" first, into a scratch
store; the rows current at the end are written to ``data/<table>.csv`` for the SIPRI
tables, and the countries and sources they cite are added to ``countries.csv`` and
``sources.csv``. The bundled data thus carry SIPRI's attribution in their sources.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from armsdash import config
from armsdash.contracts import VERSIONED_TABLES
from armsdash.ingest.sipri_layouts import LAYOUTS, sniff_layout
from armsdash.ingest.sipri_load import load_export
from armsdash.ingest.sipri_parse import parse_export
from armsdash.store import db

SIPRI_DERIVED = ("tiv_deliveries", "sipri_deals", "sipri_releases", "tiv_totals")


def exports_in(folder: Path) -> list[tuple[Path, bytes]]:
    """The SIPRI exports this app loads in ``folder``, oldest release first (others are skipped)."""
    found = []
    for path in sorted(folder.glob("*.csv")):
        data = path.read_bytes()
        if sniff_layout(data) in LAYOUTS:
            found.append((parse_export(data).data_generated, path, data))
    found.sort(key=lambda item: (item[0] is None, item[0], item[1].name))
    return [(path, data) for _generated, path, data in found]


def current_rows(folder: Path) -> dict[str, pd.DataFrame]:
    """Load every export of ``folder`` into a scratch store; return the current rows per table."""
    con = db.connect(":memory:")
    try:
        db.ensure_schema(con)
        con.execute("insert into data_versions (version, created_at, action) values (1, current_timestamp, 'build')")
        for path, data in exports_in(folder):
            report = load_export(con, data, path.name)
            print(report.summary().splitlines()[0])
            if report.unmapped:
                raise SystemExit(f"{path.name}: unmapped names {sorted(report.unmapped)}; add them to countries.py")
        frames = {}
        for table in (*SIPRI_DERIVED, "countries", "sources"):
            columns = ", ".join(VERSIONED_TABLES[table].column_names)
            frames[table] = con.execute(f"select {columns} from {table}_at(999999) order by all").df()
        return frames
    finally:
        con.close()


def _merge(path: Path, new: pd.DataFrame, key: str) -> pd.DataFrame:
    """The rows of the CSV at ``path`` plus those of ``new`` whose ``key`` it lacks."""
    old = pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists() else new.iloc[0:0]
    extra = new[~new[key].isin(set(old[key]))]
    return pd.concat([old, extra.astype(str).replace({"nan": "", "None": "", "<NA>": ""})], ignore_index=True)


def main(argv: list[str]) -> int:
    """Write the SIPRI tables to ``data/`` from the exports in the folder ``argv[0]``."""
    folder = Path(argv[0] if argv else config.REPO_ROOT.parent / "shared" / "fixtures")
    frames = current_rows(folder)
    for table in SIPRI_DERIVED:
        # %.10g drops float noise from sums (10.200000000000001 -> 10.2); TIVs have <= 4 decimals.
        frames[table].to_csv(config.DATA_DIR / f"{table}.csv", index=False, float_format="%.10g")
        print(f"data/{table}.csv: {len(frames[table])} rows")
    for table, key in (("countries", "code"), ("sources", "source_id")):
        path = config.DATA_DIR / f"{table}.csv"
        merged = _merge(path, frames[table], key)
        merged.to_csv(path, index=False)
        print(f"data/{table}.csv: {len(merged)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
