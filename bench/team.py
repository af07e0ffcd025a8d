"""Team mode: replicas on one shared PostgreSQL store behind nginx, on loopback (a throwaway cluster).

``load``: sessions of websocket clients (``bench.sessions.browse``: the Overview, then more pages) against one
replica directly, through nginx to that one replica, and through nginx to two replicas, in the same run; runs per
second and the ratio. ``burst``: N viewers open the same pinned link at once; time from the request to the first
chart's arrival (connect included), p50/p95, with one replica and with two behind nginx, against one viewer alone.
``sync``: seconds for a new replica to catch up from nothing (bundled size, then after a 1M-deal version), and from
a commit on one replica to the version served by another (an in-process follower, and a real server's page).

    python -m bench.team load --sessions 20 --reruns 4
    python -m bench.team burst --viewers 100
    python -m bench.team sync --deals 1000000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import BENCH_DIR, ROOT, machine, table
from bench.server import serve
from bench.sessions import browse, browse_at_once, p95
from bench.wsclient import Session
from tests.support import live_server
from tests.support.drill_server import page_paths
from tests.support.pg_cluster import running_cluster

PINNED = {"recipient": "IND", "v": "1"}


@contextlib.contextmanager
def shared_store():
    """A throwaway cluster with an empty database; team mode on in this process. Yields (cluster, URL)."""
    with running_cluster() as cluster:
        url = cluster.create_database("armsdash_bench")
        previous = os.environ.get("ARMSDASH_STORE")
        os.environ["ARMSDASH_STORE"] = url
        try:
            yield cluster, url
        finally:
            if previous is None:
                os.environ.pop("ARMSDASH_STORE", None)
            else:
                os.environ["ARMSDASH_STORE"] = previous


def catch_up(folder: Path, name: str) -> tuple[Path, float]:
    """Prepare a new replica copy at ``folder/name`` (seeding an empty shared store first); its path and seconds."""
    from armsdash.store import build

    path = folder / name
    started = time.perf_counter()
    build.build_store(path)
    return path, time.perf_counter() - started


@contextlib.contextmanager
def deployment(count: int):
    """A shared store, ``count`` prepared replicas serving it, nginx in front of them all and nginx in front of the
    first alone. Yields (replica URLs, URL of nginx to all, URL of nginx to the first)."""
    from armsdash.cli import replicas

    folder = Path(tempfile.mkdtemp(prefix="team-", dir=BENCH_DIR if BENCH_DIR.exists() else None))
    with shared_store(), contextlib.ExitStack() as stack:
        paths = [catch_up(folder, f"replica-{i}.duckdb")[0] for i in range(1, count + 1)]
        urls = [stack.enter_context(serve(ROOT / "dashboard.py", path))[0] for path in paths]
        ports = [int(url.rsplit(":", 1)[1]) for url in urls]
        to_all = stack.enter_context(replicas.proxy(live_server.free_port(), ports, folder / "nginx-all"))
        to_one = stack.enter_context(replicas.proxy(live_server.free_port(), ports[:1], folder / "nginx-one"))
        yield urls, to_all, to_one


def _warm(urls: list[str]) -> None:
    """Every page once on every replica (its caches and its copy's pages), as readers of a running service find it."""
    async def visit(url: str) -> None:
        await browse(url, len(page_paths()) - 1, page_paths(), 0)
        async with Session(url) as session:
            await session.run("", PINNED)
    for url in urls:
        asyncio.run(visit(url))


def _load_row(label: str, url: str, sessions: int, reruns: int) -> tuple[list, float]:
    times, errors, wall = browse_at_once(url, sessions, reruns, page_paths())
    rate = len(times) / wall
    return [label, sessions, len(times), statistics.median(times), p95(times), rate, errors], rate


def load(sessions: int, reruns: int) -> None:
    """Runs per second: one replica directly, nginx to one replica, nginx to two replicas; the ratio."""
    with deployment(2) as (urls, to_all, to_one):
        _warm(urls)
        rows, rates = [], {}
        for label, url in (("one replica, direct", urls[0]), ("nginx -> one replica", to_one),
                           ("nginx -> two replicas", to_all)):
            row, rates[label] = _load_row(label, url, sessions, reruns)
            rows.append(row)
    print(f"each session: the Overview, then {reruns} more pages; all sessions at once")
    print(table(["served by", "sessions", "runs", "p50 ms", "p95 ms", "runs/s", "errors"], rows))
    ratio = rates["nginx -> two replicas"] / rates["nginx -> one replica"]
    print(f"two replicas / one replica through nginx: {ratio:.2f}x")


async def _viewer(url: str, start: float) -> float | None:
    """Ms from ``start`` until the pinned link's first chart arrives (None if it never does)."""
    async with Session(url) as session:
        result = await session.run("", PINNED, timeout=600)
    charts = [ms for kind, ms in result.arrivals if kind == "plotly_chart"]
    if not charts or not result.ok:
        return None
    return (time.perf_counter() - start) * 1000 - (result.elapsed_ms - charts[0])


def _burst(url: str, viewers: int) -> list[float | None]:
    async def many() -> list:
        start = time.perf_counter()
        return await asyncio.gather(*(_viewer(url, start) for _ in range(viewers)))
    return asyncio.run(many())


def burst(viewers: int) -> None:
    """p50/p95 time to first chart for ``viewers`` opening the pinned link at once, against one viewer alone."""
    with deployment(2) as (urls, to_all, to_one):
        _warm(urls)
        rows = []
        for label, url, n in (("one viewer alone (nginx -> one replica)", to_one, 1),
                              ("one viewer alone (nginx -> two replicas)", to_all, 1),
                              (f"{viewers} at once, nginx -> one replica", to_one, viewers),
                              (f"{viewers} at once, nginx -> two replicas", to_all, viewers)):
            samples = [min(_burst(url, 1)[0] or 1e9 for _ in range(5))] if n == 1 else _burst(url, n)
            done = sorted(s for s in samples if s is not None)
            rows.append([label, n, statistics.median(done), p95(done), max(done), n - len(done)])
    print(f"pinned link {PINNED}: ms from the request (websocket connect included) to the first chart's arrival")
    print(table(["viewers", "n", "p50 ms", "p95 ms", "max ms", "failed"], rows))


def _served_version(url: str) -> int:
    """The data version the Overview's first chart names on the server at ``url``."""
    run = asyncio.run(_run_overview(url))
    spec = run.first_chart[0] if run.first_chart else ""
    return int(spec.split("Data version ", 1)[1].split()[0].strip("·)(,")) if "Data version " in spec else 0


async def _run_overview(url: str):
    async with Session(url) as session:
        return await session.run("", {"recipient": "IND"})


def sync(deals: int, repeat: int) -> None:
    """Catch-up of a new replica (bundled size, then with ``deals`` more deals); commit-to-served latency."""
    from armsdash.store import db, replica
    from bench import generate

    folder = Path(tempfile.mkdtemp(prefix="team-sync-"))
    rows = []
    with shared_store():
        _path, seeded = catch_up(folder, "first.duckdb")
        rows.append(["first replica of an empty shared store (seeds it from data/, then pulls)", f"{seeded:.1f}"])
        times = [catch_up(folder, f"new-{i}.duckdb")[1] for i in range(repeat)]
        rows.append([f"new replica, bundled data (median of {repeat})", f"{statistics.median(times):.2f}"])
        writer = db.connect(catch_up(folder, "writer.duckdb")[0])
        follower = db.connect(catch_up(folder, "follower.duckdb")[0])
        replica.follow(follower)
        lags = []
        with serve(ROOT / "dashboard.py", catch_up(folder, "served.duckdb")[0]) as (url, _proc):
            _served_version(url)
            page_lags = []
            for _ in range(repeat):
                started = time.perf_counter()
                version = generate.add_synthetic_release(writer, 1000, seed=len(lags) + 10)
                committed = time.perf_counter()
                while db.current_version(follower) < version:
                    time.sleep(0.005)
                lags.append((time.perf_counter() - committed, committed - started))
                while _served_version(url) < version:
                    pass
                page_lags.append(time.perf_counter() - committed)
        replica.stop_following()
        rows.append([f"commit (1,000 deals) to pulled by another replica, in-process follower (median of {repeat})",
                     f"{statistics.median(lag for lag, _ in lags):.3f}"])
        rows.append([f"commit (1,000 deals) to served on another replica's page, real server (median of {repeat})",
                     f"{statistics.median(page_lags):.2f}"])
        rows.append(["the commit itself (publish, then the writer's own pull)",
                     f"{statistics.median(c for _, c in lags):.2f}"])
        started = time.perf_counter()
        generate.add_synthetic_release(writer, deals, seed=1)
        rows.append([f"commit of {deals:,} synthetic deals (one version, through a replica)",
                     f"{time.perf_counter() - started:.1f}"])
        writer.close()
        follower.close()
        times = [catch_up(folder, f"big-{i}.duckdb")[1] for i in range(max(1, repeat // 2))]
        rows.append([f"new replica, bundled data + {deals:,} deals (median of {len(times)})",
                     f"{statistics.median(times):.1f}"])
    print(table(["sync", "seconds"], rows))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``load``, ``burst`` or ``sync``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["load", "burst", "sync"])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reruns", type=int, default=4)
    parser.add_argument("--viewers", type=int, default=100)
    parser.add_argument("--deals", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(machine())
    if args.what == "load":
        load(args.sessions, args.reruns)
    elif args.what == "burst":
        burst(args.viewers)
    else:
        sync(args.deals, args.repeat)
    print(machine())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
