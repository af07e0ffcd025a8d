"""The real server in headless Chromium against hostile data: stored names, publishers and file names holding
Markdown links, bare web addresses and ``<a href>`` render as text (no outside link, no fetched image, not even
inside a Plotly chart); a file over the upload limit is refused by the uploader with a clear message."""

from __future__ import annotations

import re
import shutil

import pytest

from armsdash.store import db
from armsdash.web import auth
from tests.browser.test_browser_upload import PASSWORD, log_in, upload
from tests.support.live_server import open_page, running_server, wait_idle

pytestmark = pytest.mark.browser

OUTSIDE = "outside.example"
NAMES = {
    "IND": "India [home](https://outside.example) ![t](https://outside.example/t.png) www.outside.example",
    "RUS": "<a href='https://outside.example'>Russia</a> a@outside.example",
}


@pytest.fixture
def hostile_server(built_store, tmp_path):
    path = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, path)
    con = db.connect(path)
    try:
        for code, name in NAMES.items():
            con.execute("update countries set name = $n where code = $c", {"n": name, "c": code})
        con.execute("update sources set publisher = '[SIPRI](https://outside.example) https://outside.example'")
    finally:
        con.close()
    env = {auth.ENV_VAR: PASSWORD, "STREAMLIT_SERVER_MAX_UPLOAD_SIZE": "1"}
    with running_server(path, extra_env=env) as url:
        yield url


def outside_links(page) -> list[str]:
    links = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
    images = page.locator("img").evaluate_all("els => els.map(e => e.getAttribute('src') || '')")
    return [u for u in links + images if OUTSIDE in u]


def test_stored_links_render_as_text_on_the_pages_and_in_charts(hostile_server, page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("/?recipient=IND", "/suppliers?recipient=IND", "/exposure?recipient=IND&supplier=RUS"):
        if path.startswith("/exposure"):
            page.goto(hostile_server + path)
            wait_idle(page)
            page.locator("[data-testid=stHeading]").first.wait_for()
        else:
            open_page(page, hostile_server + path)
        assert page.get_by_text("India [home](https://").first.is_visible()  # the name, as text
        assert outside_links(page) == [], path
        assert page.locator("[data-testid=stException]").count() == 0
    assert not [u for u in requested if OUTSIDE in u]  # no tracking image fetched


def test_a_file_over_the_limit_is_refused_by_the_uploader_and_a_url_file_name_stays_text(hostile_server, page):
    log_in(page, hostile_server)
    page.get_by_text(re.compile(r"Up to 1 MB and 2,000,000 rows per file")).wait_for()
    upload(page, "https://outside.example/www.outside.example.csv", "a,b\n" + "1,2\n" * 10)
    page.locator("[data-testid=stAlertContentError]", has_text="rejected").wait_for()
    assert outside_links(page) == []
    upload(page, "big.csv", "a,b\n" + "1,2\n" * 400_000)  # 1.6 MB
    page.get_by_text(re.compile(r"File must be 1(\.0)?\s?MB or smaller")).wait_for()
    assert page.get_by_text(re.compile("AxiosError|413")).count() == 0
