"""Which release wins where two cover the same years: SIPRI's yearly split (default) or the newest; worked by hand.

An older delivery-year export (3 Jan 2025) covers India 2019-2020; a newer trade register (18 May 2026) covers
India 2018-2021 (it lists nothing in 2020, so in it India imported nothing that year).
"""

import math

import pandas as pd
import pytest

from armsdash import metrics
from tests.conftest import insert_rows

DY, REG = "sipri_delivery_year_2025-01-03T211602", "sipri_trade_register_2026-05-18T142920"
TIV = [
    (DY, "delivery_year", "RUS", 2019, 30), (DY, "delivery_year", "FRA", 2019, 10),
    (DY, "delivery_year", "RUS", 2020, 20), (DY, "delivery_year", "FRA", 2020, 20),
    (REG, "register_even_split", "RUS", 2018, 60),
    (REG, "register_even_split", "RUS", 2019, 10), (REG, "register_even_split", "FRA", 2019, 30),
    (REG, "register_even_split", "USA", 2021, 40),
]


def _store(con, dy_generated="2025-01-03 21:16:02"):
    insert_rows(con, "countries", [dict(code=c, name=n, kind="state") for c, n in
                                   [("RUS", "Russia"), ("FRA", "France"), ("USA", "United States")]])
    insert_rows(con, "tiv_deliveries", [dict(recipient_code="IND", supplier_code=s, year=y, tiv_mn=t, method=m,
                                             release_id=r) for r, m, s, y, t in TIV])
    insert_rows(con, "sipri_releases", [
        dict(release_id=DY, layout="delivery_year", data_generated=dy_generated, all_suppliers=True),
        dict(release_id=REG, layout="trade_register", data_generated="2026-05-18 14:29:20", all_suppliers=True),
    ])
    return con


@pytest.fixture
def store(con):
    return _store(con)


def _shares(con, prefer=None, **years):
    params = {"recipient": "IND", "from": years.get("first", 2019), "to": years.get("last", 2020)}
    if prefer:
        params["prefer"] = prefer
    frame = metrics.run_metric(con, "supplier_shares", params)
    return {row.supplier_code: round(row.share_pct, 3) for row in frame.itertuples()}


def test_sipris_yearly_split_wins_by_default(store):
    # 2019-20 from the delivery-year export: RUS 30 + 20 = 50, FRA 10 + 20 = 30, of 80
    assert _shares(store) == _shares(store, "split") == {"RUS": 62.5, "FRA": 37.5}
    # years it does not cover come from the register: 2018 RUS 60, 2021 USA 40, of 180 over 2018-21
    assert _shares(store, first=2018, last=2021) == {"RUS": round(100 * 110 / 180, 3),
                                                     "FRA": round(100 * 30 / 180, 3), "USA": round(100 * 40 / 180, 3)}


def test_newest_release_wins_every_year_it_covers(store):
    # 2019 from the register (RUS 10, FRA 30); 2020 covered by the register with nothing: the export's 2020 is not used
    assert _shares(store, "newest") == {"FRA": 75.0, "RUS": 25.0}
    years = metrics.run_metric(store, "supplier_shares_by_year", {"recipient": "IND", "from": 2018, "to": 2021,
                                                                  "top": 0, "combine_russia": 0, "prefer": "newest"})
    assert sorted(set(years["year"])) == [2018, 2019, 2021]


def test_a_newer_delivery_year_export_wins_the_years_it_covers(con):
    store = _store(con, dy_generated="2027-01-10 09:00:00")
    assert _shares(store, "newest", first=2018, last=2021) == _shares(store, "split", first=2018, last=2021)


