"""Deep links in a real browser: the served app restores a link's view, and controls rewrite the URL."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from armsdash import build

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    """The dashboard served by ``streamlit run`` on a free port, over a store built from data/."""
    store = tmp_path_factory.mktemp("live") / "store.duckdb"
    build.build_store(store)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "ARMSDASH_DB": str(store)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if urllib.request.urlopen(base + "/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the dashboard did not start")
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def chart_series(page) -> dict[str, list]:
    """The first chart's traces as {name: x values}, as Plotly drew them (``data`` may still hold base64 arrays)."""
    return page.evaluate(
        "() => Object.fromEntries(document.querySelector('.js-plotly-plot')._fullData"
        ".map(t => [t.name, Array.from(t.x)]))"
    )


def test_a_deep_link_opens_its_view_and_controls_rewrite_the_url(live_url, browser):
    from playwright.sync_api import expect
    page = browser.new_page()
    try:
        page.goto(f"{live_url}/?recipient=PAK&from=2009&to=2020")
        page.wait_for_selector(IDLE, timeout=30000)
        page.wait_for_selector("[data-testid=stPlotlyChart] .js-plotly-plot .main-svg", timeout=30000)

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
        with page.expect_download(timeout=30000) as download:
            page.get_by_role("button", name="Download this view (HTML)").click()
        assert download.value.suggested_filename == "pakistan-overview-v1.html"
        snapshot = Path(download.value.path()).read_text(encoding="utf-8")
        assert "Pakistan: arms-supply dependency" in snapshot and "Data version 1 (" in snapshot
        assert "recipient=PAK&amp;from=2009&amp;to=2020&amp;v=1" in snapshot

        # Move the first year one step: the URL follows without a reload.
        thumbs.first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_url(re.compile(r"from=2010"), timeout=15000)
        assert "recipient=PAK" in page.url and "to=2020" in page.url

        # Pick another recipient in the sidebar.
        recipient.click()
        page.keyboard.type("Ukraine")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"recipient=UKR"), timeout=15000)
        expect(recipient).to_have_value("Ukraine")
        expect(page.locator("[data-testid=stHeading]").first).to_contain_text("Ukraine", timeout=15000)
    finally:
        page.close()
