"""supplier_shares: computed from SIPRI TIV where loaded, else published; values worked out by hand."""

import pytest

from armsdash import metrics
from tests.conftest import insert_rows


def _tiv(recipient, supplier, year, tiv):
    return dict(recipient_code=recipient, supplier_code=supplier, year=year, tiv_mn=tiv,
                method="delivery_year", release_id="rel")


@pytest.fixture
def store(con):
    insert_rows(con, "countries", [dict(code=c, name=n, kind="state") for c, n in
                                   [("RUS", "Russia"), ("SUN", "Soviet Union"), ("FRA", "France"),
                                    ("USA", "United States"), ("GBR", "United Kingdom")]])
    insert_rows(con, "sources", [dict(source_id="rel", title="SIPRI release", published_date="2025-01"),
                                 dict(source_id="fs", title="Fact sheet", published_date="2024-03")])
    insert_rows(con, "tiv_deliveries", [
        _tiv("IND", "RUS", 2019, 30), _tiv("IND", "RUS", 2020, 20),
        _tiv("IND", "SUN", 2019, 5),
        _tiv("IND", "FRA", 2019, 25), _tiv("IND", "FRA", 2020, 15),
        _tiv("IND", "USA", 2020, 10),
        _tiv("IND", "XUN", 2020, 10),      # unknown supplier(s): in the denominator
        _tiv("IND", "GBR", 2019, 0),       # a supplier with zero
        _tiv("IND", "RUS", 2018, 100),     # outside the range
        _tiv("PAK", "CHN", 2019, 50),      # another recipient
    ])
    insert_rows(con, "published_import_shares", [
        dict(recipient_code="JPN", supplier_code="USA", period_start=2019, period_end=2023, share_pct=97,
             source_id="fs"),
    ])
    return con


def _shares(con, **params):
    frame = metrics.run_metric(con, "supplier_shares", params)
    return {row.supplier: round(row.share_pct, 3) for row in frame.itertuples()}, frame


def test_shares_are_computed_from_tiv_over_the_range(store):
    shares, frame = _shares(store, recipient="IND", **{"from": 2019, "to": 2020})
    # total 2019-20 = RUS 50 + SUN 5 + FRA 40 + USA 10 + XUN 10 + GBR 0 = 115
    assert shares == {"Russia": 43.478, "France": 34.783, "United States": 8.696, "XUN": 8.696,
                      "Soviet Union": 4.348, "United Kingdom": 0.0}
    assert set(frame["basis"]) == {"computed: SIPRI TIV"}
    assert frame.loc[frame.supplier == "Russia", "tiv_mn"].item() == 50
    assert frame["source_title"].iloc[0] == "SIPRI release"


def test_soviet_union_can_be_counted_with_russia(store):
    shares, _ = _shares(store, recipient="IND", combine_russia=1, **{"from": 2019, "to": 2020})
    # (50 + 5) / 115 = 47.826
    assert shares["Russia (incl. Soviet Union)"] == 47.826
    assert "Soviet Union" not in shares


def test_single_supplier_recipient_has_all_of_it(store):
    shares, _ = _shares(store, recipient="PAK", **{"from": 2019, "to": 2019})
    assert shares == {"CHN": 100.0}


def test_published_share_is_used_where_no_tiv_is_loaded(store):
    shares, frame = _shares(store, recipient="JPN", **{"from": 2019, "to": 2023})
    assert shares == {"United States": 97.0}
    assert frame["basis"].tolist() == ["published"] and frame["tiv_mn"].isna().all()


def test_no_data_gives_no_rows(store):
    _, frame = _shares(store, recipient="KOR", **{"from": 2019, "to": 2023})
    assert frame.empty
