"""The supplier-dependency metrics against tiny hand-made stores; every expected value is worked out by hand."""

from __future__ import annotations

import math

import pytest

from armsdash import metrics
from tests.conftest import insert_rows

NAMES = [
    ("IND", "India"),
    ("PAK", "Pakistan"),
    ("RUS", "Russia"),
    ("SUN", "Soviet Union"),
    ("FRA", "France"),
    ("USA", "United States"),
    ("CHN", "China"),
    ("ISR", "Israel"),
]

# recipient, supplier, year, TIV (delivery-year method unless noted)
TIV = [
    ("IND", "RUS", 2008, 500),  # outside the ranges asked below
    ("IND", "RUS", 2009, 60),
    ("IND", "FRA", 2009, 40),
    ("IND", "RUS", 2010, 30),
    ("IND", "SUN", 2010, 20),
    ("IND", "USA", 2010, 50),
    # 2011-2013: no deliveries at all
    ("IND", "FRA", 2014, 10),
    ("IND", "USA", 2014, 10),  # a tie; Russia delivers nothing in 2014-18
    ("PAK", "CHN", 2009, 100),
    ("PAK", "CHN", 2010, 50),  # a single-supplier recipient
]
# The register's even split for a year the delivery-year export covers: tiv_yearly_at must ignore it.
EVEN_SPLIT = [("IND", "FRA", 2009, 999)]


@pytest.fixture
def store(con):
    """The store with the TIV rows above, country names and one SIPRI release."""
    insert_rows(con, "countries", [{"code": c, "name": n, "kind": "state"} for c, n in NAMES])
    rows = [
        dict(recipient_code=r, supplier_code=s, year=y, tiv_mn=t, method="delivery_year", release_id="rel_a")
        for r, s, y, t in TIV
    ]
    rows += [
        dict(recipient_code=r, supplier_code=s, year=y, tiv_mn=t, method="register_even_split", release_id="rel_b")
        for r, s, y, t in EVEN_SPLIT
    ]
    insert_rows(con, "tiv_deliveries", rows)
    insert_rows(
        con,
        "sipri_releases",
        [
            {
                "release_id": "rel_a",
                "layout": "delivery_year",
                "data_generated": "2025-01-03 21:16:02",
                "file_name": "a.csv",
            }
        ],
    )
    return con


def shares(con, name, **params):
    """Run a share metric and return {(period or year, supplier): share_pct}."""
    frame = metrics.run_metric(con, name, params)
    key = "period" if "period" in frame.columns else "year"
    return {(row[key], row["supplier"]): row["share_pct"] for _, row in frame.iterrows()}


def test_shares_by_period_all_suppliers(store):
    got = shares(
        store, "supplier_shares_by_period", recipient="IND", **{"from": 2009, "to": 2018}, top=0, combine_russia=0
    )
    # 2009-13: Russia 60+30=90, Soviet Union 20, France 40, USA 50; total 200 (the 999 even split is ignored)
    # 2014-18: France 10, USA 10; total 20; Russia and the Soviet Union delivered nothing -> 0
    assert got == pytest.approx(
        {
            ("2009–13", "Russia"): 45.0,
            ("2009–13", "United States"): 25.0,
            ("2009–13", "France"): 20.0,
            ("2009–13", "Soviet Union"): 10.0,
            ("2014–18", "Russia"): 0.0,
            ("2014–18", "United States"): 50.0,
            ("2014–18", "France"): 50.0,
            ("2014–18", "Soviet Union"): 0.0,
        }
    )


