"""Run the independent parts of one job on the machine's cores.

Arrow's compute kernels and DuckDB's queries release the GIL, so threads are enough: an
upload's columns are trimmed and checked side by side (docs/benchmarks.md, *Upload*).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def map_threads(work: Callable[[Item], Result], items: Iterable[Item], workers: int | None = None) -> list[Result]:
    """``[work(item) for item in items]`` on up to ``workers`` threads (default: one per core this process may use),
    in the items' order.

    An exception raised by ``work`` is raised here (the first in the items' order) once every call has ended.
    """
    items = list(items)
    workers = min(len(items), workers or len(os.sched_getaffinity(0)) or 1)
    if workers <= 1:
        return [work(item) for item in items]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="armsdash-parallel") as pool:
        return list(pool.map(work, items))
