"""The real server in headless Chromium: Suppliers and Arsenal draw their charts with source lines,
and moving the year range redraws the shares chart."""

from __future__ import annotations

import re
import shutil

import pytest

from armsdash.store import db
from tests.support.dependency_fixtures import add_sipri_rows
from tests.support.live_server import open_page, running_server, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sipri_server(built_store, tmp_path_factory):
    """The server on the bundled store plus the hand-made SIPRI rows."""
    path = tmp_path_factory.mktemp("dependency_live") / "armsdash.duckdb"
    shutil.copy(built_store, path)
    con = db.connect(path)
    add_sipri_rows(con)
    con.close()
    with running_server(path) as url:
        yield url


TIMEOUT_MS = 90_000  # generous: the suite may share two cores with other servers


def assert_no_error(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stAlertContentError]").count() == 0


def test_suppliers_page_renders_charts_with_source_lines(sipri_server, page):
    open_page(page, sipri_server + "/suppliers?recipient=IND")
    page.get_by_role("heading", name=re.compile("India: suppliers")).wait_for()
    page.locator("[data-testid=stPlotlyChart]").nth(2).wait_for()
    charts = page.locator("[data-testid=stPlotlyChart]")
    for i in range(charts.count()):
        assert charts.nth(i).locator("text", has_text="Source").count() >= 1
    assert page.locator("[data-testid=stPlotlyChart] text", has_text="Data generated").count() >= 1
    page.get_by_text(re.compile(r"HHI 3,935 — highly concentrated")).wait_for()
    assert_no_error(page)


def test_changing_the_year_range_changes_the_chart(sipri_server, page):
    open_page(page, sipri_server + "/suppliers?recipient=IND")
    title = page.locator("[data-testid=stPlotlyChart] .gtitle").first
    assert title.text_content().startswith("India: suppliers' shares of arms imports, 2014–2023")
    lower = page.locator("[data-testid=stSlider] input[type=range]").nth(1)
    # One step at a time: a key pressed while the previous step's rerun redraws the slider can be lost.
    for year in (2015, 2016, 2017):
        lower.focus()
        lower.press("ArrowRight")
        page.wait_for_url(re.compile(rf"from={year}"))  # the link reproduces the view
        wait_idle(page, TIMEOUT_MS)
    page.locator("[data-testid=stPlotlyChart] .gtitle", has_text="2017–2023").wait_for()
    # the first period is now cut to 2017-2018 and marked partial
    assert page.locator("[data-testid=stPlotlyChart] .xtick text", has_text="2014–18*").count() >= 1
    assert_no_error(page)


def test_arsenal_page_renders_charts_with_source_lines_and_the_assumption(sipri_server, page):
    open_page(page, sipri_server + "/arsenal?recipient=IND")
    page.get_by_role("heading", name=re.compile("India: arsenal by origin")).wait_for()
    page.locator("[data-testid=stPlotlyChart]").nth(2).wait_for()
    charts = page.locator("[data-testid=stPlotlyChart]")
    assert charts.count() == 3
    for i in range(3):
        assert charts.nth(i).locator("text", has_text="Source").count() >= 1
    assert page.locator("[data-testid=stPlotlyChart] text", has_text="assuming a fixed service life").count() == 1
    page.get_by_text("Share of imports counts what arrived in a period").wait_for()
    assert_no_error(page)
