"""armsdash.ingest.parallel: an upload's columns are checked side by side, and the results must come back in order."""

import threading
import time

import pytest

from armsdash.ingest import parallel


def test_results_keep_the_items_order_when_later_items_finish_first():
    def slow_first(n: int) -> int:
        time.sleep(0.05 if n == 0 else 0)
        return n * n

    assert parallel.map_threads(slow_first, range(6), workers=3) == [0, 1, 4, 9, 16, 25]


def test_work_runs_on_several_threads():
    seen: set[int] = set()
    barrier = threading.Barrier(2, timeout=5)

    def meet(_item: int) -> None:
        seen.add(threading.get_ident())
        barrier.wait()  # both calls must be running at once, or this times out

    parallel.map_threads(meet, range(2), workers=2)
    assert len(seen) == 2


def test_an_error_in_one_item_is_raised_to_the_caller():
    def fail_on_three(n: int) -> int:
        if n == 3:
            raise ValueError("row 3 is bad")
        return n

    with pytest.raises(ValueError, match="row 3 is bad"):
        parallel.map_threads(fail_on_three, range(5), workers=2)


def test_one_item_or_one_worker_runs_in_the_calling_thread():
    caller = threading.get_ident()
    assert parallel.map_threads(lambda _n: threading.get_ident(), [1]) == [caller]
    assert parallel.map_threads(lambda _n: threading.get_ident(), [1, 2], workers=1) == [caller, caller]
