"""Delay, track record, backlog and overview metrics on the hand-made programmes of delivery_fixture."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdash.metrics import run_metric
from tests.support import delivery_fixture
from tests.support.delivery_fixture import AS_OF


@pytest.fixture
def store(con):
    delivery_fixture.load(con)
    return con


def _delays(con, **params) -> pd.DataFrame:
    frame = run_metric(con, "delivery_delays", {"recipient": "IND", "as_of": AS_OF, **params})
    return frame.set_index("programme_id")


def _value(x):
    return None if pd.isna(x) else x


def test_delay_months_per_programme(store):
    delays = _delays(store)
    got = {pid: _value(row.delay_months) for pid, row in delays.iterrows()}
    assert got == {
        "on-time": 0,        # promised 2020-06, delivered 2020-06-20: same month
        "early": -3,         # promised 2021-05, delivered 2021-02: 3 months early
        "late": 15,          # promised 2019 = Dec 2019, delivered Mar 2021: 12 + 3
        "overdue": 21,       # promised 2024-09, open, as of 2026-06: 3 + 12 + 6
        "not-due": None,     # promised 2027, open, nothing expected yet: not yet due
        "cancelled": None,   # cancelled: no delay
        "partial": 24,       # promised early 2025 = Apr 2025, expected early 2027 = Apr 2027
        "no-promise": None,  # no promised date
        "unreadable": None,  # 'soon' is not a date
        "claims": 15,        # original promise src_old 2022 = Dec 2022 (re-planned to 2023), delivered 2024-03
    }


def test_why_a_programme_has_no_delay(store):
    reasons = _delays(store)["excluded_reason"].dropna().to_dict()
    assert reasons == {
        "not-due": "not yet due",
        "cancelled": "cancelled",
        "no-promise": "no promised date",
        "unreadable": "promised date not readable",
    }


def test_delay_basis_says_what_the_promise_was_compared_with(store):
    basis = _delays(store)["delay_basis"].dropna().to_dict()
    assert basis == {"on-time": "actual", "early": "actual", "late": "actual", "claims": "actual",
                     "overdue": "as_of", "partial": "expected"}


def test_several_claims_show_who_says_what_and_use_the_newest_with_a_promise(store):
    claims = _delays(store).loc["claims"]
    assert claims.source_id == "src_new"  # src_newest is newer but states no promised date
    assert claims.status == "delivered"
    assert claims.n_claims == 3
    assert claims.promised_claims == "2022 (Old Pub) / 2023 (New Pub)"
    assert claims.stated_claims == "2023 (Old Pub) / 2024-03 (New Pub) / 2024-02 (Newest Pub)"
    # the original promise is src_old's 2022 (Dec 2022); src_new's 2023 was still ahead when it was published
    # (2021-06), so it is a new plan, not a reading of the original: no range, 15 months (Dec 2022 -> Mar 2024)
    assert (claims.delay_min_months, claims.delay_max_months) == (15, 15)
    assert claims.promised == "2022" and claims.current_promise == "2023"
    assert claims.slip_months == 15


def test_late_now_are_open_programmes_past_their_promise(store):
    delays = _delays(store)
    assert sorted(delays.index[delays["is_late_now"].fillna(False).astype(bool)]) == ["overdue", "partial"]


def test_filters_narrow_the_programmes(store):
    assert sorted(_delays(store, supplier="FRA").index) == ["early", "no-promise", "not-due"]
    assert sorted(_delays(store, category="aircraft").index) == ["early", "partial"]
    assert sorted(_delays(store, contract_from=2020, contract_to=2021).index) == ["overdue", "partial"]


def test_as_of_moves_open_delays(store):
    # overdue: promised 2024-09; as of 2025-01 it is 4 months late
    delays = _delays(store, as_of="2025-01-31")
    assert delays.loc["overdue", "delay_months"] == 4


def test_supplier_track_record(store):
    record = run_metric(store, "supplier_track_record", {"recipient": "IND", "as_of": AS_OF}).set_index("supplier_code")
    rus, fra = record.loc["RUS"], record.loc["FRA"]
    # RUS: on-time, late, overdue, cancelled, partial, unreadable, claims
    assert rus.n_programmes == 7
    # due = delivered with a promise (on-time, late, claims) + open past the promise (overdue, partial)
    assert rus.n_due == 5
    assert rus.n_on_time == 1  # on-time only; claims is 15 months late
    assert rus.on_time_share_pct == pytest.approx(20.0)  # 1 / 5
    # delays 0, 15 (claims, from its original promise), 15, 21, 24: median 15, mean 75 / 5 = 15
    assert rus.median_delay_months == 15
    assert rus.mean_delay_months == pytest.approx(15.0)
    assert rus.max_delay_months == 24
    assert rus.n_late_now == 2
    assert rus.n_open == 3  # overdue, partial, unreadable
    assert rus.units_owed == 11  # overdue 10 - 4 = 6, partial 5 - 0 = 5; unreadable: delivered not stated
    assert rus.value_undelivered_usd_mn == pytest.approx(110.0)  # 100 * 6/10 + 50 * 5/5
    assert rus.n_value_unknown == 1  # unreadable
    assert rus.n_no_promised_date == 0
    # FRA: early (delivered 3 months early), not-due, no-promise
    assert (fra.n_programmes, fra.n_due, fra.n_on_time) == (3, 1, 1)
    assert fra.on_time_share_pct == pytest.approx(100.0)
    assert fra.median_delay_months == -3
    assert fra.units_owed == 6  # not-due: 8 - 2
    assert fra.value_undelivered_usd_mn == pytest.approx(60.0)  # 80 * 6/8
    assert fra.n_no_promised_date == 1


def test_track_record_category_filter(store):
    record = run_metric(store, "supplier_track_record",
                        {"recipient": "IND", "as_of": AS_OF, "category": "aircraft"}).set_index("supplier_code")
    # aircraft: FRA early (-3), RUS partial (24)
    assert record["n_programmes"].to_dict() == {"RUS": 1, "FRA": 1}
    assert record.loc["RUS", "median_delay_months"] == 24


def test_backlog_lists_open_programmes_by_value_owed(store):
    backlog = run_metric(store, "delivery_backlog", {"recipient": "IND", "as_of": AS_OF})
    # overdue 60 and not-due 60 (80 * 6/8) tie and sort by system name; partial 50; unreadable unknown
    assert backlog["programme_id"].tolist() == ["not-due", "overdue", "partial", "unreadable"]
    assert backlog["units_owed"].tolist()[:3] == [6, 6, 5]
    assert backlog["value_undelivered_usd_mn"].tolist()[:3] == pytest.approx([60.0, 60.0, 50.0])


def test_overview_headline_figures(store):
    row = run_metric(store, "delivery_overview", {"recipient": "IND", "as_of": AS_OF}).iloc[0]
    assert row.n_programmes == 10
    assert row.n_open == 4
    assert row.n_late_now == 2
    # delays -3, 0, 15, 15, 21, 24: median (15 + 15) / 2 = 15
    assert row.median_delay_months == 15
    assert row.n_with_delay == 6
    assert row.n_no_promised_date == 1
    assert row.value_undelivered_usd_mn == pytest.approx(170.0)  # 60 + 60 + 50
    assert (row.top_supplier_code, row.top_supplier_value_usd_mn) == ("RUS", pytest.approx(110.0))


def test_a_recipient_without_records_gets_empty_figures(store):
    assert run_metric(store, "delivery_delays", {"recipient": "PAK", "as_of": AS_OF}).empty
    row = run_metric(store, "delivery_overview", {"recipient": "PAK", "as_of": AS_OF}).iloc[0]
    assert row.n_programmes == 0 and pd.isna(row.top_supplier_code)


def test_filters_at_their_widest_keep_every_programme_so_the_page_reuses_the_unfiltered_rows(store):
    from armsdash.readings import delivery_view
    from tests.conftest import insert_rows

    undated = delivery_fixture._record("undated", "RUS", "delayed", "2024", None, contract_year=None)
    insert_rows(store, "delivery_records", [undated])  # no contract year: every year span keeps it
    everything = run_metric(store, "delivery_delays", {"recipient": "IND", "as_of": AS_OF})
    first, last = delivery_view.contract_years(everything)
    assert (first, last) == (2015, 2022)

    def filtered(span, supplier="all", category="all"):
        return run_metric(store, "delivery_delays", {"recipient": "IND", "as_of": AS_OF, "supplier": supplier,
                                                     "category": category, "contract_from": span[0],
                                                     "contract_to": span[1]})

    for span in ((2015, 2022), (2010, 2030)):
        assert delivery_view.keeps_everything(everything, "all", "all", span)
        pd.testing.assert_frame_equal(filtered(span), everything)
    assert not delivery_view.keeps_everything(everything, "all", "all", (2016, 2022))
    assert len(filtered((2016, 2022))) == len(everything) - 7  # the seven programmes signed in 2015
    assert not delivery_view.keeps_everything(everything, "RUS", "all", (2015, 2022))
    assert not delivery_view.keeps_everything(everything, "all", "ships", (2015, 2022))


def test_a_contract_span_holding_every_programme_asks_for_the_unfiltered_track_record(store):
    """The page fetches the unfiltered track record before its filters are drawn; a span from the first to the last
    contract year (or wider) asks for exactly that result, a narrower one filters."""
    from armsdash.readings import delivery_view

    assert delivery_view.contract_span((2015, 2022), 2015, 2022) == {}
    assert delivery_view.contract_span((2010, 2030), 2015, 2022) == {}
    narrower = delivery_view.contract_span((2016, 2022), 2015, 2022)
    assert narrower == {"contract_from": 2016, "contract_to": 2022}
    params = {"recipient": "IND", "as_of": AS_OF}
    unfiltered = run_metric(store, "supplier_track_record", params)
    pd.testing.assert_frame_equal(run_metric(store, "supplier_track_record", {**params, "contract_from": 2015,
                                                                               "contract_to": 2022}), unfiltered)
    assert not run_metric(store, "supplier_track_record", {**params, **narrower}).equals(unfiltered)


def test_late_programmes_lists_the_longest_delays_first_and_counts_them_all(store):
    # open and past the original promise as of 2026-06: partial (24 months, 50 owed = 50 x 5/5) and overdue
    # (21 months, 60 owed = 100 x 6/10); the rest are delivered, cancelled, not yet due or have no readable promise
    late = run_metric(store, "late_programmes", {"recipient": "IND", "as_of": AS_OF, "top": 0})
    assert late["programme_id"].tolist() == ["partial", "overdue"]
    assert late["delay_months"].tolist() == [24, 21]
    assert late["value_undelivered_usd_mn"].tolist() == pytest.approx([50.0, 60.0])
    assert late["n_late"].tolist() == [2, 2]
    top = run_metric(store, "late_programmes", {"recipient": "IND", "as_of": AS_OF, "top": 1})
    assert top["programme_id"].tolist() == ["partial"] and top["n_late"].tolist() == [2]


def test_the_top_programmes_come_with_their_own_whole_rows(store):
    """The top-n metrics sort a few columns and fetch the whole rows of those shown by programme_row (the row's place
    in delivery_programmes, delivery_programme_rows_at): each shown programme keeps its own figures."""
    rows = store.execute("select programme_row, programme_id from delivery_programme_rows_at(1)").fetchall()
    for row, programme in rows:
        assert store.execute("select programme_id from delivery_programmes where rowid = $row",
                             {"row": row}).fetchone() == (programme,)
    # the two longest delays: partial 24 months, overdue 21; listed by contract year (2020, 2021); ten programmes match
    top = _delays(store, top=2)
    assert top.index.tolist() == ["overdue", "partial"]
    assert top["system"].tolist() == ["System overdue", "System partial"]
    assert top["units_ordered"].tolist() == [10, 5] and top["units_delivered"].tolist() == [4, 0]
    assert top["contract_value_usd_mn"].tolist() == [100.0, 50.0]
    assert top["delay_months"].tolist() == [21, 24] and top["n_matching"].tolist() == [10, 10]
    backlog = run_metric(store, "delivery_backlog", {"recipient": "IND", "as_of": AS_OF, "top": 1})
    # overdue 60 and not-due 60 (80 x 6/8) tie and sort by system name
    assert backlog["programme_id"].tolist() == ["not-due"] and backlog["units_owed"].tolist() == [6]
