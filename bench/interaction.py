"""Interaction benchmark: server-side time of a rerun after the recipient filter changes.

A websocket session (``bench/wsclient.py``) loads a page, then changes the sidebar's
recipient selectbox as the browser would (its widget state) and times until the server
says the run finished: the server-side cost of a filter change, without rendering. First
change to each recipient and a repeat (cached), per page, on the bundled data and on 1M
and 10M synthetic deals: a first change computes that recipient's metrics.

    python -m bench.interaction --stores bundled 1m 10m
"""

from __future__ import annotations

import argparse
import asyncio
import statistics

from bench.common import ROOT, bundled_store, machine, synthetic_store, table
from bench.server import serve, wait_quiet
from bench.wsclient import Session
from tests.support.drill_server import page_paths

LABEL = "Recipient country"
# Recipients in both the bundled data and the synthetic stores, big importers first.
TARGETS = ["India", "Pakistan", "Saudi Arabia", "Qatar", "Ukraine", "Egypt", "Japan"]


def cpu_ms(proc) -> float:
    """CPU time the server process has used so far, in ms (user + system, all threads)."""
    import psutil

    times = psutil.Process(proc.pid).cpu_times()
    return (times.user + times.system) * 1000


async def changes(url: str, page: str, proc,
                  warm: bool) -> tuple[list[float], list[float], list[float], list[str], float]:
    """Change the recipient through TARGETS twice (after the warm-up, when ``warm``).

    Returns wall ms per change (first pass, second pass), the server's CPU ms per change
    (first pass: what the change costs with a free core, whatever the machine's load), errors
    and the seconds the warm-up took.
    """
    first, second, cpu, errors = [], [], [], []
    async with Session(url) as session:
        result = await session.run(page)
        warm_up = await asyncio.to_thread(wait_quiet, proc) if warm else 0.0  # the session answers pings meanwhile
        widget = result.widget_ids[LABEL]
        labels = [t for t in TARGETS if t in result.selectboxes[LABEL]] or result.selectboxes[LABEL][:5]
        for samples in (first, second):
            for label in labels[1:] + labels[:1]:
                before = cpu_ms(proc)
                result = await session.run(page, selections={widget: label})
                samples.append(result.elapsed_ms)
                if samples is first:
                    cpu.append(cpu_ms(proc) - before)
                if not result.ok:
                    errors.append(f"{page or 'overview'} -> {label}: {result.status} {result.errors}")
    return first, second, cpu, errors, warm_up


def main(argv: list[str] | None = None) -> int:
    """Print the interaction table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stores", nargs="+", default=["bundled", "1m", "10m"], choices=["bundled", "1m", "10m"])
    args = parser.parse_args(argv)
    print(machine())
    rows, all_errors = [], []
    for name in args.stores:
        store = bundled_store() if name == "bundled" else synthetic_store(name)
        with serve(ROOT / "dashboard.py", store) as (url, proc):
            for page in page_paths():
                first, second, cpu, errors, _warm_up = asyncio.run(changes(url, page, proc, False))
                all_errors += errors
                rows.append([name, page or "(overview)", statistics.median(first), max(first),
                             statistics.median(cpu), max(cpu), statistics.median(second), len(first)])
    print(table(["data", "page", "first change wall ms (median)", "(max)",
                 "server CPU ms (median)", "(max)", "repeat change wall ms (median)", "changes"], rows))
    for error in all_errors:
        print("ERROR", error)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
