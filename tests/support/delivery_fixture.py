"""Hand-made delivery records for the delay tests: one programme per case, read as of 2026-06-15.

Russia (RUS) has seven programmes, France (FRA) three. The expected figures are worked
out by hand in tests/sql/test_delivery_metrics.py.
"""

from __future__ import annotations

from tests.conftest import insert_rows

AS_OF = "2026-06-15"  # month 2026-06


def _record(programme_id, supplier, status, promised, stated, *, source="src_a", ordered=None,
            delivered=None, value=None, category="ships", contract_year=2015):
    return {
        "programme_id": programme_id, "recipient_code": "IND", "supplier_code": supplier,
        "system": f"System {programme_id}", "category": category, "contract_year": contract_year,
        "contract_value_usd_mn": value, "units_ordered": ordered, "units_delivered": delivered,
        "promised_delivery": promised, "actual_or_expected_delivery": stated, "status": status,
        "source_id": source, "note": None,
    }


RECORDS = [
    _record("on-time", "RUS", "delivered", "2020-06", "2020-06-20", ordered=2, delivered=2, value=20),
    _record("early", "FRA", "delivered", "2021-05", "2021-02", ordered=1, delivered=1, value=10, category="aircraft"),
    _record("late", "RUS", "delivered", "2019", "2021-03-15", ordered=1, delivered=1, value=30),
    _record("overdue", "RUS", "delayed", "2024-09", None, ordered=10, delivered=4, value=100, contract_year=2020),
    _record("not-due", "FRA", "in_progress", "2027", None, ordered=8, delivered=2, value=80, contract_year=2022),
    _record("cancelled", "RUS", "cancelled", "2022", None, ordered=4, delivered=0, value=40),
    _record("partial", "RUS", "delayed", "early 2025", "late 2026-early 2027", ordered=5, delivered=0, value=50,
            category="aircraft", contract_year=2021),
    _record("no-promise", "FRA", "delivered", None, "2020", ordered=3, delivered=3, value=None),
    _record("unreadable", "RUS", "in_progress", "soon", None, ordered=3, delivered=None, value=None),
    # one programme, three sources: the statistics use src_new (newest with a promised date)
    _record("claims", "RUS", "delayed", "2022", "2023", source="src_old", ordered=1, delivered=0, value=5),
    _record("claims", "RUS", "delivered", "2023", "2024-03", source="src_new", ordered=1, delivered=1, value=5),
    _record("claims", "RUS", "delivered", None, "2024-02", source="src_newest", ordered=1, delivered=1, value=5),
]

SOURCES = [
    {"source_id": "src_a", "title": "Source A", "publisher": "Pub A", "url": "https://a.example/",
     "published_date": "2024-01"},
    {"source_id": "src_old", "title": "Old", "publisher": "Old Pub", "url": "https://old.example/",
     "published_date": "2020-01"},
    {"source_id": "src_new", "title": "New", "publisher": "New Pub", "url": "https://new.example/",
     "published_date": "2021-06"},
    {"source_id": "src_newest", "title": "Newest", "publisher": "Newest Pub", "url": None, "published_date": "2022-01"},
]


def load(con) -> None:
    """Insert the fixture's records and sources as data version 1."""
    insert_rows(con, "delivery_records", RECORDS)
    insert_rows(con, "sources", SOURCES)
