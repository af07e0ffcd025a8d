"""The partial-date rule: each delivery text reads as its first and last month (the last is what counts)."""

from __future__ import annotations

import datetime as dt

import pytest

from armsdash.store import db

D = dt.date


@pytest.fixture(scope="module")
def schema_con():
    """One store with the schema's macros for the whole module (the macros read no tables)."""
    connection = db.connect(":memory:")
    db.ensure_schema(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2023", D(2023, 1, 1), D(2023, 12, 1)),  # a year: by its end
        ("2023-05", D(2023, 5, 1), D(2023, 5, 1)),
        ("2024-12-09", D(2024, 12, 1), D(2024, 12, 1)),  # kept to the month
        ("2021-2027", D(2021, 1, 1), D(2027, 12, 1)),  # a range: its end
        ("2025-03 - 2026", D(2025, 3, 1), D(2026, 12, 1)),
        ("2012–2017", D(2012, 1, 1), D(2017, 12, 1)),  # en dash
        ("early 2022", D(2022, 1, 1), D(2022, 4, 1)),  # early = Jan-Apr
        ("mid-2023", D(2023, 5, 1), D(2023, 8, 1)),  # mid = May-Aug
        ("late 2022-early 2023", D(2022, 9, 1), D(2023, 4, 1)),  # late = Sep-Dec
        ("2025-03 (first)", D(2025, 3, 1), D(2025, 3, 1)),  # bracketed remark dropped
        ("2024 (100)", D(2024, 1, 1), D(2024, 12, 1)),
        ("2021-2023 (6 delivered)", D(2021, 1, 1), D(2023, 12, 1)),
    ],
)
def test_readable_dates(schema_con, text, first, last):
    got = schema_con.execute("select delivery_month_first($t), delivery_month_last($t)", {"t": text}).fetchone()
    assert got == (first, last)


@pytest.mark.parametrize("text", ["soon", "2024-13", "2024-02-30", "Q3 2024", "", None, "20245"])
def test_unreadable_dates_are_null(schema_con, text):
    got = schema_con.execute("select delivery_month_first($t), delivery_month_last($t)", {"t": text}).fetchone()
    assert got == (None, None)
