"""A view opened with Streamlit's embed option (``?embed=true``) shows only its charts, their key sentences and
sources: no sidebar, no widgets, no developer toolbar, no error. And readers of the full app get the chart's key
sentence as its accessible name."""

import pytest

from tests.support.live_server import open_page

pytestmark = pytest.mark.browser


def test_embedded_view_shows_only_charts_sentences_and_sources(live_server, page):
    open_page(page, live_server + "/suppliers?recipient=IND&embed=true")
    charts = page.locator("[data-testid=stPlotlyChart]")
    assert charts.count() == 3  # shares, published vs computed, concentration (no comparison chosen)
    assert page.locator("[data-testid=stPlotlyChart] text", has_text="Source").count() >= 3
    sentences = page.locator("[data-testid=stMarkdown]").all_inner_texts()
    for index in range(3):  # each chart's key sentence is its accessible name and is written under it
        label = charts.nth(index).get_attribute("aria-label")
        assert label and label in sentences
    for hidden in ("stSidebar", "stSidebarNav", "stToolbar", "stHeading", "stSlider", "stButton",
                   "stDownloadButton", "stDataFrame", "stException", "stAlertContentError"):
        assert page.locator(f"[data-testid={hidden}]").count() == 0, hidden


def test_full_view_gives_each_chart_its_key_sentence_as_accessible_name(live_server, page):
    open_page(page, live_server + "/?recipient=IND")
    described = page.get_by_label("The share of India's arms imports from Russia fell", exact=False)
    assert described.count() >= 1
    assert page.locator("[data-testid=stSidebar]").count() == 1
