"""The sanctions-and-industry metrics on a tiny store (tests/support/industry_fixture.py), values worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdash.metrics import run_metric
from tests.conftest import insert_rows
from tests.support import industry_fixture


@pytest.fixture
def store(con):
    industry_fixture.load(con)
    return con


def _figure(frame, basket_label, authority="any"):
    row = frame[frame["figure"].str.contains(basket_label) & (frame["authority"] == authority)]
    assert len(row) == 1, (basket_label, authority, frame[["figure", "authority", "kind"]])
    return row.iloc[0]


def test_exposure_on_a_day_with_the_maker_listed(store):
    found = run_metric(store, "sanctions_exposure", {"recipient": "IND", "as_of": "2023-06-01"})
    # imports 2019-2023: d1 100 + d2 40 (A-1, A-2: Maker Works, blocked) of d1 + d2 + d3 (60) = 200 -> 70 %
    imports = _figure(found, "imports")
    assert (imports.listed_amount, imports.total_amount, imports.value) == (140.0, 200.0, 70.0)
    assert imports.period == "2019–2023" and imports.is_estimate and imports.source_id == "reg_test"
    # arsenal in 2023 (30-year life): d0 50 + d1 100 + d2 40 listed of 250 -> 76 %
    arsenal = _figure(found, "arsenal")
    assert (arsenal.listed_amount, arsenal.total_amount, arsenal.value) == (190.0, 250.0, 76.0)
    # open programmes: Alpha (maker listed) of Alpha, Beta, Gamma, Alphabet soup -> 25 %
    programmes = _figure(found, "open programmes")
    assert (programmes.listed_amount, programmes.total_amount, programmes.value) == (1.0, 4.0, 25.0)
    # undelivered value: Alpha 120 x 9/12 = 90 of 90 + 50 + 50 + 70 = 260
    value = _figure(found, "undelivered")
    assert (value.listed_amount, value.total_amount) == (90.0, 260.0)
    assert value.value == pytest.approx(100 * 90 / 260)
    # by authority and kind: only the maker's own listing counts (its parents' listings do not)
    assert set(zip(found["authority"], found["kind"])) == {("any", "any list"), ("US", "blocking sanction")}
    assert _figure(found, "imports", "US").value == 70.0


def test_a_listing_dated_by_month_counts_from_the_end_of_the_month(store):
    before = run_metric(store, "sanctions_exposure", {"recipient": "IND", "as_of": "2015-06-15"})
    after = run_metric(store, "sanctions_exposure", {"recipient": "IND", "as_of": "2015-07-15"})
    # in 2015 the last delivery year loaded is 2010: d0 (50) is the whole window 2006-2010
    assert _figure(before, "imports").value == 0.0 and _figure(before, "imports").period == "2006–2010"
    assert _figure(after, "imports").value == 100.0


def test_exposure_rows_behind_the_figures(store):
    rows = run_metric(store, "sanctions_exposure_rows", {"recipient": "IND", "as_of": "2023-06-01"})
    imports = rows[rows["figure"].str.contains("imports")]
    assert sorted(zip(imports["item"], imports["amount"], imports["authority"].fillna("-"))) == [
        ("A-1 (ordered 2009)", 100.0, "US"), ("A-2 (ordered 2009)", 40.0, "US"), ("B-1 (ordered 2009)", 60.0, "-"),
    ]
    alpha = rows[rows["item"] == "Alpha (12 more)"]
    assert set(alpha["maker"]) == {"Maker Works"} and set(alpha["listing_source_id"]) == {"src_des"}
    assert rows.loc[rows["item"] == "Alphabet soup", "maker"].isna().all()


def test_systems_with_maker_licence_producer_local_share_and_listings(store):
    found = run_metric(store, "industry_systems", {"recipient": "IND", "as_of": "2023-06-01"}).set_index("system")
    alpha = found.loc["Alpha"]
    # d0 5 (none local) + d1 10 (all local); A-2: d2 4 (1 local) -> 11 of 19
    assert (alpha.units_delivered, alpha.local_units) == (19, 11)
    assert alpha.local_share_pct == pytest.approx(100 * 11 / 19)
    assert (alpha.maker, alpha.licence_producer, alpha.origin) == ("Maker Works", "Local Licensee", "Russia")
    assert alpha.maker_listings == "US EO X (blocking sanction, from 2015-06)" and alpha.n_maker_listings == 1
    assert alpha.source_id == "src_sys" and alpha.count_source_ids == "src_count"
    assert (alpha.in_service_counts, alpha.n_counts) == ("10 (2020, src_count)", 1)
    beta = found.loc["Beta"]
    assert (beta.units_delivered, beta.local_units, beta.local_share_pct, beta.n_maker_listings) == (6, 0, 0.0, 0)
    assert pd.isna(beta.in_service_counts) and pd.isna(beta.maker_listings) and beta.n_counts == 0
    assert run_metric(store, "industry_systems", {"recipient": "PAK"}).empty


def test_a_system_with_counts_from_two_sources_and_two_makers_is_one_row(store):
    """The systems table has a row per count (Mi-17V5: 148 by one source, 139 by another): each system is shown
    once, with every count and its source, every maker named and each maker's listings under its own name."""
    insert_rows(store, "systems", [
        {"recipient_code": "IND", "system": "Alpha", "sipri_designations": "A-1;A-2", "category": "fighter",
         "maker_entity_id": "mk", "licence_producer_entity_id": "loc", "in_service_count": 12, "count_year": 2022,
         "source_id": "src_sys", "maker_source_id": "src_sys", "count_source_id": "src_count2"},
        {"recipient_code": "IND", "system": "Beta", "sipri_designations": "B-1", "category": "fighter",
         "maker_entity_id": "mk", "in_service_count": 3, "count_year": 2021, "source_id": "src_sys",
         "count_source_id": "src_count"},
    ])
    found = run_metric(store, "industry_systems", {"recipient": "IND", "as_of": "2023-06-01"})
    assert list(found["system"]) == ["Alpha", "Beta"]
    alpha, beta = found.iloc[0], found.iloc[1]
    # Alpha: two counts, newest first; its deals counted once (d0 5 + d1 10 + d2 4 = 19, 11 local)
    assert (alpha.in_service_counts, alpha.n_counts) == ("12 (2022, src_count2); 10 (2020, src_count)", 2)
    assert alpha.count_source_ids == "src_count, src_count2"
    assert (alpha.units_delivered, alpha.local_units, alpha.n_deals) == (19, 11, 3)
    assert (alpha.maker, alpha.maker_listings, alpha.n_maker_listings) == (
        "Maker Works", "US EO X (blocking sanction, from 2015-06)", 1)
    # Beta: made by Other Maker (never listed) by one row and by Maker Works by another: both named, the listing
    # only under the maker it belongs to; its one deal (B-1, 6 units) counted once
    assert beta.maker == "Maker Works; Other Maker" and beta.origin == "Russia"
    assert beta.maker_listings == "Maker Works: US EO X (blocking sanction, from 2015-06)"
    assert (beta.n_maker_listings, beta.units_delivered, beta.n_deals) == (1, 6, 1)
    assert (beta.in_service_counts, beta.count_source_ids) == ("3 (2021, src_count)", "src_count")


