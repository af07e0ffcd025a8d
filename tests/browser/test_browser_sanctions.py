"""The real server in headless Chromium: the Sanctions & industry page, and a change of day changes the exposure."""

from __future__ import annotations

import re

import pytest

from tests.support.live_server import open_page, wait_idle

pytestmark = pytest.mark.browser
TIMEOUT_MS = 90_000


def _imports_figure(page) -> str:
    metric = page.locator("[data-testid=stMetric]", has_text="Imports from listed makers")
    return metric.locator("[data-testid=stMetricValue]").text_content().strip()


def test_changing_the_day_changes_the_exposure(live_server, page):
    open_page(page, live_server + "/sanctions?recipient=IND&date=2025-06-01")
    page.get_by_role("heading", name=re.compile("India: sanctions and industry")).wait_for()
    before = _imports_figure(page)
    assert before != "0.0 %" and before.endswith("%")
    # Streamlit's date field is one spin button per part: type a year into the year's (1 June 2014 is before the
    # first listing of a maker of India's arms, 16 July 2014)
    year = page.get_by_role("spinbutton", name="year, Listings in force on")
    year.click()
    page.keyboard.type("2014")
    page.get_by_role("heading", name="India: sanctions and industry").click()  # leaving the field sets the day
    page.wait_for_url(re.compile(r"date=2014-06-01"), timeout=TIMEOUT_MS)  # the link reproduces the view
    wait_idle(page, TIMEOUT_MS)
    page.locator("[data-testid=stMetric]", has_text="Imports from listed makers").locator(
        "[data-testid=stMetricValue]", has_text="0.0 %").wait_for(timeout=TIMEOUT_MS)
    assert _imports_figure(page) == "0.0 %"
    assert page.locator("[data-testid=stPlotlyChart] .gtitle", has_text="listed on 2014-06-01").count() == 1
    assert page.locator("[data-testid=stException]").count() == 0
