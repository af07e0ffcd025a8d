"""Templates for uploads: a CSV with the header and one example row, and a CSV describing the columns.

The two are separate files so that the template itself imports cleanly (a
description row inside it would be data).
"""

from __future__ import annotations

import pandas as pd

from armsdash.charts import exports
from armsdash.config import FIRST_YEAR
from armsdash.contracts import CONTRACTS, TableContract
from armsdash.ingest.cellrules import (
    LOOSE_DATE_COLUMNS,
    NON_NEGATIVE_COLUMNS,
    PERCENT_COLUMNS,
    UPPER_BOUNDS,
    YEAR_COLUMNS,
)
from armsdash.ingest.validate import DELIVERED_RULE

UNITS = {
    **{c: "percent, 0-100" for c in PERCENT_COLUMNS},
    **{c: f"a year, {FIRST_YEAR} to next year" for c in YEAR_COLUMNS},
    **{c: "not negative" for c in NON_NEGATIVE_COLUMNS},
}
for _name, (_largest, _why) in UPPER_BOUNDS.items():
    UNITS[_name] = f"{UNITS.get(_name, '')}, {_why}".lstrip(", ")
UNITS["units_delivered"] += f"; {DELIVERED_RULE}"


def contract(table: str) -> TableContract:
    """The contract of ``table``; KeyError with the known tables otherwise."""
    if table not in CONTRACTS:
        raise KeyError(f"unknown table {table!r}; one of: {', '.join(CONTRACTS)}")
    return CONTRACTS[table]


def template_csv(table: str) -> bytes:
    """The template of ``table``: header row and one example row, UTF-8 with BOM for Excel."""
    spec = contract(table)
    frame = pd.DataFrame([[c.example for c in spec.columns]], columns=spec.column_names)
    return exports.csv_bytes(frame)


def columns_frame(table: str) -> pd.DataFrame:
    """One row per column of ``table``: required, type, allowed values, unit or form, description, example."""
    spec = contract(table)
    rows = []
    for c in spec.columns:
        form = UNITS.get(c.name, "")
        if c.name in LOOSE_DATE_COLUMNS:
            form = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-YYYY or words with a year"
        if c.name in ("recipient_code", "supplier_code", "origin_code"):
            form = "ISO3 code or country name"
        rows.append({
            "column": c.name, "required": "yes" if c.required else "no",
            "type": {"varchar": "text", "integer": "whole number", "double": "number",
                     "boolean": "true or false"}[c.type],
            "allowed_values": "; ".join(c.allowed), "unit_or_form": form,
            "description": c.description, "example": c.example,
        })
    return pd.DataFrame(rows)


def columns_csv(table: str) -> bytes:
    """The column descriptions of ``table`` as CSV."""
    return exports.csv_bytes(columns_frame(table))