def test_a_newer_release_limited_to_some_suppliers_replaces_only_theirs(store):
    rel = "sipri_delivery_year_2027-01-10T090000"
    insert_rows(store, "tiv_deliveries", [dict(recipient_code="IND", supplier_code="FRA", year=2019, tiv_mn=70,
                                               method="delivery_year", release_id=rel)])
    insert_rows(store, "sipri_releases", [dict(release_id=rel, layout="delivery_year", all_suppliers=False,
                                               data_generated="2027-01-10 09:00:00")])
    # 2019: RUS 10 from the register, FRA 70 from the newer export limited to France
    assert _shares(store, "newest", first=2019, last=2019) == {"FRA": 87.5, "RUS": 12.5}


def test_concentration_follows_the_choice(store):
    def hhi_2020(prefer):
        frame = metrics.run_metric(store, "concentration", {"recipient": "IND", "from": 2020, "to": 2020, "window": 1,
                                                            "combine_russia": 0, "prefer": prefer})
        return frame["hhi"].iloc[0]
    assert hhi_2020("split") == pytest.approx(50 ** 2 + 50 ** 2)
    assert math.isnan(hhi_2020("newest"))


def test_an_unknown_preference_is_refused():
    with pytest.raises(metrics.MetricError, match="must be one of split, newest"):
        metrics.bind_params(metrics.get_metric("supplier_shares"), {"recipient": "IND", "from": 2019, "to": 2020,
                                                                    "prefer": "oldest"}, 1)


def test_year_sources_name_the_release_used_and_the_newer_one(store):
    def sources(prefer):
        frame = metrics.run_metric(store, "tiv_year_sources", {"recipient": "IND", "from": 2018, "to": 2021,
                                                               "prefer": prefer})
        return [(r.year, r.release_id, None if pd.isna(r.newer_release_id) else r.newer_release_id)
                for r in frame.itertuples()]
    assert sources("split") == [(2018, REG, None), (2019, DY, REG), (2020, DY, REG), (2021, REG, None)]
    assert sources("newest") == [(2018, REG, None), (2019, REG, None), (2021, REG, None)]


def test_published_vs_computed_uses_the_release_matching_the_figure(store):
    insert_rows(store, "sources", [dict(source_id="fs24", title="Fact sheet 2024", published_date="2024-03"),
                                   dict(source_id="fs26", title="Fact sheet 2026", published_date="2026-06")])
    insert_rows(store, "published_import_shares", [
        dict(recipient_code="IND", supplier_code="RUS", period_start=2019, period_end=2020, share_pct=60,
             source_id="fs24"),
        dict(recipient_code="IND", supplier_code="RUS", period_start=2019, period_end=2020, share_pct=30,
             source_id="fs26"),
    ])
    frame = metrics.run_metric(store, "published_vs_computed", {"recipient": "IND"}).set_index("source_id")
    # published March 2024: the first release after it is the delivery-year export (Jan 2025): RUS 50 / 80
    assert frame.loc["fs24", "computed_share_pct"] == pytest.approx(62.5)
    assert frame.loc["fs24", "release_ids"] == DY and frame.loc["fs24", "years_with_data"] == 2
    # published June 2026: no release after it; the newest before is the register: RUS 10 / 40, 2019 only
    assert frame.loc["fs26", "computed_share_pct"] == pytest.approx(25)
    assert frame.loc["fs26", "release_ids"] == REG and frame.loc["fs26", "years_with_data"] == 1


def test_tiv_releases_give_the_runs_of_years_each_release_supplies(store):
    # split: the export gives 2019-2020; the register only the years the export does not cover, 2018 and 2021
    split = metrics.run_metric(store, "tiv_releases", {"recipient": "IND"}).set_index("release_id")
    assert split.loc[DY, "year_runs"] == "2019–2020"
    assert split.loc[REG, "year_runs"] == "2018, 2021"
    assert (split.loc[REG, "first_year"], split.loc[REG, "last_year"]) == (2018, 2021)
    # newest: the register gives every year it lists (2018, 2019, 2021; it lists nothing in 2020)
    newest = metrics.run_metric(store, "tiv_releases", {"recipient": "IND", "prefer": "newest"}).set_index("release_id")
    assert list(newest.index) == [REG]
    assert newest.loc[REG, "year_runs"] == "2018–2019, 2021"