def test_maker_parents_and_their_listings_on_a_day(store):
    on_day = run_metric(store, "maker_parents", {"recipient": "IND", "as_of": "2023-06-01"})
    alpha = on_day[on_day["system"] == "Alpha"]
    assert list(zip(alpha["level"], alpha["entity"], alpha["n_listings"])) == [
        (0, "Maker Works", 1), (1, "Parent Corp", 1), (2, "Top Holding", 1)]
    later = run_metric(store, "maker_parents", {"recipient": "IND", "as_of": "2024-06-01"})
    assert later.loc[later["entity_id"] == "top", "n_listings"].item() == 0  # delisted on 1 Jan 2024
    assert list(on_day.loc[on_day["system"] == "Beta", "relation"]) == ["maker"]


def test_timeline_of_listings_and_events(store):
    found = run_metric(store, "sanctions_timeline", {"recipient": "IND"})
    assert list(found["date_text"]) == ["2015-06", "2016-03", "2017-10-27", "2019-05-01", "2022-02-24"]
    assert list(found["day_is_exact"]) == [False, False, True, True, True]
    assert str(found["event_day"].iloc[0].date()) == "2015-06-01"
    assert "A Pakistani event" not in set(found["label"])
    assert found.loc[0, "label"] == "Maker Works listed: US EO X" and found.loc[0, "source_title"] == "Title src_des"


