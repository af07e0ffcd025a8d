"""Page-load benchmark: headless Chromium, navigation -> first chart visible -> app idle, per page.

Each page of the dashboard is compared with a bare Streamlit page holding one Plotly chart of
the same size (``bench/server.py``), started the same way in the same run: the floor this
stack allows. Cold: the server's caches cleared (the "Clear cache" message, which also closes
the store connection) and a new browser context; warm: the same tab loads the page again,
from a blank page.
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


def warm_load(page, url: str, expect_chart: bool) -> tuple[float | None, float]:
    """Load ``url`` again in a tab that has loaded it, from a blank page; the times of ``load``.

    The blank page is untimed: navigating a tab that holds a connected app first tears that app
    down, a varying few hundred ms that belong to the page being left, not to the one loaded.
    """
    page.goto("about:blank")
    return load(page, url, expect_chart)


def sample(browser, url: str, server_url: str, expect_chart: bool) -> dict[str, float | None]:
    """One cold load (server caches cleared, new context) and one warm load (same context, again)."""
    clear_server_caches(server_url)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    cold_chart, cold_idle = load(page, url, expect_chart)
    warm_chart, warm_idle = warm_load(page, url, expect_chart)
    context.close()
    return {"cold_chart": cold_chart, "cold_idle": cold_idle, "warm_chart": warm_chart, "warm_idle": warm_idle}


def median_of(samples: list[dict], key: str) -> float | None:
    values = [s[key] for s in samples if s[key] is not None]
    return statistics.median(values) if values else None


def pages_with_charts(base: str) -> dict[str, bool]:
    """Which pages draw a Plotly chart (asked over the websocket, before the browser starts)."""
    import asyncio

    from bench.wsclient import run_once

    # Asked twice: under load a page's first run on a fresh server was once seen without its chart.
    return {path: any(asyncio.run(run_once(base, path)).n_charts > 0 for _ in range(2)) for path in page_paths()}


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
        paths = page_paths()
        samples: dict[str, list[dict]] = {p: [] for p in ["bare"] + paths}
        ratios: dict[str, list[tuple]] = {p: [] for p in paths}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            # Interleaved (bare, then each page, per round), so the machine's load hits both alike;
            # each ratio is taken within a round, then the median over rounds.
            for _ in range(args.repeat):
                bare = sample(browser, bare_url, bare_url, True)
                samples["bare"].append(bare)
                for path in paths:
                    got = sample(browser, f"{url}/{path}" if path else url, url, charts[path])
                    samples[path].append(got)
                    if len(samples[path]) == 1:
                        memory.append([path or "(overview)", rss_mb(proc)])
                    if charts[path]:
                        ratios[path].append((got["cold_chart"] / bare["cold_chart"],
                                             got["warm_chart"] / bare["warm_chart"]))
            browser.close()
    rows.append(["bare page (one chart)"] + [median_of(samples["bare"], k) for k in
                                             ("cold_chart", "warm_chart", "cold_idle", "warm_idle")] + [1.0, 1.0])
    for path in paths:
        got = samples[path]
        cells = [median_of(got, k) for k in ("cold_chart", "warm_chart", "cold_idle", "warm_idle")]
        cells = ["—" if c is None else c for c in cells]
        if ratios[path]:
            cells += [statistics.median(r[0] for r in ratios[path]), statistics.median(r[1] for r in ratios[path])]
        else:
            cells += ["no chart", "no chart"]
        rows.append([path or "(overview)"] + cells)
    print(f"store: {args.store}; medians of {args.repeat} loads, ms")
    print(table(["page", "first chart cold", "first chart warm", "idle cold", "idle warm",
                 "chart cold / bare", "chart warm / bare"], rows))
    print(table(["after loading page", "server RSS MB"], memory))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
