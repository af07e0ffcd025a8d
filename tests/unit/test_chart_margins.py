"""Left margins worked out for category labels (``armsdash.charts.margins``), so Plotly draws a chart once."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdash.charts import base, delivery_charts, margins

LONG = "AK-203 rifles (Indo-Russian Rifles, Korwa/Amethi) · Russia"  # the bundled timeline's widest label
KERNED = "INS Tamal (Talwar follow-on frigate #2) · Russia"


def _bars(labels, **trace):
    return [base.trace("bar", y=labels, x=[1.0] * len(labels), orientation="h", **trace)]


def test_text_width_uses_arial_advances():
    # Arial at 12 px; Chromium's SVG getBBox gave 20.35, 312.44 and 252.87 px (kerning, ignored here, narrows the last)
    assert margins.text_width("war") == pytest.approx(19.34, abs=0.01)
    assert margins.text_width(LONG) == pytest.approx(312.11, abs=0.01)
    assert margins.text_width(KERNED) == pytest.approx(252.87 + 2.55, abs=0.01)
    assert margins.text_width("x" * 10, size=24) == pytest.approx(2 * margins.text_width("x" * 10))
    assert margins.text_width("Ж") == pytest.approx(12.0)  # unknown characters count a full em


def test_left_margin_is_plotlys_for_long_category_labels():
    """Plotly (Chromium 156) settled on 325 px for the bundled data's timeline, whose widest label is ``LONG``."""
    assert margins.left_margin(_bars(["Su-30MKI · Russia", LONG, KERNED]), {}) == 325


@pytest.mark.parametrize("layout, trace", [
    ({"yaxis": {"title": {"text": "Supplier"}}}, {}),  # a title adds its own room
    ({"yaxis": {"side": "right"}}, {}),
    ({"yaxis": {"showticklabels": False}}, {}),
    ({"yaxis": {"automargin": False}}, {}),
    ({"yaxis": {"ticks": "outside"}}, {}),
    ({"yaxis": {"tickvals": [0, 1]}}, {}),
    ({"font": {"family": "Georgia"}}, {}),
    ({"xaxis": {"domain": [0.2, 1]}}, {}),
    ({}, {"yaxis": "y2"}),  # labels on another axis
])
def test_left_margin_declines_what_it_cannot_tell(layout, trace):
    assert margins.left_margin(_bars([LONG], **trace), layout) is None


@pytest.mark.parametrize("labels", [[LONG, 3], [f"<b>{LONG}</b>"], ["R&amp;D"], [1.0, 2.0]])
def test_left_margin_declines_labels_that_are_not_plain_text(labels):
    assert margins.left_margin(_bars(labels), {}) is None


def test_seed_left_only_ever_widens():
    layout = {"margin": {"t": 10}}
    seeded = margins.seed_left(_bars([LONG]), layout)
    assert seeded["margin"] == {"t": 10, "l": 325} and layout == {"margin": {"t": 10}}
    assert margins.seed_left(_bars(["Russia"]), layout) is layout  # short labels fit Plotly's 80 px
    assert margins.seed_left(_bars([LONG]), {"margin": {"l": 400}})["margin"]["l"] == 400


def test_charts_built_with_long_labels_carry_the_margin():
    lead = pd.DataFrame({"supplier": ["Russia", "France"], "category": ["aircraft", "air defence systems"],
                         "n_deals": [3, 2], "n_undelivered": [1, 0],
                         "median_years_to_first": [2.5, 3.0], "median_years_to_last": [4.0, 5.0]})
    fig = delivery_charts.lead_times(lead, title="t", source="s")
    assert fig.layout.margin.l == margins.left_margin([t.to_plotly_json() for t in fig.data], {})
    assert fig.layout.margin.l > margins.DEFAULT_MARGIN_PX
