"""What a viewer's clear-cache message costs: each page warm, then the first run after the message (cold), and
whether sessions running meanwhile see an error.

Streamlit 1.67 honours the message from any session (``AppSession._handle_clear_cache_request`` clears every
``st.cache_data`` and ``st.cache_resource`` entry for all users); ``client.toolbarMode = "viewer"`` only hides the
menu item. So the cost of a cold page is what a hostile viewer can impose, and no other session may fail.

    python -m bench.clear_cache --store bundled --repeat 3
"""

from __future__ import annotations

import argparse
import asyncio
import statistics

from bench.common import ROOT, bundled_store, machine, synthetic_store, table
from bench.server import rss_mb, serve, wait_quiet
from bench.wsclient import Session, send_clear_cache
from tests.support.drill_server import page_paths


async def page_costs(url: str, repeat: int) -> list[list[object]]:
    """Per page: median warm run, median first run after a clear-cache message, in ms."""
    rows = []
    async with Session(url) as session:
        for page in page_paths():
            query = {"recipient": "IND"}
            warm, cold = [], []
            await session.run(page, query)
            for _ in range(repeat):
                warm.append((await session.run(page, query)).elapsed_ms)
                await send_clear_cache(url)
                result = await session.run(page, query)
                assert result.ok, result.errors
                cold.append(result.elapsed_ms)
            rows.append([page or "overview", f"{statistics.median(warm):.0f}", f"{statistics.median(cold):.0f}"])
    return rows


async def clears_while_browsing(url: str, sessions: int = 4, clears: int = 10) -> tuple[int, int, list[str]]:
    """Sessions browse every page while another sends clear-cache messages; return runs, runs with an error, errors."""
    stop = asyncio.Event()
    counts = [0, 0]
    errors: list[str] = []

    async def browse():
        async with Session(url) as session:
            while not stop.is_set():
                for page in page_paths():
                    result = await session.run(page, {"recipient": "PAK"})
                    counts[0] += 1
                    counts[1] += not result.ok
                    errors.extend(result.errors[:1])

    async def clear():
        for _ in range(clears):
            await send_clear_cache(url)
            await asyncio.sleep(0.7)
        stop.set()

    await asyncio.gather(clear(), *(browse() for _ in range(sessions)))
    return counts[0], counts[1], sorted(set(errors))


def main() -> None:
    """Print, per page, warm and cold (after a clear-cache message) run times, and errors under repeated clears."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="bundled", choices=["bundled", "1m", "10m"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = bundled_store() if args.store == "bundled" else synthetic_store(args.store)
    print(machine())
    with serve(ROOT / "dashboard.py", store) as (url, proc):
        rows = asyncio.run(page_costs(url, args.repeat))
        wait_quiet(proc)
        runs, failed, errors = asyncio.run(clears_while_browsing(url))
        rss = rss_mb(proc)
    print(table(["page", "warm run ms", "first run after clear-cache ms"], rows))
    print(f"\n{runs} page runs by 4 sessions during 10 clear-cache messages: {failed} with an error; "
          f"server RSS {rss:.0f} MB" + "".join(f"\n  {e[:200]}" for e in errors))


if __name__ == "__main__":
    main()
