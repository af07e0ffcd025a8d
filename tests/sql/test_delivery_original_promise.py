"""Issue 19 (3): a programme's delay counts from its original promise; a re-planned window never erases it."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdash.metrics import run_metric
from armsdash.store import db
from tests.conftest import insert_rows
from tests.support.delivery_fixture import _record

TODAY = "2026-12-03"


def _s400(con, as_of: str = TODAY) -> pd.Series:
    delays = run_metric(con, "delivery_delays", {"recipient": "IND", "as_of": as_of})
    return delays.set_index("programme_id").loc["ind-rus-s400"]


def test_the_s400_is_36_to_48_months_late_against_its_original_promise(built_store):
    """Bundled data: contracted 2018, 'by 2023' (Times of India via Shafaq, 2025-06) or 'by 2024' (TRT, 2025-06);
    SIPRI's register of 2026-05 says 'delivery planned 2021-2027', which ends in Dec 2027.

    Original promise: the earliest, Dec 2023. Latest expected: the newest claim (SIPRI) plans to Dec 2027.
    Delay: Dec 2023 -> Dec 2027 = 48 months; from TRT's Dec 2024 (already past when TRT published it, so a reading
    of the contract as signed): 36 months. SIPRI's Dec 2027 was still ahead when published: a new plan, not counted.
    """
    con = db.connect(built_store, read_only=True)
    try:
        s400 = _s400(con)
    finally:
        con.close()
    assert s400.source_id == "sipri_atdb_2026_05"  # the figures still come from the newest claim
    assert s400.current_promise == "2021-2027"
    assert s400.promised == "2023"
    assert s400.promised_by == pd.Timestamp(2023, 12, 31)
    assert s400.promised_latest_by == pd.Timestamp(2024, 12, 31)
    assert s400.expected_by == pd.Timestamp(2027, 12, 31)
    assert (s400.delay_months, s400.delay_min_months, s400.delay_max_months) == (48, 36, 48)
    assert s400.slip_months == 48
    assert s400.delay_basis == "expected"
    assert bool(s400.is_late_now) and pd.isna(s400.excluded_reason)


def test_the_s400_headlines_and_backlog_count_it_late(built_store):
    con = db.connect(built_store, read_only=True)
    try:
        backlog = run_metric(con, "delivery_backlog", {"recipient": "IND", "as_of": TODAY, "supplier": "RUS"})
        overview = run_metric(con, "delivery_overview", {"recipient": "IND", "as_of": TODAY}).iloc[0]
        late_now = run_metric(con, "delivery_delays", {"recipient": "IND", "as_of": TODAY})["is_late_now"]
    finally:
        con.close()
    s400 = backlog.set_index("programme_id").loc["ind-rus-s400"]
    assert (s400.delay_months, s400.slip_months, bool(s400.is_late_now)) == (48, 48, True)
    assert s400.promised_by == pd.Timestamp(2023, 12, 31) and s400.expected_by == pd.Timestamp(2027, 12, 31)
    assert overview.n_late_now == int(late_now.fillna(False).astype(bool).sum())


def _replanned(con) -> None:
    """Contracted 2020 for delivery by 2025 (src_2020, published 2020-03); re-planned to 2027 by src_2024 (published
    2024-06, before the original date passed); still open, 2 of 6 delivered."""
    insert_rows(con, "sources", [
        {"source_id": "src_2020", "title": "Contract", "publisher": "Contract Pub", "url": None,
         "published_date": "2020-03"},
        {"source_id": "src_2024", "title": "Re-plan", "publisher": "Replan Pub", "url": None,
         "published_date": "2024-06"},
    ])
    insert_rows(con, "delivery_records", [
        _record("replanned", "RUS", "in_progress", "2025", None, source="src_2020", ordered=6, delivered=0,
                contract_year=2020),
        _record("replanned", "RUS", "in_progress", "2027", None, source="src_2024", ordered=6, delivered=2,
                contract_year=2020),
    ])


@pytest.mark.parametrize(("as_of", "delay", "basis", "late"), [
    ("2024-08-15", None, None, False),       # before the original promise (Dec 2025): not late
    ("2025-12-15", None, None, False),       # its last month: still not late
    ("2026-01-15", 24, "expected", True),    # Dec 2025 -> the expected Dec 2027
    ("2028-03-15", 27, "as_of", True),       # still open after the new plan too: Dec 2025 -> Mar 2028
])
def test_a_programme_replanned_before_its_original_date_is_not_late_until_that_date(con, as_of, delay, basis, late):
    _replanned(con)
    row = run_metric(con, "delivery_delays", {"recipient": "IND", "as_of": as_of}).iloc[0]
    assert (row.promised, row.current_promise) == ("2025", "2027")
    assert row.slip_months == 24  # Dec 2025 -> Dec 2027, whatever the day: the slip since the original promise
    assert row.expected_by == pd.Timestamp(2027, 12, 31)
    assert (None if pd.isna(row.delay_months) else row.delay_months) == delay
    assert (None if pd.isna(row.delay_basis) else row.delay_basis) == basis
    assert bool(row.is_late_now) is late
    assert (row.excluded_reason == "not yet due") is (delay is None)
    # the units and source are the newest claim's
    assert (row.units_delivered, row.source_id) == (2, "src_2024")
