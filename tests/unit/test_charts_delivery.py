"""Delivery charts as objects: which bars are drawn where, the today line, source lines, empty frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from armsdash.charts import delivery_charts
from armsdash.metrics import run_metric
from tests.support import delivery_fixture

AS_OF = dt.date.fromisoformat(delivery_fixture.AS_OF)


@pytest.fixture
def frames(con):
    delivery_fixture.load(con)
    params = {"recipient": "IND", "as_of": delivery_fixture.AS_OF}
    return (run_metric(con, "delivery_delays", params), run_metric(con, "delivery_claims", params),
            run_metric(con, "supplier_track_record", params))


def _trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_timeline_draws_delay_early_and_today(frames):
    delays, claims, _ = frames
    fig = delivery_charts.delivery_timeline(delays, as_of=AS_OF, title="t", source="Source: test", claims=claims)
    late = _trace(fig, "delay")
    # late programmes: late, overdue, partial, claims
    assert sorted(label.split(" · ")[0] for label in late.y) == [
        "System claims", "System late", "System overdue", "System partial"]
    overdue = list(late.y).index("System overdue · RUS")
    # overdue: from its promise (end of Sep 2024) to today's month (end of Jun 2026)
    assert late.base[overdue] == "2024-09-30"
    assert late.x[overdue] == (pd.Timestamp("2026-07-01") - pd.Timestamp("2024-09-30")).days * 86_400_000
    assert list(_trace(fig, "delivered early").y) == ["System early · FRA"]
    assert [s.x0 for s in fig.layout.shapes] == ["2026-06-15"]
    texts = [a.text for a in fig.layout.annotations]
    assert "Source: test" in texts and any(t.startswith("today") for t in texts)
    # every programme has a row, in the metric's order
    assert list(fig.layout.yaxis.categoryarray) == [f"{s} · {n}" for s, n in zip(delays.system, delays.supplier)]


def test_timeline_marks_what_other_sources_promised(frames):
    delays, claims, _ = frames
    fig = delivery_charts.delivery_timeline(delays, as_of=AS_OF, title="t", source="s", claims=claims)
    other = _trace(fig, "promised date another source gives")
    assert list(other.y) == ["System claims · RUS"]
    # the row's promise is the original (Old Pub's 2022); the re-planned 2023 is the other source's circle
    assert list(other.text) == ["promised 2023 per New Pub"]


def test_supplier_comparison_has_three_panels_in_supplier_colours(frames):
    _, _, track = frames
    fig = delivery_charts.supplier_comparison(track, title="t", source="Source: test")
    assert len(fig.data) == 3
    on_time = fig.data[0]
    shares = dict(zip(on_time.y, on_time.x))
    assert shares == {"RUS": pytest.approx(20.0), "FRA": pytest.approx(100.0)}  # no country names in the fixture
    assert "Source: test" in [a.text for a in fig.layout.annotations]


def test_empty_frames_still_give_a_figure(frames):
    delays, claims, track = frames
    fig = delivery_charts.delivery_timeline(delays.iloc[0:0], as_of=AS_OF, title="t", source="s",
                                            claims=claims.iloc[0:0])
    assert len(fig.layout.shapes) == 1  # the today line
    assert delivery_charts.supplier_comparison(track.iloc[0:0], title="t", source="s").data == ()


def test_every_delivery_chart_is_a_valid_figure_and_needs_no_cleaning(frames):
    """Built from plain dicts without Plotly's validation: Plotly still accepts each one, and their hover templates'
    ``<extra></extra>`` is the builders' own tag (no copy to make anything literal)."""
    import plotly.graph_objects as go

    from armsdash.charts import labels

    delays, claims, track = frames
    lead = pd.DataFrame({"supplier": ["Russia"], "category": ["aircraft"], "n_deals": [3], "n_undelivered": [1],
                         "median_years_to_first": [2.5], "median_years_to_last": [4.0]})
    figures = [delivery_charts.delivery_timeline(delays, as_of=AS_OF, title="t", source="s", claims=claims),
               delivery_charts.supplier_comparison(track, title="t", source="s"),
               delivery_charts.lead_times(lead, title="t", source="s")]
    for fig in figures:
        go.Figure(fig.to_dict())  # raises if Plotly finds anything invalid
        assert labels.without_links(fig) is fig
    assert "<extra></extra>" in figures[0].data[0].hovertemplate
    on_time, delay, owed = figures[1].data
    assert [(t.xaxis, t.yaxis) for t in (on_time, delay, owed)] == [("x", "y"), ("x2", "y2"), ("x3", "y3")]
    # the median-delay panel runs from 1.5x FRA's -3 months (early) to 1.6x RUS's 15 months, plus one
    assert figures[1].layout.xaxis2.range == pytest.approx((-4.5, 25.0))
