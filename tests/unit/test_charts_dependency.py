"""Dependency charts as objects: the traces carry the expected data, each has a source line, empty frames work."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdash.charts import dependency_charts as charts
from armsdash.readings import dependency

SOURCE = "Source: SIPRI Arms Transfers Database (Data generated 3 Jan 2025)"


def source_lines(fig):
    return [a.text for a in fig.layout.annotations if a.text.replace("<br>", " ") == SOURCE]


def test_long_source_lines_wrap_and_make_room():
    fig = charts.shares_stacked(PERIODS, by="period", title="t", source=SOURCE + " · " + "x" * 200)
    text = fig.layout.annotations[-1].text
    assert text.startswith("Source: SIPRI") and text.count("<br>") >= 1 and fig.layout.margin.b > 110


PERIODS = pd.DataFrame({
    "period_start": [2009, 2009, 2014, 2014], "period_end": [2013, 2013, 2018, 2018],
    "period": ["2009–13", "2009–13", "2014–18", "2014–18"], "years_in_range": [5, 5, 3, 3],
    "is_partial": [False, False, True, True], "supplier_code": ["RUS", "OTHER", "RUS", "OTHER"],
    "supplier": ["Russia", "Other", "Russia", "Other"], "supplier_rank": [1, 2, 1, 2],
    "tiv_mn": [90.0, 10.0, 0.0, 20.0], "share_pct": [90.0, 10.0, 0.0, 100.0], "release_ids": ["r"] * 4,
})

CONCENTRATION = pd.DataFrame({
    "recipient_code": ["IND"] * 3, "recipient": ["India"] * 3, "year": [2009, 2010, 2011],
    "window_start": [2009, 2010, 2011], "window_end": [2009, 2010, 2011], "total_tiv_mn": [100.0, 100.0, 0.0],
    "n_suppliers": [2, 3, 0], "top_supplier": ["Russia", "United States", None],
    "top_share_pct": [60.0, 50.0, None], "hhi": [5200.0, 3800.0, None],
})


def test_stacked_shares_one_bar_trace_per_supplier_in_rank_order():
    fig = charts.shares_stacked(PERIODS, by="period", title="t", source=SOURCE)
    assert [t.name for t in fig.data] == ["Russia", "Other"]
    assert fig.layout.barmode == "stack"
    # the partial period is starred
    assert list(fig.data[0].x) == ["2009–13", "2014–18*"]
    assert list(fig.data[1].y) == [10.0, 100.0]
    assert source_lines(fig)


def test_share_lines_by_year():
    by_year = PERIODS.assign(year=[2009, 2009, 2014, 2014])
    fig = charts.shares_lines(by_year, by="year", title="t", source=SOURCE)
    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    assert list(fig.data[0].x) == [2009, 2014] and list(fig.data[0].y) == [90.0, 0.0]
    assert source_lines(fig)


def test_concentration_lines_show_thresholds_and_gaps():
    fig = charts.concentration_lines(CONCENTRATION, title="t", source=SOURCE)
    assert sorted(s.y0 for s in fig.layout.shapes) == [1500, 2500]
    assert list(fig.data[0].y[:2]) == [5200.0, 3800.0] and pd.isna(fig.data[0].y[2])
    assert fig.data[1].yaxis == "y2"
    assert source_lines(fig)


def test_concentration_compare_one_line_per_recipient():
    other = CONCENTRATION.assign(recipient_code="PAK", recipient="Pakistan", hhi=[10000.0, 10000.0, None])
    fig = charts.concentration_compare(pd.concat([CONCENTRATION, other]), title="t", source=SOURCE)
    assert [t.name for t in fig.data] == ["India", "Pakistan"]
    assert list(fig.data[1].y[:2]) == [10000.0, 10000.0]


def test_published_vs_computed_bars_draw_the_newest_claim_once():
    frame = pd.DataFrame({"supplier": ["Russia"] * 3, "period": ["2009–13", "2009–13", "2019–23"],
                          "published_share_pct": [76.0, 75.0, 36.0], "computed_share_pct": [75.9, 75.9, 36.5],
                          "difference_pts": [-0.1, 0.9, 0.5], "source_title": ["FS 2018", "PR 2014", "FS 2023"],
                          "source_date": ["2019-03", "2014-03-17", "2024-03-12"]})
    fig = charts.published_vs_computed(frame, title="t", source=SOURCE)
    assert [t.name for t in fig.data] == ["Published", "Computed from SIPRI TIV"]
    # 2009-13: the 2019 revision (76) replaces the 2014 figure (75)
    assert list(fig.data[0].x) == ["Russia 2009–13", "Russia 2019–23"] and list(fig.data[0].y) == [76.0, 36.0]
    assert list(fig.data[1].y) == [75.9, 36.5]


def test_inventory_bars_show_year_estimate_flag_and_the_unattributed_rest():
    frame = pd.DataFrame({"service_or_category": ["all services"], "origin_label": ["Russia"], "origin_code": ["RUS"],
                          "share_pct": [36.0], "units": [None], "as_of_year": [2025], "is_estimate": [True]})
    fig = charts.inventory_published(frame, title="t", source=SOURCE)
    assert [t.name for t in fig.data] == ["Russia", "not stated by the source"]
    two = pd.concat([frame, frame.assign(origin_label="Russia/Soviet Union", service_or_category="major systems")])
    assert [t.name for t in charts.inventory_published(two, title="t", source=SOURCE).data] == [
        "Russia/Soviet Union", "not stated by the source"]
    assert list(fig.data[0].x) == ["all services<br>2025, estimate"]
    assert list(fig.data[1].y) == [64.0]


def test_arsenal_estimate_states_its_assumption():
    frame = pd.DataFrame({
        "category": ["all categories", "all categories", "aircraft", "ships"],
        "service_life_years": [None, None, 35, 30], "origin_code": ["RUS", "FRA", "RUS", "FRA"],
        "origin": ["Russia (incl. Soviet Union)", "France", "Russia (incl. Soviet Union)", "France"],
        "units": [5.0, 2.0, 5.0, 2.0], "tiv_mn": [50.0, 60.0, 50.0, 60.0],
        "units_share_pct": [100 * 5 / 7, 100 * 2 / 7, 100.0, 100.0],
        "tiv_share_pct": [100 * 50 / 110, 100 * 60 / 110, 100.0, 100.0],
        "n_deals": [1, 1, 1, 1], "as_of_year": [2020] * 4, "is_estimate": [True] * 4,
    })
    assumption = dependency.assumption_text(frame, 2020)
    assert "aircraft 35 y, ships 30 y" in assumption
    fig = charts.arsenal_estimate(frame, measure="tiv", title="t", source=SOURCE, assumption=assumption)
    # traces ordered by TIV in service: France 60 before Russia 50
    assert [t.name for t in fig.data] == ["France", "Russia (incl. Soviet Union)"]
    assert list(fig.data[1].y) == ["all categories", "aircraft", "ships"]
    assert list(fig.data[1].x) == pytest.approx([100 * 50 / 110, 100.0, 0.0])
    assert "estimate<br><sup>Estimate: weapons delivered" in fig.layout.title.text and source_lines(fig)


def test_arsenal_estimate_groups_small_origins_as_other():
    frame = pd.DataFrame({
        "category": ["all categories"] * 3 + ["aircraft"] * 3, "service_life_years": [None] * 3 + [35] * 3,
        "origin_code": ["RUS", "FRA", "ISR"] * 2, "origin": ["Russia", "France", "Israel"] * 2,
        "units": [5.0, 3.0, 2.0] * 2, "tiv_mn": [50.0, 30.0, 20.0] * 2,
        "units_share_pct": [50.0, 30.0, 20.0] * 2, "tiv_share_pct": [50.0, 30.0, 20.0] * 2,
    })
    fig = charts.arsenal_estimate(frame, measure="units", title="t", source=SOURCE, assumption="a", top=1)
    # France 30 % + Israel 20 % = 50 % as Other
    assert [t.name for t in fig.data] == ["Russia", "Other"]
    assert list(fig.data[1].x) == [50.0, 50.0]


@pytest.mark.parametrize("build", [
    lambda f: charts.shares_stacked(f, by="period", title="t", source=SOURCE),
    lambda f: charts.shares_lines(f, by="year", title="t", source=SOURCE),
    lambda f: charts.concentration_lines(f, title="t", source=SOURCE),
    lambda f: charts.concentration_compare(f, title="t", source=SOURCE),
    lambda f: charts.inventory_published(f, title="t", source=SOURCE),
    lambda f: charts.arsenal_estimate(f, measure="units", title="t", source=SOURCE, assumption="a"),
    lambda f: charts.russia_figures(f, title="t", source=SOURCE),
], ids=["stacked", "lines", "concentration", "compare", "inventory", "arsenal", "russia"])
def test_empty_frames_draw_an_empty_chart_with_its_source(build):
    columns = set(PERIODS.columns) | set(CONCENTRATION.columns) | {
        "year", "service_or_category", "origin_label", "origin_code", "as_of_year", "is_estimate", "category",
        "origin", "tiv_mn", "tiv_share_pct", "units_share_pct", "figure", "kind", "basis"}
    fig = build(pd.DataFrame(columns=sorted(columns)))
    assert len(fig.data) == 0 or all(len(t.y if t.y is not None else []) == 0 for t in fig.data)
    assert source_lines(fig)


def test_charts_built_without_validation_are_what_plotly_validates(built_store):
    """Charts are built from plain dicts with validation off (for speed): each must still be a valid figure
    that Plotly's own validation leaves unchanged, on every recipient of the bundled data."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    from armsdash import metrics
    from armsdash.charts import base as base_charts
    from armsdash.store import db

    con = db.connect(str(built_store))
    version = db.current_version(con)

    def metric(name, **params):
        return metrics.run_metric(con, name, {**params, "v": version}, latest_version=version)

    try:
        for recipient in ("IND", "PAK", "UKR", "QAT"):
            span = {"recipient": recipient, "from": 1950, "to": 2024, "combine_russia": 1}
            inventory = metric("inventory_by_origin", recipient=recipient)
            published = metric("published_shares_by_period", recipient=recipient)
            estimate = metric("arsenal_from_deliveries", recipient=recipient, as_of=2024, combine_russia=1)
            figures = [
                charts.shares_stacked(metric("supplier_shares_by_period", top=5, **span), by="period", title="t",
                                      source=SOURCE),
                charts.shares_lines(metric("supplier_shares_by_year", top=5, **span), by="year", title="t",
                                    source=SOURCE),
                charts.published_vs_computed(metric("published_vs_computed", recipient=recipient), title="t",
                                             source=SOURCE),
                charts.concentration_lines(metric("concentration", window=5, **span), title="t", source=SOURCE),
                charts.concentration_compare(metric("concentration_compare", recipients=f"{recipient},CHN", window=1,
                                                    **{k: v for k, v in span.items() if k != "recipient"}),
                                             title="t", source=SOURCE),
                charts.inventory_published(inventory, title="t", source=SOURCE),
                charts.arsenal_estimate(estimate, measure="units", title="t", source=SOURCE, assumption="a"),
                charts.russia_figures(dependency.russia_figures(estimate, inventory, published), title="t",
                                      source=SOURCE),
                base_charts.published_shares_over_time(published, title="t", source=SOURCE),
            ]
            for fig in figures:
                sent = json.loads(pio.to_json(fig, validate=False))  # what the page sends
                checked = json.loads(pio.to_json(go.Figure(fig.to_dict()), validate=False))  # raises if invalid
                assert sent == checked
    finally:
        con.close()
