"""Browser benchmark: time from choosing another recipient in the sidebar until the chart shows it.

Headless Debian Chromium (never a downloaded browser) opens each page with a chart, then picks
recipients in the sidebar's selectbox as a reader does (click, type, click the option) and
times from the option's click until the page's first chart is redrawn with the new
recipient's title (every chart title starts with the recipient's name). "first" = that
recipient not shown on this server yet (its figures not cached; 6 changes), timed once the
server has gone quiet after the page's first load; "repeat" = the same cycle again (7 changes). Medians of
each. Exposure has no chart: there the page title is
timed instead.

    python -m bench.browser_interaction --store bundled
"""

from __future__ import annotations

import argparse
import statistics
import time

from bench.common import ROOT, bundled_store, machine, synthetic_store, table
from bench.interaction import TARGETS
from bench.server import serve, wait_quiet
from tests.support.live_server import CHROMIUM_ARGS, IDLE, chromium_path

# page path -> what shows the recipient: the first chart's title, or (no chart) the page title
PAGES = {"": "chart", "suppliers": "chart", "arsenal": "chart", "deliveries": "chart", "exposure": "heading"}
SHOWS = {
    "chart": "document.querySelector('[data-testid=stPlotlyChart] .gtitle')",
    "heading": "document.querySelector('[data-testid=stMain] h1')",
}


def choose(page, name: str, shows: str, timeout_ms: float = 30_000) -> float | None:
    """Pick ``name`` in the sidebar's recipient box; ms from the click until ``shows`` names it (None: never)."""
    page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").click()
    page.keyboard.type(name)  # the list is long and virtualised: type to filter it
    option = page.get_by_role("option", name=name, exact=True)
    option.wait_for()
    started = time.perf_counter()
    option.click()
    shown = f"n => {{ const e = {SHOWS[shows]}; return !!e && e.textContent.startsWith(n); }}"
    arg = name + ":" if shows == "chart" else name
    # Done when the chart names the recipient, or when the page does and the run is over without such a chart.
    page.wait_for_function(
        f"n => ({shown})(n) || (({shown.replace(SHOWS[shows], SHOWS['heading'])})(n.replace(/:$/, ''))"
        f" && !!document.querySelector('{IDLE}'))", arg=arg, timeout=timeout_ms, polling="raf")
    elapsed = (time.perf_counter() - started) * 1000
    page.wait_for_selector(IDLE, timeout=60_000)
    try:  # a chart still drawing when the run ended
        page.wait_for_function(shown, arg=arg, timeout=2_000, polling="raf")
    except Exception:  # noqa: BLE001 - Playwright's TimeoutError: this recipient has no such chart
        return None
    return elapsed


def measure(browser, url: str, path: str, shows: str, proc) -> tuple[list[float], list[float], int]:
    """Cycle through the targets twice on one page; return first and repeat times and how many had no chart.

    The first pass skips India (shown on load, so cached); the second ends on it.
    """
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/{path}" if path else url)
    page.wait_for_selector(IDLE, timeout=120_000)
    page.wait_for_function(f"() => !!{SHOWS[shows]}", timeout=120_000)
    wait_quiet(proc)  # the warm-up (the browser answers the server's pings on its own)
    first, again, missing = [], [], 0
    for samples, names in ((first, TARGETS[1:]), (again, TARGETS[1:] + TARGETS[:1])):
        for name in names:
            got = choose(page, name, shows)
            if got is None:
                missing += 1
            else:
                samples.append(got)
    context.close()
    return first, again, missing


def main(argv: list[str] | None = None) -> int:
    """Print the table: per page, ms from choosing a recipient until the chart shows it."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", default="bundled", choices=["bundled", "1m", "10m"])
    args = parser.parse_args(argv)
    store = bundled_store() if args.store == "bundled" else synthetic_store(args.store)
    print(machine())
    rows = []
    with serve(ROOT / "dashboard.py", store) as (url, proc), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for path, shows in PAGES.items():
            first, again, missing = measure(browser, url, path, shows, proc)
            rows.append([path or "(overview)", "first chart title" if shows == "chart" else "page title (no chart)",
                         statistics.median(first) if first else "—", max(first) if first else "—",
                         statistics.median(again) if again else "—", len(first) + len(again), missing])
        browser.close()
    print(f"store: {args.store}; ms from the option's click until the page shows the new recipient")
    print(table(["page", "waits for", "first change ms (median)", "(max)", "repeat ms (median)", "changes timed",
                 "no chart for the recipient"], rows))
    print(machine())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