def test_shares_by_period_top_two_groups_the_rest_as_other(store):
    frame = metrics.run_metric(
        store,
        "supplier_shares_by_period",
        {"recipient": "IND", "from": 2009, "to": 2018, "top": 2, "combine_russia": 0},
    )
    got = {(r.period, r.supplier): (r.tiv_mn, r.share_pct) for r in frame.itertuples()}
    # ranked over 2009-18: Russia 90, USA 60, France 50, Soviet Union 20 -> Other = France + Soviet Union
    assert got == {
        ("2009–13", "Russia"): (90, 45.0),
        ("2009–13", "United States"): (50, 25.0),
        ("2009–13", "Other"): (60, 30.0),
        ("2014–18", "Russia"): (0, 0.0),
        ("2014–18", "United States"): (10, 50.0),
        ("2014–18", "Other"): (10, 50.0),
    }
    # 2014-18 is cut to 2014-2018 by the range: all five years; 2009-13 complete too
    assert set(frame["is_partial"]) == {False}


def test_shares_by_period_combining_russia_and_the_soviet_union(store):
    got = shares(
        store, "supplier_shares_by_period", recipient="IND", **{"from": 2009, "to": 2013}, top=0, combine_russia=1
    )
    # Russia 90 + Soviet Union 20 = 110 of 200
    assert got == pytest.approx(
        {
            ("2009–13", "Russia (incl. Soviet Union)"): 55.0,
            ("2009–13", "United States"): 25.0,
            ("2009–13", "France"): 20.0,
        }
    )


def test_partial_period_is_flagged(store):
    frame = metrics.run_metric(
        store,
        "supplier_shares_by_period",
        {"recipient": "IND", "from": 2010, "to": 2014, "top": 0, "combine_russia": 0},
    )
    flags = frame.drop_duplicates("period").set_index("period")[["years_in_range", "is_partial"]]
    # 2010-2013 of 2009-13 (4 years) and 2014 of 2014-18 (1 year)
    assert flags.to_dict("index") == {
        "2009–13": {"years_in_range": 4, "is_partial": True},
        "2014–18": {"years_in_range": 1, "is_partial": True},
    }


def test_tied_suppliers_rank_by_name(store):
    frame = metrics.run_metric(
        store,
        "supplier_shares_by_period",
        {"recipient": "IND", "from": 2014, "to": 2018, "top": 1, "combine_russia": 0},
    )
    # France 10 and USA 10 tie; France comes first by name, the USA goes into Other
    assert list(zip(frame["supplier"], frame["share_pct"])) == [("France", 50.0), ("Other", 50.0)]


def test_shares_by_year_skip_years_without_data_and_fill_zeros(store):
    got = shares(
        store, "supplier_shares_by_year", recipient="IND", **{"from": 2009, "to": 2014}, top=0, combine_russia=0
    )
    # 2011-2013 have no deliveries: no rows. 2010: Russia 30, Soviet Union 20, USA 50 of 100; France 0
    assert {year for year, _ in got} == {2009, 2010, 2014}
    assert got[(2010, "Russia")] == 30.0 and got[(2010, "Soviet Union")] == 20.0
    assert got[(2010, "United States")] == 50.0 and got[(2010, "France")] == 0.0
    assert got[(2009, "Russia")] == 60.0 and got[(2009, "France")] == 40.0


def test_single_supplier_recipient(store):
    got = shares(
        store, "supplier_shares_by_year", recipient="PAK", **{"from": 2009, "to": 2010}, top=5, combine_russia=0
    )
    assert got == {(2009, "China"): 100.0, (2010, "China"): 100.0}


def concentration(con, **params):
    frame = metrics.run_metric(con, "concentration", params)
    return frame.set_index("year")


def test_hhi_and_top_share_by_year(store):
    frame = concentration(store, recipient="IND", **{"from": 2009, "to": 2011}, window=1, combine_russia=0)
    # 2009: 60^2 + 40^2 = 3600 + 1600 = 5200, top Russia 60
    assert frame.loc[2009, "hhi"] == pytest.approx(5200)
    assert (frame.loc[2009, "top_supplier"], frame.loc[2009, "top_share_pct"]) == ("Russia", 60)
    # 2010: 30^2 + 20^2 + 50^2 = 900 + 400 + 2500 = 3800, top USA 50
    assert frame.loc[2010, "hhi"] == pytest.approx(3800)
    assert frame.loc[2010, "top_supplier"] == "United States" and frame.loc[2010, "n_suppliers"] == 3
    # 2011: no deliveries -> a row with nothing to measure
    assert frame.loc[2011, "total_tiv_mn"] == 0 and math.isnan(frame.loc[2011, "hhi"])


