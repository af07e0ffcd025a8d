"""The real server answers a tab's runs (kept from tests/browser/test_first_chart.py, whose hold is gone)."""

from __future__ import annotations


def test_a_tabs_runs_finish_on_the_real_server(live_server):
    """On the real server, over the websocket: a tab's first run, its rerun and another tab's Suppliers page end."""
    from bench.wsclient import Session
    from tests.support.live_server import run_async

    async def runs():
        async with Session(live_server) as tab:
            first, again = await tab.run(""), await tab.run("")
        async with Session(live_server) as other_tab:
            other = await other_tab.run("suppliers")
        return first, again, other

    first, again, other = run_async(runs())
    assert first.ok and again.ok and other.ok
