"""Page-load benchmark: headless Chromium, navigation -> first chart visible -> app idle, per page.

Each page of the dashboard is compared with its floor: the same first chart (figure and config,
taken from the page over the websocket) alone on a bare Streamlit page served at the page's own
path (``bench/server.py``), started the same way in the same run. The small bare chart of earlier
runs, at the root, is kept as a column. Cold: a new browser context (empty browser caches), after
Streamlit's "Clear cache" message, which empties Streamlit's caches (the bare pages') but not the
dashboard's own (metric results and charts live in the process, out of reach of that message, since
2026-12-03): the dashboard's server side is then that of a page another viewer has opened; warm: the
same tab loads the page again, from a blank page. Times are read in the page, at the first animation frame
that shows the chart (or idle), from the start of the navigation (see PROBE).
Medians of ``--repeat`` (≥ 5) loads. With ``--store 10m`` the server's RSS after each page is
printed too.

    python -m bench.pageload                       # bundled data
    python -m bench.pageload --store 10m --repeat 5
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from bench.common import ROOT, bundled_store, machine, synthetic_store, table
from bench.server import bare_app, replica_app, rss_mb, serve
from bench.wsclient import run_once
from tests.support.drill_server import page_paths
from tests.support.live_server import CHROMIUM_ARGS, IDLE, LOADING, chromium_path

CHART = "[data-testid=stPlotlyChart] .js-plotly-plot .main-svg"
DRAWN = "[data-testid=stMain] h1, [data-testid=stPlotlyChart]"

# Times are taken in the page, at the first animation frame (the one about to be painted) that shows
# each state, in ms from the start of the navigation. Playwright's wait_for_selector polls at 0, 20, 50,
# 100 and 100 ms and then every 500 ms, so a chart drawn 300 ms into a load was reported at ~800 ms:
# runs before 2026-11-27 measured that polling as much as the pages (docs/benchmarks.md, Page load).
PROBE = """
(() => {
  const seen = window.__armsdashLoad = {chart: null, idle: null, idleWithChart: null};
  const frame = () => {
    const now = performance.now();
    const chart = document.querySelector(%r);
    if (seen.chart === null && chart) {
      const box = chart.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && getComputedStyle(chart).visibility !== "hidden") seen.chart = now;
    }
    if (document.querySelector(%r) && document.querySelector(%r) && !document.querySelector(%r)) {
      if (seen.idle === null) seen.idle = now;
      if (seen.idleWithChart === null && seen.chart !== null) seen.idleWithChart = now;
    }
    if (seen.idleWithChart === null && now < 180000) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();
""" % (CHART, DRAWN, IDLE, LOADING)
# Done: idle with the chart drawn (or, for a page without one, idle at all), as the page's frames saw it.
DONE = "expect => { const s = window.__armsdashLoad; return !!s && (expect ? s.idleWithChart : s.idle) !== null; }"


def new_tab(browser):
    """A page in a new browser context (empty cache and storage) that records its loads' times."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(PROBE)
    return context.new_page()


def clear_server_caches(url: str) -> None:
    """Send Streamlit's "Clear cache" message: empties st.cache_data and st.cache_resource (not the dashboard's own
    caches of metric results and charts)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from websockets.sync.client import connect

    with connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"]) as ws:
        ws.send(BackMsg(clear_cache=True).SerializeToString())
        time.sleep(0.3)


# How long the browser took to get Plotly's code (PlotlyChart.*.js, 4.7 MB): 0 from its memory cache, more from disk.
PLOTLY_CODE = """() => performance.getEntriesByType("resource").filter(r => r.name.includes("/PlotlyChart."))
  .map(r => r.responseEnd - r.startTime)[0] ?? null"""


def load(page, url: str, expect_chart: bool) -> tuple[float | None, float, float | None]:
    """Navigate to ``url`` (in a tab from ``new_tab``); return ms to the first chart drawn (None without one), to idle
    and to fetch Plotly's code (None when not fetched).

    Idle: connected, the script not running, the page's title or chart drawn (after the chart, if any) and no
    element still waiting for its code.
    """
    page.goto(url, wait_until="commit")
    page.wait_for_function(DONE, arg=expect_chart, polling="raf", timeout=120_000)
    seen = page.evaluate("() => window.__armsdashLoad")
    chart, idle = (seen["chart"], seen["idleWithChart"]) if expect_chart else (None, seen["idle"])
    return chart, idle, page.evaluate(PLOTLY_CODE)


def warm_load(page, url: str, expect_chart: bool) -> tuple[float | None, float, float | None]:
    """Load ``url`` again in a tab that has loaded it, from a blank page; the times of ``load``.

    The blank page is untimed: navigating a tab that holds a connected app first tears that app
    down, a varying few hundred ms that belong to the page being left, not to the one loaded.
    """
    page.goto("about:blank")
    return load(page, url, expect_chart)


def sample(browser, url: str, server_url: str, expect_chart: bool) -> dict[str, float | None]:
    """One cold load (server caches cleared, new context) and one warm load (same context, again)."""
    clear_server_caches(server_url)
    page = new_tab(browser)
    cold_chart, cold_idle, _fetched = load(page, url, expect_chart)
    warm_chart, warm_idle, warm_plotly = warm_load(page, url, expect_chart)
    page.context.close()
    return {"cold_chart": cold_chart, "cold_idle": cold_idle, "warm_chart": warm_chart, "warm_idle": warm_idle,
            "warm_plotly": warm_plotly}


def median_of(samples: list[dict], key: str) -> float | None:
    """The median of ``key`` over the samples that have it, or None."""
    values = [s[key] for s in samples if s[key] is not None]
    return statistics.median(values) if values else None


def first_charts(base: str) -> dict[str, tuple[str, str] | None]:
    """Each page's first chart (figure and config JSON; None without one), asked over the websocket."""
    found = {}
    for path in page_paths():
        # Asked twice: under load a page's first run on a fresh server was once seen without its chart.
        runs = [asyncio.run(run_once(base, path)) for _ in range(2)]
        found[path] = next((run.first_chart for run in runs if run.first_chart), None)
    return found


def server_first_chart(base: str, path: str, repeat: int) -> tuple[float, float]:
    """Median ms from a run's request until the server has sent the page's first chart: cold (caches cleared), warm."""
    def sent(run) -> float:
        return next(ms for kind, ms in run.arrivals if kind == "plotly_chart")

    cold, warm = [], []
    for _ in range(repeat):
        clear_server_caches(base)
        cold.append(sent(asyncio.run(run_once(base, path))))
        warm.append(sent(asyncio.run(run_once(base, path))))
    return statistics.median(cold), statistics.median(warm)


def main(argv: list[str] | None = None) -> int:
    """Print the page-load table (and RSS per page)."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", default="bundled", choices=["bundled", "1m", "10m"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    store = bundled_store() if args.store == "bundled" else synthetic_store(args.store)
    print(machine())
    memory = []
    with serve(ROOT / "dashboard.py", store) as (url, proc):
        paths = page_paths()
        charts = first_charts(url)  # before Playwright: it runs its own event loop
        floors = {path: chart for path, chart in charts.items() if chart}
        server = [[f"/{path}", *server_first_chart(url, path, args.repeat)] for path in floors]
        with serve(bare_app()) as (bare_url, _), serve(replica_app(floors)) as (floor_url, _), \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            samples: dict[str, list[dict]] = {p: [] for p in ["bare", *paths, *(f"floor:{p}" for p in floors)]}
            # Interleaved (the bare page, then each page's floor and the page, per round), so the
            # machine's load hits all alike; each ratio is taken within its round, then the median.
            for _ in range(args.repeat):
                samples["bare"].append(sample(browser, bare_url, bare_url, True))
                for path in paths:
                    if path in floors:
                        samples[f"floor:{path}"].append(sample(browser, f"{floor_url}/{path}", floor_url, True))
                    samples[path].append(sample(browser, f"{url}/{path}" if path else url, url, path in floors))
                    if len(samples[path]) == 1:
                        memory.append([path or "(overview)", rss_mb(proc)])
            browser.close()
    print(f"store: {args.store}; medians of {args.repeat} loads, ms, from the navigation's start to the frame that "
          "shows it")
    print(table(["page", "first chart cold", "first chart warm", "idle cold", "idle warm", "its chart alone cold",
                 "its chart alone warm", "chart cold / alone", "chart warm / alone", "chart warm / bare page",
                 "Plotly's code, warm: ms to fetch (page / alone)"], page_rows(samples, paths, floors)))
    print(table(["page", "first chart sent by the server, cold (ms after the run's request)", "warm"], server))
    print(table(["after loading page", "server RSS MB"], memory))
    return 0


def _fetch(ms: float | None) -> str:
    return "—" if ms is None else f"{ms:.0f}"


def page_rows(samples: dict[str, list[dict]], paths: list[str], floors: dict) -> list[list]:
    """The table's rows: the bare page, then each page with its floor and the ratios taken within rounds."""
    keys = ("cold_chart", "warm_chart", "cold_idle", "warm_idle")
    bare = samples["bare"]
    rows = [["bare page (one small chart, at /)"] + [median_of(bare, k) for k in keys] + ["—"] * 5
            + [_fetch(median_of(bare, "warm_plotly"))]]
    for path in paths:
        got = samples[path]
        cells = [median_of(got, k) for k in keys]
        cells = ["—" if c is None else c for c in cells]
        if path in floors:
            floor = samples[f"floor:{path}"]
            cells += [median_of(floor, "cold_chart"), median_of(floor, "warm_chart")]
            cells += [statistics.median(g[k] / f[k] for g, f in zip(got, floor)) for k in ("cold_chart", "warm_chart")]
            cells.append(statistics.median(g["warm_chart"] / b["warm_chart"] for g, b in zip(got, bare)))
            cells.append(f"{_fetch(median_of(got, 'warm_plotly'))} / {_fetch(median_of(floor, 'warm_plotly'))}")
        else:
            cells += ["no chart"] * 6
        rows.append([f"/{path}"] + cells)
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