def test_hhi_combined_russia_names_both_tied_top_suppliers(store):
    frame = concentration(store, recipient="IND", **{"from": 2010, "to": 2010}, window=1, combine_russia=1)
    # Russia 30 + Soviet Union 20 = 50, USA 50: 2500 + 2500 = 5000
    assert frame.loc[2010, "hhi"] == pytest.approx(5000)
    assert frame.loc[2010, "top_supplier"] == "Russia (incl. Soviet Union) / United States"


def test_rolling_five_year_window(store):
    frame = concentration(store, recipient="IND", **{"from": 2013, "to": 2013}, window=5, combine_russia=0)
    # 2009-2013: Russia 90, USA 50, France 40, Soviet Union 20 of 200 -> 45, 25, 20, 10 %
    # HHI = 2025 + 625 + 400 + 100 = 3150
    assert (frame.loc[2013, "window_start"], frame.loc[2013, "window_end"]) == (2009, 2013)
    assert frame.loc[2013, "hhi"] == pytest.approx(3150)
    assert frame.loc[2013, "top_share_pct"] == pytest.approx(45)


def test_single_supplier_is_fully_concentrated(store):
    frame = concentration(store, recipient="PAK", **{"from": 2009, "to": 2009}, window=1, combine_russia=0)
    assert frame.loc[2009, "hhi"] == pytest.approx(10000) and frame.loc[2009, "top_share_pct"] == 100


def test_concentration_compare_splits_the_recipient_list(store):
    frame = metrics.run_metric(
        store,
        "concentration_compare",
        {"recipients": "ind, PAK,", "from": 2009, "to": 2009, "window": 1, "combine_russia": 0},
    )
    got = dict(zip(frame["recipient"], frame["hhi"]))
    assert got == {"India": pytest.approx(5200), "Pakistan": pytest.approx(10000)}


def test_published_vs_computed(store):
    insert_rows(store, "sources", [{"source_id": "fs", "title": "Fact sheet", "published_date": "2024-03"}])
    insert_rows(
        store,
        "published_import_shares",
        [
            dict(
                recipient_code="IND",
                supplier_code="RUS",
                period_start=2009,
                period_end=2013,
                share_pct=50,
                source_id="fs",
            ),
            dict(
                recipient_code="IND",
                supplier_code="USA",
                period_start=2014,
                period_end=2018,
                share_pct=40,
                source_id="fs",
            ),
            dict(
                recipient_code="IND",
                supplier_code="FRA",
                period_start=2019,
                period_end=2023,
                share_pct=30,
                source_id="fs",
            ),
        ],
    )
    frame = metrics.run_metric(store, "published_vs_computed", {"recipient": "IND"}).set_index("period")
    # Russia 2009-13 counts the Soviet Union: (90 + 20) / 200 = 55 %, 5 points above the published 50
    assert frame.loc["2009–13", "computed_share_pct"] == pytest.approx(55)
    assert frame.loc["2009–13", "difference_pts"] == pytest.approx(5)
    assert frame.loc["2009–13", "years_with_data"] == 2
    # USA 2014-18: 10 / 20 = 50 %, 10 above 40
    assert frame.loc["2014–18", "difference_pts"] == pytest.approx(10)
    # France 2019-23: no TIV loaded -> nothing computed
    assert math.isnan(frame.loc["2019–23", "computed_share_pct"]) and frame.loc["2019–23", "years_with_data"] == 0
    assert frame.loc["2009–13", "release_ids"] == "rel_a"


def test_tiv_releases_names_the_release_and_its_years(store):
    frame = metrics.run_metric(store, "tiv_releases", {"recipient": "IND"})
    assert list(frame["release_id"]) == ["rel_a"]
    assert (frame.loc[0, "first_year"], frame.loc[0, "last_year"]) == (2008, 2014)
    assert str(frame.loc[0, "data_generated"]).startswith("2025-01-03")


