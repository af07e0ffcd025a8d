"""The real server in headless Chromium: Deliveries' timeline and table render; the supplier filter changes both."""

import re
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.live_server import wait_idle

pytestmark = pytest.mark.browser


def _timeline_rows(page):
    return page.locator("[data-testid=stPlotlyChart]").first.locator(".ytick text").all_text_contents()


def _table_cells(page):
    cells = page.locator("[data-testid=stDataFrame]").first.locator("[role=gridcell]")
    cells.first.wait_for(state="attached")
    return [text.strip() for text in cells.all_text_contents()]


def test_supplier_filter_changes_timeline_and_table(live_server, page):
    page.goto(live_server + "/?recipient=IND")
    wait_idle(page)
    page.locator("[data-testid=stSidebarNav] a", has_text="Deliveries").click()
    page.wait_for_url(re.compile(r"/deliveries"))
    page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.wait_for()
    wait_idle(page)
    rows = _timeline_rows(page)
    assert any(r.startswith("S-400 Triumf") for r in rows) and any("INS Tushil" in r for r in rows)
    # The programme table sits in a panel below the chart, sent once opened (it stays open across the filter change)
    page.locator("[data-testid=stExpander] summary", has_text="Programmes: dates, delays").click()
    assert "Russia" in _table_cells(page)
    wait_idle(page)  # the run that opening the panel started
    assert page.locator("[data-testid=stException]").count() == 0

    # The table grid, drawn just after its panel opened, can still take the focus and close a list opened at once:
    # open it again until it stays open.
    france = page.get_by_role("option", name="France")
    for _ in range(10):
        page.locator("[data-testid=stSelectbox]", has_text="Supplier").click()
        try:
            france.wait_for(timeout=2_000)
            break
        except PlaywrightTimeout:
            continue
    france.click()
    page.wait_for_function(
        "() => { const chart = document.querySelector('[data-testid=stPlotlyChart]');"
        " const t = [...chart.querySelectorAll('.ytick text')]"
        ".map(e => e.textContent); return t.length > 0 && t.every(x => x.endsWith('France')); }")
    wait_idle(page)
    filtered = _timeline_rows(page)
    assert filtered and len(filtered) < len(rows)
    # The table is redrawn after the chart: give it time before judging what it shows.
    deadline = time.monotonic() + 30
    cells = _table_cells(page)
    while ("Russia" in cells or "France" not in cells) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        cells = _table_cells(page)
    assert "France" in cells and "Russia" not in cells
    assert "supplier=FRA" in page.url.split("?", 1)[1].split("&")  # the filter is in the link
