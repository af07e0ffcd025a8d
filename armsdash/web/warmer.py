"""Background warming of per-recipient metrics: a reader's first switch to another country finds its figures ready.

Pages ask for metrics with a ``recipient`` parameter. The first time a page asks for a metric (with
a given set of parameter names) at a data version, the warmer takes its other parameters' values as a
*template* and runs it for every other recipient of that version, in the background, so the cache
already holds them when a reader picks one. It learns the templates from the pages themselves; it
holds no list of its own that could drift from what they ask.

Only that first template per metric is warmed. Later ones are a reader's own view (a slider moved)
or values a page derived from the recipient (its year span, its main supplier), which other
recipients would not ask for: warming them would be work for nobody. The first a server sees is, in
practice, the page's default view, which is what a reader switching country gets.

It yields to readers: while any script run is in progress it waits, so it only uses idle time.
A newer data version supersedes the work queued for older ones. It stops for a version once the
results it added reach ``budget_bytes``: recipients go largest first, so the budget covers the
ones readers open most, and the server's memory stays bounded at any data size.
"""

from __future__ import annotations

import collections
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator

_LOG = logging.getLogger(__name__)

Params = tuple[tuple[str, object], ...]
Template = tuple[str, Params, int]


class Warmer:
    """Runs noted metric templates for every recipient on a daemon thread, in idle time.

    ``run(name, params, version)`` computes (and caches) one metric and returns the bytes its result
    holds; ``recipients(version)`` lists the recipient codes of a version, the most important first.
    Both are called on the warmer's thread.
    """

    def __init__(self, run: Callable[[str, dict, int], int], recipients: Callable[[int], list[str]], *,
                 budget_bytes: int = 48_000_000, idle_poll: float = 0.02) -> None:
        self._run = run
        self._recipients = recipients
        self._budget = budget_bytes
        self._spent = 0  # bytes of results added for the newest version
        self._idle_poll = idle_poll
        self._lock = threading.Condition()
        self._queue: collections.deque[Template] = collections.deque()
        self._seen: dict[int, set[tuple[str, tuple[str, ...]]]] = {}
        self._newest = -1
        self._active_runs = 0
        self._working = False
        self._thread: threading.Thread | None = None
        self.completed = 0  # metric runs done, for the tests
        self.failed = 0  # runs that raised (a recipient code a metric refuses): skipped

    def note(self, name: str, params: dict, version: int) -> None:
        """A page asked for ``name`` with ``params`` (holding ``recipient``) at ``version``: queue the first such template."""
        rest = tuple(sorted((k, v) for k, v in params.items() if k != "recipient"))
        with self._lock:
            if version < self._newest:
                return
            if version > self._newest:  # a new data version: what was queued for older ones is moot
                self._newest = version
                self._queue.clear()
                self._seen = {version: set()}
                self._spent = 0
            seen = self._seen[version]
            shape = (name, tuple(key for key, _value in rest))
            if shape in seen:
                return
            seen.add(shape)
            self._queue.append((name, rest, version))
            self._ensure_thread()
            self._lock.notify_all()

    def reset(self) -> None:
        """Forget every template (the cache it filled was cleared): pages will note them again."""
        with self._lock:
            self._queue.clear()
            self._seen = {}
            self._newest = -1
            self._spent = 0

    @contextlib.contextmanager
    def reader_run(self) -> Iterator[None]:
        """Wrap a script run: the warmer waits while any is in progress."""
        with self._lock:
            self._active_runs += 1
        try:
            yield
        finally:
            with self._lock:
                self._active_runs -= 1
                self._lock.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Block until nothing is queued or running (True), or ``timeout`` seconds pass (False)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._queue or self._working:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._lock.wait(min(left, 0.1))
        return True

    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="armsdash-warmer", daemon=True)
            self._thread.start()

    def _next_template(self) -> Template:
        with self._lock:
            while not self._queue:
                self._lock.wait()
            self._working = True
            return self._queue.popleft()

    def _current(self, version: int) -> bool:
        with self._lock:
            return version == self._newest and self._spent < self._budget

    def _wait_for_readers(self) -> None:
        with self._lock:
            while self._active_runs:
                self._lock.wait(self._idle_poll)

    def _loop(self) -> None:
        while True:
            name, rest, version = self._next_template()
            try:
                self._warm(name, rest, version)
            except Exception:  # e.g. the store closed under it: a reader pays a cache miss, nothing more
                _LOG.exception("warming %s at version %s failed", name, version)
            finally:
                with self._lock:
                    self._working = False
                    self._lock.notify_all()

    def _warm(self, name: str, rest: Params, version: int) -> None:
        self._wait_for_readers()
        for code in self._recipients(version):
            if not self._current(version):
                return
            self._wait_for_readers()
            try:
                added = self._run(name, {**dict(rest), "recipient": code}, version)
            except Exception:  # noqa: BLE001 - this recipient only: the page would show it the same error
                self.failed += 1
                _LOG.debug("warming %s for %s at version %s failed", name, code, version, exc_info=True)
                continue
            self.completed += 1
            with self._lock:
                if version == self._newest:
                    self._spent += added
