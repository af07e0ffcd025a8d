"""Regenerate the bundled CSVs in ``data/`` from the hand-compiled reference files.

Run by maintainers, not by the app: ``python -m armsdash.cli.bundle ../shared/reference``.
The figures carry over unchanged; names become codes, and delivery records get a
``programme_id`` that groups the rows in which several sources describe one programme.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from armsdash import config, countries
from armsdash.contracts import CONTRACTS
from armsdash.ingest import programmes


def _code(name: str) -> str:
    code = countries.code_for(name)
    if code is None:
        raise SystemExit(f"unmapped country name {name!r}: add it to countries.EXTRA_NAMES")
    return code


def programme_id(row: pd.Series) -> str:
    """The programme id of a reference delivery record (see ``armsdash.ingest.programmes``)."""
    return programmes.programme_id(row["recipient_iso3"], row["supplier_iso3"], row["system"])


def industry_frames(read) -> dict[str, pd.DataFrame]:
    """The sanctions-and-industry tables from the reference files (``read(name)`` gives one as text).

    The reference's systems are those in Indian service (its README), so they get recipient IND;
    designations and events carry over as they are (events' ``date`` becomes ``event_date``).
    """
    entities = read("entities.csv")
    entities["country_code"] = entities["country_iso3"]
    designations = read("designations.csv")
    designations["listed_name"] = ""
    systems = read("systems.csv")
    systems.insert(0, "recipient_code", config.DEFAULT_RECIPIENT)
    events = read("events.csv").rename(columns={"date": "event_date", "recipient_iso3": "recipient_code"})
    return {"entities": entities, "designations": designations, "systems": systems,
            "licence_production": read("licence_production.csv"), "events": events}


def build_frames(reference: Path) -> dict[str, pd.DataFrame]:
    """Read the reference files and return one DataFrame per table, in contract column order."""
    read = lambda name: pd.read_csv(reference / name, dtype=str, keep_default_na=False)  # noqa: E731
    sources = read("sources.csv")
    shares = read("published_import_shares.csv")
    shares["recipient_code"] = shares["recipient_iso3"]
    shares["supplier_code"] = shares["supplier"].map(_code)
    inventory = read("inventory_origin.csv")
    inventory["recipient_code"] = inventory["recipient_iso3"]
    inventory["origin_label"] = inventory["origin"]
    inventory["origin_code"] = inventory["origin"].map(_code)
    records = read("delivery_records.csv")
    records["programme_id"] = records.apply(programme_id, axis=1)
    records["recipient_code"] = records["recipient_iso3"]
    records["supplier_code"] = records["supplier_iso3"]
    industry = industry_frames(read)
    codes = sorted(set(shares.recipient_code) | set(shares.supplier_code) | set(inventory.origin_code)
                   | set(records.recipient_code) | set(records.supplier_code)
                   | set(industry["entities"].country_code))
    country_rows = [countries.lookup(c) for c in codes]
    country_frame = pd.DataFrame(country_rows, columns=["code", "name", "kind"])
    frames = {
        "sources": sources,
        "countries": country_frame,
        "published_import_shares": shares,
        "inventory_origin": inventory,
        "delivery_records": records,
        **industry,
    }
    return {table: frame[CONTRACTS[table].column_names] for table, frame in frames.items()}


def main(argv: list[str]) -> int:
    """Write ``data/<table>.csv`` for each table built from the reference folder in ``argv[0]``."""
    reference = Path(argv[0] if argv else config.REPO_ROOT.parent / "shared" / "reference")
    for table, frame in build_frames(reference).items():
        frame.to_csv(config.DATA_DIR / f"{table}.csv", index=False)
        print(f"data/{table}.csv: {len(frame)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
