"""Page-load benchmark: headless Chromium, navigation -> first chart visible -> app idle, per page.

Each page of the dashboard is compared with a bare Streamlit page holding one Plotly chart of
the same size (``bench/server.py``), started the same way in the same run: the floor this
stack allows. Cold: the server's caches cleared (the "Clear cache" message, which also closes
the store connection) and a new browser context; warm: the same context loads the page again.
Medians of ``--repeat`` (≥ 5) loads. With ``--store 10m`` the server's RSS after each page is
printed too.

    python -m bench.pageload                       # bundled data
    python -m bench.pageload --store 10m --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.common import ROOT, bundled_store, machine, synthetic_store, table
from bench.server import bare_app, rss_mb, serve
from tests.drill_server import page_paths
from tests.live_server import CHROMIUM_ARGS, chromium_path

CHART = "[data-testid=stPlotlyChart] .js-plotly-plot .main-svg"
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def clear_server_caches(url: str) -> None:
    """Send Streamlit's "Clear cache" message: empties st.cache_data and st.cache_resource."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from websockets.sync.client import connect

    with connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"]) as ws:
        ws.send(BackMsg(clear_cache=True).SerializeToString())
        time.sleep(0.3)


def load(page, url: str, expect_chart: bool) -> tuple[float | None, float]:
    """Navigate to ``url``; return ms to the first chart drawn (None without one) and to idle."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    chart_ms = None
    if expect_chart:
        page.wait_for_selector(CHART, state="visible", timeout=120_000)
        chart_ms = (time.perf_counter() - started) * 1000
    # idle = connected, script not running, and the page has drawn its title or chart
    page.wait_for_selector("[data-testid=stMain] h1, [data-testid=stPlotlyChart]", timeout=120_000)
    page.wait_for_selector(IDLE, timeout=120_000)
    return chart_ms, (time.perf_counter() - started) * 1000


def measure(browser, base: str, path: str, repeat: int, server_url: str, expect_chart: bool) -> dict:
    """Cold and warm medians for one page."""
    url = f"{base}/{path}" if path else base
    cold_chart, cold_idle, warm_chart, warm_idle = [], [], [], []
    for _ in range(repeat):
        clear_server_caches(server_url)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        chart, idle = load(page, url, expect_chart)
        cold_chart.append(chart)
        cold_idle.append(idle)
        chart, idle = load(page, url, expect_chart)
        warm_chart.append(chart)
        warm_idle.append(idle)
        context.close()

    def med(values: list) -> float | None:
        return statistics.median(values) if values and values[0] is not None else None
    return {"cold_chart": med(cold_chart), "cold_idle": med(cold_idle),
            "warm_chart": med(warm_chart), "warm_idle": med(warm_idle)}


def pages_with_charts(base: str) -> dict[str, bool]:
    """Which pages draw a Plotly chart (asked over the websocket, before the browser starts)."""
    import asyncio

    from bench.wsclient import run_once

    return {path: asyncio.run(run_once(base, path)).n_charts > 0 for path in page_paths()}


def main(argv: list[str] | None = None) -> int:
    """Print the page-load table (and RSS per page)."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", default="bundled", choices=["bundled", "1m", "10m"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    store = bundled_store() if args.store == "bundled" else synthetic_store(args.store)
    print(machine())
    rows, memory = [], []
    with serve(bare_app()) as (bare_url, _), serve(ROOT / "dashboard.py", store) as (url, proc):
        charts = pages_with_charts(url)  # before Playwright: it runs its own event loop
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            bare = measure(browser, bare_url, "", args.repeat, bare_url, True)
            rows.append(["bare page (one chart)", bare["cold_chart"], bare["warm_chart"], bare["cold_idle"],
                         bare["warm_idle"], 1.0, 1.0])
            for path in page_paths():
                result = measure(browser, url, path, args.repeat, url, charts[path])
                memory.append([path or "(overview)", rss_mb(proc)])

                def ratio(key: str) -> object:
                    return result[key] / bare[key] if result[key] is not None else "no chart"
                chart_cold = result["cold_chart"] if result["cold_chart"] is not None else "—"
                chart_warm = result["warm_chart"] if result["warm_chart"] is not None else "—"
                rows.append([path or "(overview)", chart_cold, chart_warm, result["cold_idle"],
                             result["warm_idle"], ratio("cold_chart"), ratio("warm_chart")])
            browser.close()
    print(f"store: {args.store}; medians of {args.repeat} loads, ms")
    print(table(["page", "first chart cold", "first chart warm", "idle cold", "idle warm",
                 "chart cold / bare", "chart warm / bare"], rows))
    print(table(["after loading page", "server RSS MB"], memory))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
