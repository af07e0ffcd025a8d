"""Lead times and undelivered orders from a hand-made SIPRI trade-register fixture."""

from __future__ import annotations

import pytest

from armsdash.metrics import run_metric
from tests.conftest import insert_rows


def _deal(deal_id, supplier, category, order_year, ordered, delivered, first, last, *, recipient="IND",
          tiv_total=None, tiv_delivered=None, order_estimate=False):
    return {
        "deal_id": deal_id, "recipient_code": recipient, "supplier_code": supplier, "order_year": order_year,
        "order_year_is_estimate": order_estimate, "units_ordered": ordered, "units_ordered_is_estimate": False,
        "designation": deal_id, "description": "", "category": category, "units_delivered": delivered,
        "units_delivered_is_estimate": False, "first_delivery_year": first, "last_delivery_year": last,
        "tiv_total_order": tiv_total, "tiv_delivered": tiv_delivered, "release_id": "reg_test",
    }


DEALS = [
    _deal("d1", "RUS", "Aircraft", 2010, 10, 10, 2012, 2015),  # complete: 2 years to first, 5 to last
    _deal("d2", "RUS", "Aircraft", 2014, 4, 2, 2018, 2019, tiv_total=40, tiv_delivered=20),  # half delivered
    _deal("d3", "RUS", "Aircraft", 2020, 6, None, None, None, tiv_total=60, order_estimate=True),  # nothing yet
    _deal("d4", "FRA", "Ships", 2005, 1, 1, 2009, 2009),  # 4 years, complete
    _deal("d5", "RUS", "Ships", 2000, 2, 2, 2003, 2006),  # 3 years to first, 6 to last
    _deal("d6", "RUS", "Aircraft", 2001, 1, 1, 2030, 2030, recipient="PAK"),  # another recipient
]


@pytest.fixture
def lead_times(con):
    insert_rows(con, "sipri_deals", DEALS)
    frame = run_metric(con, "sipri_lead_times", {"recipient": "IND"})
    return frame.set_index(["supplier_code", "category"])


def test_groups_are_supplier_and_category_of_the_recipient(lead_times):
    assert sorted(lead_times.index) == [("FRA", "Ships"), ("RUS", "Aircraft"), ("RUS", "Ships")]


def test_lead_times_to_first_and_last_delivery(lead_times):
    aircraft = lead_times.loc[("RUS", "Aircraft")]
    assert aircraft.n_deals == 3
    assert aircraft.n_with_delivery == 2  # d1, d2
    assert aircraft.median_years_to_first == 3  # d1 2, d2 4: median 3
    assert aircraft.mean_years_to_first == pytest.approx(3.0)
    assert aircraft.n_completed == 1  # only d1 has every unit delivered
    assert aircraft.median_years_to_last == 5  # 2015 - 2010
    ships = lead_times.loc[("RUS", "Ships")]
    assert (ships.median_years_to_first, ships.median_years_to_last) == (3, 6)


def test_undelivered_orders(lead_times):
    aircraft = lead_times.loc[("RUS", "Aircraft")]
    assert aircraft.n_undelivered == 2  # d2 (2 of 4) and d3 (nothing delivered)
    assert aircraft.units_owed == 8  # (4 - 2) + 6
    assert aircraft.tiv_undelivered_mn == pytest.approx(80.0)  # (40 - 20) + 60
    assert aircraft.n_estimated == 1  # d3's order year
    fra = lead_times.loc[("FRA", "Ships")]
    assert (fra.n_undelivered, fra.units_owed, fra.tiv_undelivered_mn) == (0, 0, 0.0)


def test_no_register_loaded_gives_no_rows(con):
    assert run_metric(con, "sipri_lead_times", {"recipient": "IND"}).empty
