"""The delivery pages at 100k, 1M and 2M delivery records (issue 20): filter changes and server memory.

Each store is the bundled data plus N synthetic delivery records (``bench.generate deliveries-store``: one
claim per programme, skewed over ~190 recipients like real trade; India gets 16 %). On one server per store,
a websocket session (``bench/wsclient.py``) loads each delivery page (Overview, Deliveries, Exposure) and
changes the sidebar's recipient through seven countries and back, as ``bench.interaction`` does; on
Deliveries and Exposure it then changes the supplier filter through four suppliers of India. The server's
RSS is read after each page and its peak at the end. ``--commit`` also times deriving the programmes of
the N records (what an upload of them adds to its commit), in a process of its own.

    python -m bench.deliveries --sizes bundled 100k 1m 2m --commit
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time

from bench.common import BENCH_DIR, ROOT, machine, table
from bench.interaction import changes
from bench.server import peak_rss_mb, rss_mb, serve
from bench.wsclient import Session

SIZES = {"bundled": 0, "100k": 100_000, "1m": 1_000_000, "2m": 2_000_000}
PAGES = ["", "deliveries", "exposure"]
SUPPLIER = "Supplier"
SUPPLIERS = ["Russia", "France", "United States", "China"]


def delivery_store(size: str):
    """The store with ``size`` synthetic delivery records, generated on first use (else migrated)."""
    from armsdash.store import build
    from bench import generate
    from bench.common import bundled_store

    if not SIZES[size]:
        return bundled_store()  # the baseline: the bundled data's 35 delivery records
    path = BENCH_DIR / f"deliveries_{size}.duckdb"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        print(f"generating {path} …", file=sys.stderr)
        generate.build_delivery_store(path, SIZES[size])
    else:
        build.migrate_store(path)
    return path


async def supplier_changes(url: str, page: str) -> tuple[list[float], list[str]]:
    """Wall ms of each change of the supplier filter on ``page`` for India, and any errors."""
    times, errors = [], []
    async with Session(url) as session:
        result = await session.run(page, {"recipient": "IND"})
        if SUPPLIER not in result.widget_ids:
            return times, [f"{page}: no supplier filter"]
        widget = result.widget_ids[SUPPLIER]
        for label in [s for s in SUPPLIERS if s in result.selectboxes[SUPPLIER]] * 2:
            result = await session.run(page, {"recipient": "IND"}, selections={widget: label})
            times.append(result.elapsed_ms)
            if not result.ok:
                errors.append(f"{page} supplier {label}: {result.status} {result.errors[:1]}")
    return times, errors


def derive_seconds(size: str) -> float:
    """Seconds to derive every delivery programme of the store again, in a fresh process (as a commit would)."""
    code = ("import time; from armsdash.store import db, delivery_programmes as d; "
            f"con = db.connect({str(delivery_store(size))!r}); t = time.perf_counter(); "
            "con.execute('begin transaction'); d.refresh(con); con.execute('rollback'); "
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Print the delivery pages' table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["100k", "1m", "2m"], choices=list(SIZES))
    parser.add_argument("--commit", action="store_true", help="also time the derivation of the programmes")
    args = parser.parse_args(argv)
    print(machine())
    rows, all_errors, memory = [], [], []
    for size in args.sizes:
        store = delivery_store(size)
        with serve(ROOT / "dashboard.py", store) as (url, proc):
            started_rss = rss_mb(proc)
            for page in PAGES:
                first, second, cpu, errors, _ = asyncio.run(changes(url, page, proc, False))
                all_errors += errors
                rows.append([size, page or "(overview)", "recipient", statistics.median(first), max(first),
                             statistics.median(cpu), statistics.median(second), len(first), round(rss_mb(proc))])
                if page:
                    times, errors = asyncio.run(supplier_changes(url, page))
                    all_errors += errors
                    if times:
                        rows.append([size, page, "supplier (India)", statistics.median(times[:len(times) // 2]),
                                     max(times), "", statistics.median(times[len(times) // 2:]), len(times),
                                     round(rss_mb(proc))])
            memory.append([size, round(started_rss), round(rss_mb(proc)), round(peak_rss_mb(proc))])
        memory[-1].append(f"{derive_seconds(size):.1f}" if args.commit else "")  # once the server lets go
    print(table(["records", "page", "filter changed", "first change wall ms (median)", "(max)",
                 "server CPU ms (median)", "repeat change wall ms (median)", "changes", "server RSS MB after"], rows))
    print()
    print(table(["records", "server RSS MB at start", "RSS MB at the end", "server peak RSS MB",
                 "deriving the programmes, s"], memory))
    for error in all_errors:
        print("ERROR", error)
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    raise SystemExit(code)
