"""The real server in headless Chromium: the Overview shows India's chart and sources, and follows the recipient."""

import re

import pytest

from armsdash.web.app import PAGES
from tests.support.live_server import open_page, wait_idle

pytestmark = pytest.mark.browser


def _headline_values(page):
    return page.locator("[data-testid=stMetricValue]").all_inner_texts()


def test_overview_shows_chart_source_and_no_error(live_server, page):
    open_page(page, live_server + "/")
    assert page.locator("[data-testid=stPlotlyChart] text", has_text="Source").count() >= 1
    page.get_by_text("Inventory of Russian origin (estimate)").wait_for()
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("[data-testid=stAlertContentError]").count() == 0
    page.locator("[data-testid=stMetricValue]", has_text="40%").first.wait_for()
    page.wait_for_url(re.compile(r"recipient=IND"))


def test_switching_recipient_changes_the_figures_and_the_url(live_server, page):
    open_page(page, live_server + "/")
    page.locator("[data-testid=stMetricValue]").first.wait_for()
    before = _headline_values(page)
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").click()
    # With every SIPRI recipient bundled the list is long and virtualised: type to filter it.
    page.keyboard.type("Pakistan")
    page.get_by_role("option", name="Pakistan").click()
    page.wait_for_url(re.compile(r"recipient=PAK"))
    page.locator("[data-testid=stMetricValue]", has_text="China 80%").wait_for()
    wait_idle(page)
    assert _headline_values(page) != before


def test_deep_link_opens_the_named_recipient(live_server, page):
    open_page(page, live_server + "/?recipient=PAK")
    page.get_by_role("heading", name=re.compile("Pakistan")).wait_for()
    page.locator("[data-testid=stMetricValue]", has_text="China 80%").wait_for()
    page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.wait_for()
    assert page.locator("[data-testid=stPlotlyChart] .legendtext", has_text="China").count() == 1


# A deep link to every page, each the first request of a freshly started server: until some session calls
# st.navigation, Streamlit runs a deep link's page file alone; the page hands over to dashboard.py
# (app.require_entry), which must then show that page with the link's view.
FRESH_LINKS = [
    ("/?recipient=PAK&from=2010&to=2020", "Pakistan: arms-supply dependency",
     ["recipient=PAK", "from=2010", "to=2020"]),
    ("/suppliers?recipient=PAK&period=year", "Pakistan: suppliers of major arms", ["recipient=PAK", "period=year"]),
    ("/arsenal?recipient=PAK", "Pakistan: arsenal by origin", ["recipient=PAK"]),
    ("/deliveries?recipient=IND&supplier=FRA", "India: deliveries and delays", ["recipient=IND", "supplier=FRA"]),
    ("/exposure?recipient=PAK&supplier=CHN", "Pakistan: if this supplier stopped", ["recipient=PAK", "supplier=CHN"]),
    ("/sanctions?recipient=IND&date=2024-01-31", "India: sanctions and industry", ["recipient=IND", "date=2024-01-31"]),
    ("/update?v=1", "Update data", ["v=1"]),
]


@pytest.mark.parametrize("link, title, kept", FRESH_LINKS, ids=[link.split("?")[0] for link, _t, _k in FRESH_LINKS])
def test_fresh_server_opens_a_deep_link_to_a_page(built_store, tmp_path, page, link, title, kept):
    """The very first request of a new server may be a briefing's link straight to a page."""
    import shutil

    from tests.support.live_server import running_server

    store = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, store)
    with running_server(store) as url:
        page.goto(url + link)
        page.get_by_role("heading", name=title).wait_for()
        page.locator("[data-testid=stSidebarNav] a").nth(len(PAGES) - 1).wait_for()
        wait_idle(page)
        assert page.locator("[data-testid=stException]").count() == 0
        # Streamlit's own "Page not found" dialog: shown when a page file's name differs from its url_path
        assert page.locator("[role=dialog]").count() == 0, page.locator("[role=dialog]").all_inner_texts()
        assert page.locator("[data-testid=stSidebarNav] a").count() == len(PAGES)
        path = link.split("?")[0]
        assert page.url.split("?")[0] == url + path, page.url  # the same page, not the default one
        query = page.url.split("?", 1)[1] if "?" in page.url else ""
        for param in kept:  # the link's view is honoured and kept in the URL
            assert param in query.split("&"), page.url
