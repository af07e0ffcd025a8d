"""A process-wide cache of computed values (metric frames, built figures) that Streamlit's clear-cache message leaves
alone.

Any viewer can send that message (Streamlit 1.67 honours it from every session, and no setting refuses it), and with
``st.cache_data`` it made every page of every viewer run cold: 5-17x a warm run (``bench/clear_cache.py``). Values
here go only when a write invalidates them, or least recently used first when the cache is full (by entries and by
bytes). A value several threads ask for at once is computed once: the others wait for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Memo(Generic[Value]):
    """A bounded, thread-safe map from keys to computed values, least recently used out first."""

    def __init__(self, *, max_entries: int, max_bytes: int, size: Callable[[Value], int] = lambda _value: 0):
        self._max_entries, self._max_bytes, self._size = max_entries, max_bytes, size
        self._values: OrderedDict[Hashable, tuple[Value, int]] = OrderedDict()
        self._pending: dict[Hashable, Future] = {}
        self._bytes = 0
        self._generation = 0  # bumped by clear(): a computation started before it does not store its value
        self._lock = threading.Lock()

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The value under ``key``; computed by ``compute()`` and kept if it is not there.

        While one thread computes a key, others asking for it wait and get the same value, or the same exception
        (an exception is not kept: the next call computes again).
        """
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key][0]
            waiting = self._pending.get(key)
            if waiting is None:
                self._pending[key] = future = Future()
                generation = self._generation
        if waiting is not None:
            return waiting.result()
        try:
            value = compute()
        except BaseException as error:
            with self._lock:
                self._pending.pop(key, None)
            future.set_exception(error)
            raise
        with self._lock:
            self._pending.pop(key, None)
            if generation == self._generation:
                self._store(key, value)
        future.set_result(value)
        return value

    def _store(self, key: Hashable, value: Value) -> None:
        nbytes = self._size(value)
        if nbytes > self._max_bytes:
            return  # larger than the whole cache: served, not kept
        self._values[key] = (value, nbytes)
        self._bytes += nbytes
        while len(self._values) > self._max_entries or self._bytes > self._max_bytes:
            _old, (_value, old_bytes) = self._values.popitem(last=False)
            self._bytes -= old_bytes

    def clear(self) -> None:
        """Forget every value (computations under way finish, but their values are not kept)."""
        with self._lock:
            self._values.clear()
            self._bytes = 0
            self._generation += 1
