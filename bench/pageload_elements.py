"""What each element type on a page costs its first chart: the bare page plus one kind of element at a time.

The page-load benchmark (``bench/pageload.py``) compares each dashboard page with a bare page
holding one Plotly chart. This one looks for the gap: it serves the same bare page with the
element types the dashboard's first screen needs added after the chart (as the pages send
them), one type per variant and then all together, and times warm loads in headless Chromium
(the tab has loaded the variant before, and starts from a blank page) from navigation to the
chart drawn (read in the page, as bench/pageload.py does). The last variant sends all of them 200 ms after
the chart (what the dashboard once did on a tab's first page; it no longer holds anything back). Every variant runs in
every round, and each ratio is taken within its round, so a
change in the machine's load hits all of them alike. No data and no queries: only Streamlit.

    python -m bench.pageload_elements --repeat 9
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from bench.common import machine, table
from bench.pageload import load, new_tab, warm_load
from bench.server import BARE_APP, bare_app, serve
from tests.support.live_server import CHROMIUM_ARGS, chromium_path

BARE = "bare page (one chart)"

# The element types of the dashboard's first screens, as many of each as the Overview or Suppliers
# page shows. Each is drawn after the chart, as the pages draw theirs.
ELEMENTS = {
    "navigation": "six pages in the sidebar's navigation",
    "selectbox": "the recipient selectbox (259 options), in the sidebar",
    "popover": "the sidebar's Copy-link popover",
    "metrics": "six headline metrics in two rows of columns",
    "markdown": "twelve lines of markdown",
    "slider": "a year-range slider",
    "radio": "two horizontal radios",
    "expander": "two expanders (Sources, Table view)",
    "download": "two download buttons",
    "dataframe": "a two-row table (st.dataframe)",
}

VARIANT_APP = BARE_APP.replace(
    'st.plotly_chart(fig, width="stretch", theme=None, key="bare")',
    '''shown = set(filter(None, st.query_params.get("with", "").split(",")))


def main():
    st.plotly_chart(fig, width="stretch", theme=None, key="bare")
    time.sleep(int(st.query_params.get("hold", "0")) / 1000)  # the dashboard's hold after a tab's first chart
    if "metrics" in shown:
        for row in range(2):
            for i, column in enumerate(st.columns(3)):
                column.metric(f"Headline {row}{i}", f"{10 * i + row}%", f"-{i} pp")
    if "markdown" in shown:
        for i in range(12):
            st.markdown(f"**Line {i}:** a caption under the headline figures")
    if "slider" in shown:
        st.slider("Years within", 1950, 2025, (2004, 2025))
    if "radio" in shown:
        st.radio("Measure", ["Share", "TIV"], horizontal=True)
        st.radio("Periods", ["Five-year", "Yearly"], horizontal=True)
    if "expander" in shown:
        with st.expander("Sources"):
            st.write("SIPRI Arms Transfers Database")
        with st.expander("Table view"):
            st.write("rows")
    if "download" in shown:
        st.download_button("Download CSV", "a,b\\n1,2\\n", "chart.csv", on_click="ignore")
        st.download_button("Download snapshot", "a,b\\n1,2\\n", "snapshot.csv", on_click="ignore")
    if "dataframe" in shown:
        st.dataframe({"supplier": ["Russia", "France"], "share_pct": [36.0, 29.0]})
    if "selectbox" in shown:
        st.sidebar.selectbox("Recipient country", [f"Country {i}" for i in range(259)])
    if "popover" in shown:
        with st.sidebar.popover("Copy link"):
            st.code("http://localhost/?recipient=IND")


if "navigation" in shown:
    st.navigation([st.Page(main, title="Overview", default=True)]
                  + [st.Page(lambda: None, title=f"Page {i}", url_path=f"page{i}") for i in range(5)]).run()
else:
    main()''')
VARIANT_APP = "import time\n" + VARIANT_APP
assert VARIANT_APP != BARE_APP, "bench/server.py's BARE_APP no longer draws its chart as this script expects"


def variant_app() -> Path:
    """Write the bare page with its optional elements and return its path."""
    return bare_app(VARIANT_APP, "bare_app_elements.py")


def main(argv: list[str] | None = None) -> int:
    """Print each element type's warm first-chart time against the bare page's."""
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    everything = ",".join(ELEMENTS)
    variants = ({BARE: ""} | {name: f"with={name}" for name in ELEMENTS} | {"all of the above": f"with={everything}"}
                | {"all of the above, 200 ms after the chart": f"with={everything}&hold=200"})
    print(machine())
    times: dict[str, list[float]] = {name: [] for name in variants}
    ratios: dict[str, list[float]] = {name: [] for name in variants}
    fetches: dict[str, list[float]] = {name: [] for name in variants}  # ms to get Plotly's code
    with serve(variant_app()) as (url, _), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        tabs = {}
        for name, query in variants.items():
            tabs[name] = (new_tab(browser), f"{url}/?{query}" if query else url)
            load(*tabs[name], expect_chart=True)  # the cold load, not timed: the browser caches the code
        for _ in range(args.repeat):
            bare, _idle, bare_fetch = warm_load(*tabs[BARE], expect_chart=True)
            for name, tab in tabs.items():
                got, _idle, fetch = (bare, None, bare_fetch) if name == BARE else warm_load(*tab, expect_chart=True)
                times[name].append(got)
                ratios[name].append(got / bare)
                fetches[name].append(fetch or 0.0)
        browser.close()
    rows = [[name, ELEMENTS.get(name, ""), statistics.median(times[name]), statistics.median(ratios[name]),
             min(times[name]), max(times[name]), statistics.median(fetches[name])] for name in variants]
    print(f"warm loads, {args.repeat} rounds")
    print(table(["variant", "what it adds after the chart", "first chart warm ms (median)", "ratio to the bare page",
                 "(min)", "(max)", "ms to get Plotly's code (median)"], rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