LIFE = [
    dict(
        category="aircraft",
        sipri_category="Aircraft",
        description_pattern="aircraft",
        priority=10,
        service_life_years=35,
    ),
    dict(
        category="ships",
        sipri_category="Ships",
        description_pattern="ship|submarine",
        priority=20,
        service_life_years=30,
    ),
    dict(
        category="armour",
        sipri_category="Armoured vehicles",
        description_pattern="tank",
        priority=30,
        service_life_years=40,
    ),
    dict(category="other", sipri_category="Other", description_pattern="", priority=999, service_life_years=25),
]


def deal(deal_id, supplier, description, units, tiv, years, category=None, first=None, last=None):
    listed = [int(y) for y in years.split(";")] if years else []
    first = first if first is not None else min(listed, default=None)
    last = last if last is not None else max(listed, default=None)
    return dict(
        deal_id=deal_id,
        recipient_code="IND",
        supplier_code=supplier,
        description=description,
        category=category,
        units_delivered=units,
        tiv_delivered=tiv,
        delivery_years=years,
        first_delivery_year=first,
        last_delivery_year=last,
        release_id="rel_b",
    )


@pytest.fixture
def arsenal(store):
    """Six deals of a trade register whose fate by 2020 is worked out in the tests."""
    insert_rows(store, "service_life", LIFE)
    insert_rows(
        store,
        "sipri_releases",
        [
            {
                "release_id": "rel_b",
                "layout": "trade_register",
                "data_generated": "2026-05-18 14:29:20",
                "file_name": "b.csv",
            }
        ],
    )
    insert_rows(
        store,
        "sipri_deals",
        [
            deal("1", "RUS", "fighter aircraft", 10, 100, "1980; 1990"),  # 5 units/50 TIV a year; 1980+35=2015 retired
            deal("2", "SUN", "tank", 20, 40, "1985"),  # 1985+40=2025 > 2020: in service
            deal("3", "FRA", "submarine", 2, 60, "2017; 2019"),  # in service
            deal("4", "USA", "helicopter", 4, 40, "2021", category="Aircraft"),  # delivered after 2020
            deal("5", "USA", "radar", 1, 10, "2000"),  # no pattern: other, 2000+25=2025
            deal("6", "ISR", "transport aircraft", 2, 20, None, first=2018, last=2019),  # years from first..last
        ],
    )
    return store


def test_arsenal_from_deliveries_totals_by_origin(arsenal):
    frame = metrics.run_metric(
        arsenal, "arsenal_from_deliveries", {"recipient": "IND", "as_of": 2020, "combine_russia": 1}
    )
    total = frame[frame["category"] == "all categories"].set_index("origin")
    # in service in 2020: Russia 5 units/50 TIV (1990 half) + Soviet Union 20/40 = 25 units, 90 TIV;
    # France 2/60; USA 1/10 (radar); Israel 2/20. Totals: 30 units, 180 TIV.
    assert total.loc["Russia (incl. Soviet Union)", "units"] == pytest.approx(25)
    assert total.loc["Russia (incl. Soviet Union)", "units_share_pct"] == pytest.approx(100 * 25 / 30)
    assert total.loc["Russia (incl. Soviet Union)", "tiv_share_pct"] == pytest.approx(50)
    assert total.loc["France", "tiv_share_pct"] == pytest.approx(100 * 60 / 180)
    assert total.loc["United States", "tiv_mn"] == pytest.approx(10)
    assert set(frame["is_estimate"]) == {True}


def test_arsenal_from_deliveries_by_category(arsenal):
    frame = metrics.run_metric(
        arsenal, "arsenal_from_deliveries", {"recipient": "IND", "as_of": 2020, "combine_russia": 0}
    )
    aircraft = frame[frame["category"] == "aircraft"].set_index("origin")
    # aircraft in 2020: Russia 5 units/50 TIV, Israel 2 units/20 TIV (one a year in 2018 and 2019)
    assert set(aircraft.index) == {"Russia", "Israel"}
    assert aircraft.loc["Russia", "tiv_share_pct"] == pytest.approx(100 * 50 / 70)
    assert aircraft.loc["Israel", "units"] == pytest.approx(2)
    assert aircraft.loc["Russia", "service_life_years"] == 35
    by_category = dict(zip(frame["category"] + ":" + frame["origin"], frame["units"]))
    assert by_category["armour:Soviet Union"] == 20 and by_category["other:United States"] == 1


