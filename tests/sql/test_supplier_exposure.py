"""'If this supplier stopped': each figure with its value, source and estimate flag."""

from __future__ import annotations

import pytest

from armsdash.metrics import run_metric
from tests.conftest import insert_rows
from tests.support import delivery_fixture


def _tiv(supplier, year, tiv, method="delivery_year"):
    return {
        "recipient_code": "IND",
        "supplier_code": supplier,
        "year": year,
        "tiv_mn": tiv,
        "method": method,
        "release_id": "tiv_test",
    }


@pytest.fixture
def exposure(con):
    delivery_fixture.load(con)
    insert_rows(
        con,
        "sources",
        [
            {
                "source_id": "inv_src",
                "title": "Inventory study",
                "publisher": "Think tank",
                "url": None,
                "published_date": "2025",
            },
            {
                "source_id": "fs_old",
                "title": "Fact sheet 2024",
                "publisher": "SIPRI",
                "url": None,
                "published_date": "2024-03",
            },
            {
                "source_id": "fs_new",
                "title": "Fact sheet 2025",
                "publisher": "SIPRI",
                "url": None,
                "published_date": "2025-03",
            },
        ],
    )
    insert_rows(
        con,
        "inventory_origin",
        [
            {
                "recipient_code": "IND",
                "service_or_category": "air force",
                "origin_label": "Russia",
                "origin_code": "RUS",
                "share_pct": 60.0,
                "as_of_year": 2024,
                "is_estimate": True,
                "source_id": "inv_src",
            },
            {
                "recipient_code": "IND",
                "service_or_category": "air force",
                "origin_label": "France",
                "origin_code": "FRA",
                "share_pct": 15.0,
                "as_of_year": 2024,
                "is_estimate": True,
                "source_id": "inv_src",
            },
        ],
    )
    insert_rows(
        con,
        "published_import_shares",
        [
            {
                "recipient_code": "IND",
                "supplier_code": "RUS",
                "period_start": 2019,
                "period_end": 2023,
                "share_pct": 36.0,
                "source_id": "fs_old",
            },
            {
                "recipient_code": "IND",
                "supplier_code": "RUS",
                "period_start": 2020,
                "period_end": 2024,
                "share_pct": 33.0,
                "source_id": "fs_new",
            },
        ],
    )
    # loaded years 2016-2022 and a planned 2027: the window is 2018-2022 (last 5 up to as_of's year)
    insert_rows(
        con,
        "tiv_deliveries",
        [_tiv("RUS", year, 10.0) for year in range(2018, 2023)]
        + [_tiv("FRA", 2020, 30.0), _tiv("RUS", 2016, 100.0), _tiv("RUS", 2017, 100.0), _tiv("RUS", 2027, 1000.0)],
    )
    frame = run_metric(
        con, "supplier_exposure", {"recipient": "IND", "supplier": "RUS", "as_of": delivery_fixture.AS_OF}
    )
    return frame.set_index("figure")


def test_inventory_share_of_this_origin_only(exposure):
    row = exposure.loc["Share of the inventory of this origin"]
    assert (row.category, row.value, row.unit, row.is_estimate) == ("air force", 60.0, "share_pct", True)
    assert row.source_title == "Inventory study"


def test_programmes_and_value_still_owed(exposure):
    assert exposure.loc["Programmes still owed", "value"] == 3  # overdue, partial, unreadable
    assert exposure.loc["Programmes still owed", "basis"].startswith("2 of them past their promised date")
    assert exposure.loc["Contract value still owed", "value"] == pytest.approx(110.0)  # 60 + 50


def test_share_of_recent_imports_uses_the_last_five_years_loaded(exposure):
    row = exposure.loc["Share of recent imports (SIPRI TIV)"]
    assert row.period == "2018–2022"
    assert row.value == pytest.approx(62.5)  # RUS 5 x 10 = 50 of 50 + FRA 30 = 80
    assert row.is_estimate == False  # noqa: E712 - SIPRI's own yearly split, no even split


def test_published_share_is_the_latest_period(exposure):
    row = exposure.loc["Published share of imports"]
    assert (row.value, row.period, row.source_id) == (33.0, "2020–2024", "fs_new")