def test_licence_share_by_origin_and_period(store):
    found = run_metric(store, "licence_share_by_origin", {"recipient": "IND"}).set_index("period")
    assert found.loc["2009–13", "local_units_pct"] == 0.0
    recent = found.loc["2019–23"]
    # d1 10 (local 10), d2 4 (local 1), d3 6: 11 of 20 units; TIV 100 + 40 x 1/4 = 110 of 200
    assert (recent.units, recent.local_units, recent.local_tiv_mn, recent.tiv_mn) == (20, 11, 110, 200)
    assert (recent.local_units_pct, recent.local_tiv_pct, recent.n_deals_local) == (55.0, 55.0, 2)


def test_sources_and_licence_figures(store):
    cited = set(run_metric(store, "industry_sources", {"recipient": "IND"})["source_id"])
    assert cited == {"src_ent", "src_des", "src_sys", "src_count", "src_event", "src_lic", "reg_test"}
    figures = run_metric(store, "licence_figures", {})
    assert list(zip(figures["producer"], figures["value"])) == [("Local Licensee", 11.0)]


@pytest.mark.parametrize(("comment", "delivered", "is_local", "local"), [
    ("Produced under licence in India", 10, True, 10),
    ("produced under Russian licence after break-up of Soviet Union", 10, True, 10),
    ("$1.6 b deal; assembled in India from kits; Su-30MKI version", 42, True, 42),
    ("INR49 b ($1.2 b) deal; incl 223 assembled in India", 347, True, 223),
    ("$600-700 m deal (incl 55% advance payment); 186 assembled from kits in India", 310, True, 186),
    ("Incl some 198 produced under licence in India; MiG-21FL version", 256, True, 198),
    ("For 6 NGMV corvettes produced in India; produced under licence in India", 12, True, 12),
    ("Most produced under licence in India as Sarath", 700, True, None),
    ("Incl assembly from kits", 400, True, None),
    ("Produced under licence in India (with up to 80% of components produced in India)", 185, True, 185),
    ("Planned licensed production cancelled and SA-316B ordered instead from France", 33, False, 0),
    ("Produced under licence in Germany", 5, False, 0),
    ("", 5, False, 0),
])
def test_licence_production_read_from_comments(con, comment, delivered, is_local, local):
    industry_fixture.load(con)
    con.execute("update sipri_deals set comments = $c, units_delivered = $n where deal_id = 'd0'",
                {"c": comment, "n": delivered})
    row = con.execute("select is_local, local_units from sipri_deal_licence_for(['IND'], 1) where deal_id = 'd0'"
                      ).fetchone()
    assert row == (is_local, local)


def test_recipient_events_for_annotations(store):
    found = run_metric(store, "recipient_events", {"recipient": "IND"})
    assert list(zip(found["date_text"], found["label"])) == [("2016-03", "A global event"),
                                                             ("2019-05-01", "An Indian contract")]
    assert list(found["day_is_exact"]) == [False, True] and set(found["source_title"]) == {"Title src_event"}
    pakistan = run_metric(store, "recipient_events", {"recipient": "PAK"})
    assert set(pakistan["label"]) == {"A global event", "A Pakistani event"}


def test_licence_deals_one_row_per_deal_that_speaks_of_local_production(store):
    found = run_metric(store, "licence_deals", {"recipient": "IND"})
    assert list(zip(found["designation"], found["is_local"], found["local_units"], found["local_tiv_mn"])) == [
        ("A-1", True, 10, 100.0), ("A-2", True, 1, 10.0)]
