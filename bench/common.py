"""Shared helpers of the benchmark scripts: timing, tables, machine description, synthetic stores."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BENCH_DIR = Path(os.environ.get("ARMSDASH_BENCH_DIR", "/tmp/armsdash-bench"))
SIZES = {"1m": 1_000_000, "10m": 10_000_000}


def timed(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> tuple[float, object]:
    """Median wall time of ``fn`` in ms over ``repeat`` runs after ``warmup`` runs, and its last result."""
    result = None
    for _ in range(warmup):
        result = fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), result


def machine() -> str:
    """One line naming the machine, Python, the date and the load when measured."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1e9
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{when} · {os.cpu_count()} cores ({cpu}) · {mem_gb:.0f} GB RAM · Python {platform.python_version()}"
            f" · load average {load}")


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table (what the scripts print and docs/benchmarks.md holds)."""
    def cell(value: object) -> str:
        if isinstance(value, float):
            return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
        return str(value)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def synthetic_store(size: str) -> Path:
    """The path of the synthetic store ``size`` (``1m``/``10m``), generating it on first use."""
    from armsdash.store import build
    from bench import generate

    path = BENCH_DIR / f"store_{size}.duckdb"
    if not path.exists():
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        print(f"generating {size} store at {path} …", file=sys.stderr)
        generate.build_synthetic_store(path, SIZES[size])
    else:
        build.migrate_store(path)  # a store generated under an earlier schema gets the current macros
    return path


def bundled_store() -> Path:
    """A store built from the bundled data/ (the app's own default data)."""
    from armsdash.store import build

    path = BENCH_DIR / "store_bundled.duckdb"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    build.build_store(path)  # builds it once, else migrates it to the current schema
    return path
