"""The process-wide cache of metric results and figures (armsdash.web.memo): bounds, one computation per key, and
no stale value kept across a clear."""

from __future__ import annotations

import threading

import pytest

from armsdash.web.memo import Memo


def test_a_value_is_computed_once_then_served():
    memo, calls = Memo(max_entries=10, max_bytes=100), []
    assert memo.get("a", lambda: calls.append(1) or "value") == "value"
    assert memo.get("a", lambda: calls.append(1) or "other") == "value"
    assert calls == [1] and "a" in memo


def test_the_least_recently_used_goes_first_when_full_by_entries_or_bytes():
    memo = Memo(max_entries=2, max_bytes=10, size=len)
    memo.get("a", lambda: "aaaa")
    memo.get("b", lambda: "bbbb")
    memo.get("a", lambda: "never")  # a is now the most recently used
    memo.get("c", lambda: "cc")  # three entries: b goes
    assert "a" in memo and "c" in memo and "b" not in memo
    memo.get("d", lambda: "dddddd")  # 4 + 2 + 6 bytes > 10: the oldest go until it fits
    assert "d" in memo and "a" not in memo and len(memo) <= 2
    memo.get("huge", lambda: "x" * 11)  # larger than the whole cache: served, not kept
    assert "huge" not in memo and "d" in memo


def test_threads_asking_at_once_share_one_computation():
    memo, started, release, calls = Memo(max_entries=10, max_bytes=100), threading.Event(), threading.Event(), []

    def slow():
        calls.append(1)
        started.set()
        release.wait(5)
        return "value"

    results = []
    first = threading.Thread(target=lambda: results.append(memo.get("k", slow)))
    first.start()
    started.wait(5)
    second = threading.Thread(target=lambda: results.append(memo.get("k", slow)))
    second.start()
    release.set()
    first.join(5)
    second.join(5)
    assert results == ["value", "value"] and calls == [1]


def test_an_error_reaches_every_waiter_and_is_not_kept():
    memo = Memo(max_entries=10, max_bytes=100)

    def failing():
        raise MemoryError("out of memory")

    with pytest.raises(MemoryError):
        memo.get("k", failing)
    assert "k" not in memo
    assert memo.get("k", lambda: "second try") == "second try"


def test_a_value_computed_across_a_clear_is_not_kept():
    memo, started, release = Memo(max_entries=10, max_bytes=100), threading.Event(), threading.Event()

    def slow():
        started.set()
        release.wait(5)
        return "old data"

    worker = threading.Thread(target=lambda: memo.get("k", slow))
    worker.start()
    started.wait(5)
    memo.clear()  # a write landed while the old value was being computed
    release.set()
    worker.join(5)
    assert "k" not in memo
