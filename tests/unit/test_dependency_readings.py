"""Readings and labels of the dependency pages, on hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdash.readings import dependency


@pytest.mark.parametrize("hhi, band", [(1499.9, "unconcentrated"), (1500, "moderately concentrated"),
                                       (2500, "moderately concentrated"), (2500.1, "highly concentrated"),
                                       (None, "no deliveries")])
def test_hhi_bands(hhi, band):
    assert dependency.hhi_band(hhi) == band


def test_concentration_reading_uses_the_latest_year_with_deliveries():
    frame = pd.DataFrame({"year": [2022, 2023, 2024], "window_start": [2018, 2019, 2020],
                          "window_end": [2022, 2023, 2024], "hhi": [3150.0, 2000.0, None],
                          "top_supplier": ["Russia", "France", None], "top_share_pct": [45.0, 36.4, None]})
    text = dependency.concentration_reading(frame, "India")
    assert text.startswith("India, 2019–2023: HHI 2,000 — moderately concentrated")
    assert "France with 36% of imports" in text


def test_concentration_reading_without_data():
    empty = pd.DataFrame({"year": [2024], "window_start": [2024], "window_end": [2024], "hhi": [None],
                          "top_supplier": [None], "top_share_pct": [None]})
    assert "cannot be measured" in dependency.concentration_reading(empty, "Egypt")


def test_sipri_source_line_names_release_date_and_method():
    releases = pd.DataFrame({"release_id": ["a", "b"], "layout": ["delivery_year", "trade_register"],
                             "data_generated": pd.to_datetime(["2025-01-03 21:16", "2026-05-18 14:29"]),
                             "method": ["delivery_year", "register_even_split"],
                             "first_year": [2000, 1950], "last_year": [2023, 2025], "source_title": ["x", "y"]})
    line = dependency.sipri_source_line(releases)
    assert line.startswith("Source: SIPRI Arms Transfers Database (Data generated 3 Jan 2025, 2000–2023")
    assert "Data generated 18 May 2026, 1950–2025, register TIV split evenly" in line


def test_russia_figures_put_estimates_beside_published_figures():
    estimate = pd.DataFrame({"category": ["all categories"], "origin_code": ["RUS"], "as_of_year": [2023],
                             "tiv_share_pct": [61.0], "units_share_pct": [70.0]})
    inventory = pd.DataFrame({"origin_code": ["RUS", "RUS"], "share_pct": [36.0, 85.0], "as_of_year": [2025, 2020],
                              "service_or_category": ["all services", "major weapon systems"],
                              "source_id": ["a", "b"], "source_publisher": ["Reuters (x)", "Bloomberg Opinion"],
                              "note": ["n1", "n2"]})
    published = pd.DataFrame({"supplier_code": ["RUS", "RUS"], "period": ["2014–18", "2019–23"],
                              "period_end": [2018, 2023], "source_date": ["2019", "2024"], "share_pct": [58.0, 36.0]})
    frame = dependency.russia_figures(estimate, inventory, published)
    assert list(frame["share_pct"]) == [61.0, 70.0, 36.0, 85.0, 36.0]
    assert list(frame["kind"]) == ["deliveries-based estimate"] * 2 + ["published inventory estimate"] * 2 + [
        "published import share"]
    assert frame["figure"].iloc[2] == "all services (2025), Reuters"
    assert frame["figure"].iloc[4] == "SIPRI: share of imports 2019–23"


def test_year_bounds():
    releases = pd.DataFrame({"first_year": [2000, 1950, None], "last_year": [2023, 2025, None]})
    assert dependency.year_bounds(releases) == (1950, 2025)
    assert dependency.year_bounds(releases.iloc[[2]]) is None


def test_deals_source_line():
    releases = pd.DataFrame({"release_id": ["b"], "layout": ["trade_register"],
                             "data_generated": pd.to_datetime(["2026-05-18 14:29"]), "n_deals": [3],
                             "first_year": [1950], "last_year": [2025]})
    line = dependency.deals_source_line(releases)
    assert line.startswith("Source: SIPRI Arms Transfers Database (Data generated 18 May 2026, deliveries 1950–2025)")
    assert "service_life.csv" in line


def test_inventory_table_names_the_flag_in_words():
    inventory = pd.DataFrame({"service_or_category": ["all services"], "origin_label": ["Russia"], "share_pct": [36.0],
                              "units": [None], "as_of_year": [2025], "is_estimate": [True], "source_title": ["x"],
                              "note": ["n"]})
    table = dependency.inventory_table(inventory)
    assert table.to_dict("records")[0]["flag"] == "estimate"
    assert list(table.columns)[:3] == ["service or category", "origin", "share (%)"]


def test_coverage_warning_when_deals_start_too_late():
    from_2000 = pd.DataFrame({"first_year": [2000], "last_year": [2023]})
    from_1950 = pd.DataFrame({"first_year": [1950], "last_year": [2025]})
    estimate = pd.DataFrame({"service_life_years": [None, 35, 40]})
    # 2023 - 40 years of the longest service life = 1983: deliveries from 2000 miss 1983-1999
    assert "from 2000 only" in dependency.coverage_warning(from_2000, estimate, 2023)
    assert dependency.coverage_warning(from_1950, estimate, 2025) is None
    # with at most 15 years of service, 2023 needs deliveries from 2009 only
    assert dependency.coverage_warning(from_2000, pd.DataFrame({"service_life_years": [15]}), 2023) is None


def test_comparison_table_rounds_and_renames():
    compared = pd.DataFrame({"period": ["2019–23"], "supplier": ["Russia"], "published_share_pct": [36.0],
                             "computed_share_pct": [36.454], "difference_pts": [0.454], "years_with_data": [5],
                             "source_title": ["FS"], "release_ids": ["sipri_delivery_year_2025-01-03T211602"]})
    row = dependency.comparison_table(compared).to_dict("records")[0]
    assert row["computed (%)"] == 36.5 and row["difference (points)"] == 0.5 and row["published in"] == "FS"
    assert row["computed from SIPRI release"] == "sipri_delivery_year_2025-01-03T211602"
    assert dependency.matched_release_line(compared).endswith(
        "the release matching each figure's publication: sipri_delivery_year_2025-01-03T211602")


def test_sipri_source_line_names_the_runs_of_years_a_release_gives():
    releases = pd.DataFrame({"release_id": ["a"], "layout": ["trade_register"],
                             "data_generated": pd.to_datetime(["2026-05-18 14:29"]),
                             "method": ["register_even_split"], "first_year": [1950], "last_year": [2025],
                             "year_runs": ["1950–1999, 2024–2025"], "source_title": ["y"]})
    assert "Data generated 18 May 2026, 1950–1999, 2024–2025, register" in dependency.sipri_source_line(releases)
