"""Server memory per page, and N concurrent sessions on loopback (websocket clients, no browser).

``memory``: one session loads each page in turn on the given store; the server's RSS after
each page, again once the server has gone quiet, and its peak. ``load``: N sessions open at once and each
loads the Overview, then
``--reruns`` more pages; latency percentiles, throughput, server CPU and RSS per N.

    python -m bench.sessions memory --store 10m
    python -m bench.sessions load --store bundled --sessions 1 20 100 200
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from bench.common import ROOT, bundled_store, machine, synthetic_store, table
from bench.server import peak_rss_mb, rss_mb, serve, wait_quiet
from bench.wsclient import Session
from tests.support.drill_server import page_paths


def _store(name: str):
    return bundled_store() if name == "bundled" else synthetic_store(name)


def memory(store_name: str) -> None:
    """Print the server's RSS after each page, and after the warm-up it starts."""
    rows = []
    with serve(ROOT / "dashboard.py", _store(store_name)) as (url, proc):
        rows.append(["(server started, no session)", rss_mb(proc), "", "", peak_rss_mb(proc), ""])

        async def visit() -> None:
            async with Session(url) as session:
                for page in page_paths():
                    result = await session.run(page, {"recipient": "IND"})
                    after_page = rss_mb(proc)
                    warm_up = await asyncio.to_thread(wait_quiet, proc)  # the session answers pings meanwhile
                    rows.append([page or "(overview)", after_page, f"{warm_up:.1f}", rss_mb(proc), peak_rss_mb(proc),
                                 "ok" if result.ok else f"{result.status} {result.errors[:1]}"])
        asyncio.run(visit())
    print(f"store: {store_name}")
    print(table(["after loading", "server RSS MB", "warm-up s", "RSS MB after the warm-up", "server peak RSS MB",
                 "run"], rows))


async def browse(url: str, reruns: int, pages: list[str], index: int) -> tuple[list[float], int]:
    """One session: the Overview, then ``reruns`` more pages (from ``index`` on); each run's ms and the errors."""
    times, errors = [], 0
    async with Session(url) as session:
        for turn in range(1 + reruns):
            page = "" if turn == 0 else pages[(index + turn) % len(pages)]
            result = await session.run(page, {"recipient": "IND"}, timeout=600)
            times.append(result.elapsed_ms)
            errors += 0 if result.ok or result.page_not_found else 1
    return times, errors


def browse_at_once(url: str, sessions: int, reruns: int, pages: list[str]) -> tuple[list[float], int, float]:
    """``sessions`` sessions browsing ``url`` at the same time: (every run's ms, sorted; errors; wall seconds)."""
    started = time.perf_counter()

    async def many() -> list:
        return await asyncio.gather(*(browse(url, reruns, pages, i) for i in range(sessions)))
    results = asyncio.run(many())
    wall = time.perf_counter() - started
    return sorted(t for ts, _ in results for t in ts), sum(e for _, e in results), wall


def p95(times: list[float]) -> float:
    """The 95th percentile of sorted ``times``."""
    return times[min(len(times) - 1, int(0.95 * len(times)))]


def load(store_name: str, counts: list[int], reruns: int) -> None:
    """Print latency and resource use for each number of concurrent sessions."""
    import psutil

    rows = []
    pages = page_paths()
    with serve(ROOT / "dashboard.py", _store(store_name)) as (url, proc):
        asyncio.run(browse(url, 0, pages, 0))  # warm the caches and the store
        server = psutil.Process(proc.pid)
        for n in counts:
            cpu_before = sum(server.cpu_times()[:2])
            rss_before = rss_mb(proc)
            times, errors, wall = browse_at_once(url, n, reruns, pages)
            cpu = sum(server.cpu_times()[:2]) - cpu_before
            rows.append([n, len(times), statistics.median(times), p95(times), max(times), len(times) / wall,
                         cpu * 1000 / len(times), rss_mb(proc), rss_mb(proc) - rss_before, errors])
    print(f"store: {store_name}; each session: the Overview, then {reruns} more pages")
    print(table(["sessions", "runs", "p50 ms", "p95 ms", "max ms", "runs/s", "server CPU ms/run",
                 "server RSS MB after", "RSS growth MB", "errors"], rows))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``memory`` or ``load``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["memory", "load"])
    parser.add_argument("--store", default="bundled", choices=["bundled", "1m", "10m"])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 20, 100])
    parser.add_argument("--reruns", type=int, default=2)
    args = parser.parse_args(argv)
    print(machine())
    if args.what == "memory":
        memory(args.store)
    else:
        load(args.store, args.sessions, args.reruns)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
