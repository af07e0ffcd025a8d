"""Deep links in a real browser: the served app restores a link's view, and controls rewrite the URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.live_server import open_page

pytestmark = pytest.mark.browser


def chart_series(page) -> dict[str, list]:
    """The first chart's traces as {name: x values}, as Plotly drew them (``data`` may still hold base64 arrays)."""
    return page.evaluate(
        "() => Object.fromEntries(document.querySelector('.js-plotly-plot')._fullData"
        ".map(t => [t.name, Array.from(t.x)]))"
    )


def test_a_deep_link_opens_its_view_and_controls_rewrite_the_url(live_server, page):
    from playwright.sync_api import expect
    # Generous first-load waits: a new session on a busy 2-core CI box took over 30 s.
    open_page(page, f"{live_server}/?recipient=PAK&from=2009&to=2020")
    page.wait_for_selector("[data-testid=stPlotlyChart] .js-plotly-plot .main-svg")

    recipient = page.locator("[data-testid=stSidebar]").get_by_role("combobox", name="Recipient country")
    expect(recipient).to_have_value("Pakistan")
    expect(page.locator("[data-testid=stHeading]").first).to_contain_text("Pakistan")
    thumbs = page.locator("[data-testid=stSlider] input[type=range]")
    assert [thumbs.nth(i).input_value() for i in range(thumbs.count())] == ["2009", "2020"]
    series = chart_series(page)
    assert set(series) == {"China", "United States"}
    assert max(max(xs) for xs in series.values()) == 2020
    assert "recipient=PAK&from=2009&to=2020" in page.url

    # The offline snapshot of this view: the chart, its data, and the pinned link back.
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download this view (HTML)").click()
    assert download.value.suggested_filename == "pakistan-overview-v1.html"
    snapshot = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Pakistan: arms-supply dependency" in snapshot and "Data version 1 (" in snapshot
    assert "recipient=PAK&amp;from=2009&amp;to=2020&amp;v=1" in snapshot

    # Move the first year one step: the URL follows without a reload.
    page.evaluate("window.__same_document = true")
    thumbs.first.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"from=2010"), timeout=30_000)
    assert "recipient=PAK" in page.url and "to=2020" in page.url
    assert page.evaluate("window.__same_document") is True

    # Pick another recipient in the sidebar.
    recipient.click()
    page.keyboard.type("Ukraine")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"recipient=UKR"), timeout=30_000)
    expect(recipient).to_have_value("Ukraine")
    expect(page.locator("[data-testid=stHeading]").first).to_contain_text("Ukraine", timeout=30_000)