def test_arsenal_counts_later_deliveries_and_retires_old_ones(arsenal):
    frame = metrics.run_metric(
        arsenal, "arsenal_from_deliveries", {"recipient": "IND", "as_of": 2026, "combine_russia": 0}
    )
    total = frame[frame["category"] == "all categories"].set_index("origin")
    # 2026: the 1990 aircraft retire in 1990+35=2025, the 1985 tanks in 2025, the 2000 radar in 2025;
    # the helicopters delivered in 2021 (SIPRI category Aircraft, 35 years) now count.
    assert "Russia" not in total.index and "Soviet Union" not in total.index
    assert total.loc["United States", "units"] == pytest.approx(4)
    assert total.loc["France", "units"] == pytest.approx(2) and total.loc["Israel", "units"] == pytest.approx(2)


def test_deal_releases(arsenal):
    frame = metrics.run_metric(arsenal, "deal_releases", {"recipient": "IND"})
    # six deals; earliest listed delivery 1980 (deal 1), latest 2021 (deal 4)
    assert frame[["release_id", "layout", "n_deals", "first_year", "last_year"]].to_dict("records") == [
        {"release_id": "rel_b", "layout": "trade_register", "n_deals": 6, "first_year": 1980, "last_year": 2021}
    ]


def test_arsenal_reads_the_register_not_a_second_copy_of_its_deals(arsenal):
    insert_rows(
        arsenal,
        "sipri_releases",
        [{"release_id": "rel_dy", "layout": "delivery_year", "data_generated": "2027-01-01 00:00:00"}],
    )
    # the newer delivery-year export repeats deal 3 (French submarines) and adds nothing else
    copy = deal("3", "FRA", "submarine", 2, 60, "2017; 2019")
    insert_rows(arsenal, "sipri_deals", [{**copy, "release_id": "rel_dy", "category": "Ships"}])
    frame = metrics.run_metric(
        arsenal, "arsenal_from_deliveries", {"recipient": "IND", "as_of": 2020, "combine_russia": 1}
    )
    total = frame[frame["category"] == "all categories"].set_index("origin")
    # still 2 submarines and 60 TIV, not twice that
    assert total.loc["France", "units"] == pytest.approx(2) and total.loc["France", "tiv_mn"] == pytest.approx(60)
    assert list(metrics.run_metric(arsenal, "deal_releases", {"recipient": "IND"})["release_id"]) == ["rel_b"]


def test_arsenal_counts_every_one_of_several_alike_deals(arsenal):
    # deals with the same supplier, description and delivery years are computed as one group: each still counts
    insert_rows(
        arsenal,
        "sipri_deals",
        [
            deal("7", "FRA", "submarine", 3, 30, "2017; 2019"),  # alike deal 3: 2 + 3 = 5 units, 60 + 30 = 90 TIV
            deal("8", "FRA", "submarine", None, None, "2017; 2019"),  # alike, nothing stated delivered: 0 units, 0 TIV
        ],
    )
    frame = metrics.run_metric(
        arsenal, "arsenal_from_deliveries", {"recipient": "IND", "as_of": 2020, "combine_russia": 0}
    )
    ships = frame[frame["category"] == "ships"].set_index("origin")
    assert ships.loc["France", "n_deals"] == 3
    assert ships.loc["France", "units"] == pytest.approx(5) and ships.loc["France", "tiv_mn"] == pytest.approx(90)
    total = frame[frame["category"] == "all categories"].set_index("origin")
    # all categories, France: the three submarine deals only
    assert total.loc["France", "n_deals"] == 3
