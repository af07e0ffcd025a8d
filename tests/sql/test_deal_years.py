"""sipri_deal_years, the deals' delivery years the arsenal estimate reads: exact, and current after every write."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from armsdash import metrics
from armsdash.ingest import commit
from armsdash.ingest.sipri_load import load_export
from armsdash.store import deal_years
from tests.conftest import deal_years_mismatches, insert_rows
from tests.sql.test_dependency_metrics import LIFE, deal
from tests.support import sipri_samples as samples


def _arsenal(con, as_of: int, v: int | None = None, recipient: str = "IND"):
    params = {"recipient": recipient, "as_of": as_of, "combine_russia": 0}
    if v is not None:
        params["v"] = v
    frame = metrics.run_metric(con, "arsenal_from_deliveries", params)
    return frame[frame["category"] == "all categories"].set_index("origin_code")


@pytest.fixture
def register(con):
    insert_rows(con, "service_life", LIFE)
    insert_rows(
        con,
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
    return con


def test_a_deal_with_years_far_apart_counts_each_year_and_itself_once(register):
    # 30 units over 1990; 2000; 2010 (10 a year) and 90 TIV (30 a year); submarines serve 30 years
    insert_rows(register, "sipri_deals", [deal("1", "FRA", "submarine", 30, 90, "2010; 1990; 2000")])
    in_2015 = _arsenal(register, 2015).loc["FRA"]
    assert (in_2015["units"], in_2015["tiv_mn"], in_2015["n_deals"]) == (pytest.approx(30), pytest.approx(90), 1)
    in_2025 = _arsenal(register, 2025).loc["FRA"]  # the 1990 boats retired in 2020
    assert (in_2025["units"], in_2025["n_deals"]) == (pytest.approx(20), 1)
    in_2039 = _arsenal(register, 2039).loc["FRA"]  # only the 2010 boats: 2010 + 30 = 2040 > 2039
    assert (in_2039["units"], in_2039["tiv_mn"], in_2039["n_deals"]) == (pytest.approx(10), pytest.approx(30), 1)
    assert "FRA" not in _arsenal(register, 2040).index
    assert "FRA" not in _arsenal(register, 1989).index


def test_a_year_listed_twice_counts_twice_in_units_and_the_deal_once(register):
    # '2000; 2000': two of the deal's three listed years are 2000, as the register's split reads it
    insert_rows(register, "sipri_deals", [deal("1", "USA", "radar", 3, 30, "2000; 2000; 2001")])
    row = _arsenal(register, 2001).loc["USA"]
    assert (row["units"], row["tiv_mn"], row["n_deals"]) == (pytest.approx(3), pytest.approx(30), 1)
    only_2001 = _arsenal(register, 2025).loc["USA"]  # radar: 25 years, so 2000's retire in 2025
    assert (only_2001["units"], only_2001["n_deals"]) == (pytest.approx(1), 1)


def test_a_limited_register_covers_its_supplier_even_for_a_deal_not_yet_delivered(con):
    # the register covers Pakistan's British deals only; its one British deal has no delivery year yet
    insert_rows(con, "service_life", LIFE)
    insert_rows(
        con,
        "sipri_releases",
        [
            {
                "release_id": "reg",
                "layout": "trade_register",
                "all_suppliers": False,
                "data_generated": "2026-05-18 00:00:00",
            },
            {"release_id": "dy", "layout": "delivery_year", "data_generated": "2025-01-03 00:00:00"},
        ],
    )
    insert_rows(
        con,
        "sipri_deals",
        [
            {**deal("1", "GBR", "frigate", 2, 200, None), "recipient_code": "PAK", "release_id": "reg"},
            {
                **deal("2", "GBR", "frigate", 2, 200, "2015"),
                "recipient_code": "PAK",
                "release_id": "dy",
                "category": "Ships",
            },
            {
                **deal("3", "CHN", "frigate", 4, 400, "2020"),
                "recipient_code": "PAK",
                "release_id": "dy",
                "category": "Ships",
            },
        ],
    )
    found = _arsenal(con, 2021, recipient="PAK")
    assert list(found.index) == ["CHN"]  # the export's British frigates are the register's, which has none delivered
    assert found.loc["CHN", "units"] == pytest.approx(4)


def test_loads_and_undo_keep_the_derived_rows_current_and_pinned_versions_unchanged(con):
    insert_rows(con, "service_life", LIFE)
    first = load_export(con, samples.register(), "old.csv").version
    assert deal_years_mismatches(con) == 0
    before = _arsenal(con, 2020, v=first)
    revised = [samples.REGISTER_ROWS[0].replace(",40,40", ",60,60")]
    second = load_export(con, samples.register(revised, generated="1 Mar 2027 10:00:00 AM"), "new.csv").version
    assert deal_years_mismatches(con) == 0
    assert _arsenal(con, 2020, v=first).equals(before)  # a pinned link still shows the older release
    assert not _arsenal(con, 2020, v=second).equals(before)
    undone = commit.undo_to_before(con, second, author="analyst").version
    assert deal_years_mismatches(con) == 0
    assert _arsenal(con, 2020, v=undone).equals(before)


def test_a_refresh_for_some_recipients_leaves_the_others_rows_alone(register):
    insert_rows(
        register,
        "sipri_deals",
        [
            deal("1", "FRA", "submarine", 2, 60, "2017; 2019"),
            {**deal("2", "CHN", "frigate", 4, 400, "2020"), "recipient_code": "PAK"},
        ],
    )
    register.execute("update sipri_deal_years set units = -1 where recipient_code = 'PAK'")  # a stale row, on purpose
    deal_years.refresh(register, ["IND"])
    assert register.execute("select units from sipri_deal_years where recipient_code = 'PAK'").fetchall() == [(-1.0,)]
    deal_years.refresh(register, ["PAK"])
    assert deal_years_mismatches(register) == 0
    register.execute("update sipri_deal_years set units = -2 where recipient_code = 'IND'")
    deal_years.refresh(register, [])  # nothing asked, nothing done
    assert register.execute("select distinct units from sipri_deal_years where recipient_code = 'IND'").fetchall() == [
        (-2.0,)
    ]


def test_the_bundled_store_is_built_with_current_derived_rows(built_store):
    import duckdb

    con = duckdb.connect(str(built_store), read_only=True)
    try:
        assert con.execute("select count(*) from sipri_deal_years").fetchone()[0] > 0
        assert deal_years_mismatches(con) == 0
    finally:
        con.close()


REFERENCE = (Path(__file__).resolve().parents[1] / "support" / "arsenal_from_raw_deals.sql").read_text(encoding="utf-8")


def _random_deals(seed: int) -> list[tuple[dict, int, int | None]]:
    """Deals of three releases over versions 1-4 (some closed later): (row, version added, version removed)."""
    rng = random.Random(seed)
    kinds = [
        ("fighter aircraft", "Aircraft"),
        ("tank", "Armoured vehicles"),
        ("submarine", "Ships"),
        ("radar", None),
        ("transport aircraft", None),
        ("frigate", "Ships"),
    ]
    deals = []
    for i in range(120):
        release = rng.choice(["reg", "reg_lim", "dy"])
        description, sipri_category = rng.choice(kinds)
        listed = sorted(rng.choice(range(1960, 2026)) for _ in range(rng.choice([0, 1, 1, 2, 3, 4])))
        if listed and rng.random() < 0.2:
            listed.append(listed[-1])  # a year listed twice
        if rng.random() < 0.3:
            listed = [listed[0], listed[0] + rng.choice([5, 20, 40])] if listed else []  # years far apart
        written = "; ".join(map(str, listed)) if listed and rng.random() < 0.8 else None
        first = listed[0] if listed else None
        row = dict(
            deal_id=str(i),
            recipient_code=rng.choice(["IND", "PAK"]),
            supplier_code=rng.choice(["RUS", "SUN", "FRA", "USA", "GBR", "CHN"]),
            description=description,
            category=sipri_category if release == "dy" else None,
            units_delivered=rng.choice([None, 0, 1, 3, 12, 40]),
            tiv_delivered=rng.choice([None, 0.0, 5.5, 120.0]),
            delivery_years=written,
            first_delivery_year=first,
            last_delivery_year=max(listed, default=None),
            release_id=release,
        )
        added = rng.choice([1, 1, 2, 3, 4])
        removed = rng.choice([None, None, None, added + 1, 5])
        deals.append((row, added, removed))
    return deals


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_estimate_equals_the_one_computed_from_raw_deals_in_every_version(con, seed):
    insert_rows(con, "service_life", LIFE)
    insert_rows(
        con,
        "sipri_releases",
        [
            {"release_id": "reg", "layout": "trade_register", "data_generated": "2026-05-18 00:00:00"},
            {
                "release_id": "reg_lim",
                "layout": "trade_register",
                "all_suppliers": False,
                "data_generated": "2026-05-18 00:00:00",
            },
            {"release_id": "dy", "layout": "delivery_year", "data_generated": "2025-01-03 00:00:00"},
        ],
    )
    for row, added, removed in _random_deals(seed):
        insert_rows(con, "sipri_deals", [row], version=added)
        if removed is not None:
            con.execute(
                "update sipri_deals set version_removed = $r where deal_id = $d", {"r": removed, "d": row["deal_id"]}
            )
    deal_years.refresh(con)
    metric = metrics.get_metric("arsenal_from_deliveries")
    compared = 0
    for v in range(1, 6):
        for recipient in ("IND", "PAK"):
            for as_of in (1975, 2000, 2024):
                for combine in (0, 1):
                    params = metrics.bind_params(
                        metric, {"recipient": recipient, "as_of": as_of, "combine_russia": combine, "v": v}, v
                    )
                    got, expected = (
                        con.execute(sql, params).df().sort_values(["category", "origin_code"]).reset_index(drop=True)
                        for sql in (metric.sql, REFERENCE)
                    )
                    pd.testing.assert_frame_equal(got, expected, check_dtype=False, rtol=1e-9)
                    compared += len(got)
    assert compared > 100  # the comparisons were not all of empty estimates


def test_a_listed_year_that_is_no_number_is_left_out_instead_of_stopping_the_write(register):
    # an older store may hold such text; deriving must not fail the load or undo that touches the recipient
    insert_rows(register, "sipri_deals", [deal("1", "FRA", "submarine", 2, 60, "2017; 2019")])
    register.execute("update sipri_deals set delivery_years = '2017; 2019 (est)' where deal_id = '1'")
    deal_years.refresh(register, ["IND"])
    row = _arsenal(register, 2020).loc["FRA"]
    assert (row["units"], row["tiv_mn"], row["n_deals"]) == (pytest.approx(2), pytest.approx(60), 1)  # all in 2017
