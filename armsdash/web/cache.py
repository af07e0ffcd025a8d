"""Lifetimes of the store connection, metric results and built figures.

One connection per process; every query takes its own cursor (DuckDB 2.0 refuses concurrent use of one
connection). Metric results are cached per (metric, parameters, data version), so a new data version is never
served stale data, and ``invalidate()`` drops everything after a write. Built Plotly figures are cached per
(chart function, arguments, data version label): building one costs 10-40 ms on every rerun, more than the rest of
a page's run. All three live in this process, out of reach of Streamlit's clear-cache message, which any viewer can
send (``armsdash.web.memo``). A page that needs several metrics at once asks for them together (``metrics_at_once``) or
starts one early (``prefetch``): they run side by side, each on its own cursor.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from armsdash import config, metrics
from armsdash.charts import exports, labels
from armsdash.readings import key_sentences
from armsdash.store import build, db, replica
from armsdash.web.memo import Memo

# Not st.cache_resource: any viewer can send Streamlit's clear-cache message, which released (closed) the
# connection under the queries of every other session ("Connection already closed", bench/clear_cache.py).
_STORES: dict[str, duckdb.DuckDBPyConnection] = {}
_STORES_LOCK = threading.Lock()


def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """The process's connection to the store at ``path``, opened (and built from data/) on first use, kept for the
    process's life. A process serves one store; asked for another (tests), it closes the one it had."""
    with _STORES_LOCK:
        con = _STORES.get(path)
        if con is None:
            replica.stop_following()
            for other in _STORES.values():
                other.close()
            _STORES.clear()
            build.build_store(config.db_path())
            con = _STORES[path] = db.connect(path)
            if config.store_url() is not None:
                replica.follow(con)  # team mode: take each new version of the shared store as it is committed
        return con


def shared_store_notice() -> str | None:
    """Team mode, while PostgreSQL cannot be reached: what the page shows and why writes are refused; else None."""
    state = replica.status()
    if config.store_url() is None or state.reachable:
        return None
    return (f"Data as of version {state.version}; the shared store is unreachable, so uploads are paused. "
            "The dashboard keeps showing this data and reconnects by itself.")


def connection() -> duckdb.DuckDBPyConnection:
    """The process's connection to the store, built from data/ on first use."""
    return _connection(str(config.db_path()))


_PINNED = "_armsdash_data_version"


def _read_latest() -> int:
    cursor = connection().cursor()
    try:
        return db.current_version(cursor)
    finally:
        cursor.close()


def newest_version() -> int:
    """The newest data version in the store now (not the one this run shows)."""
    return _read_latest()


def pin_version() -> int:
    """Read the newest data version once at the start of a script run; the whole run then uses it.

    Without the pin each metric read "latest" on its own, so a commit landing mid-run gave a
    page the recipient list of one version and the figures of the next (the concurrency
    drill, tests/browser/test_drill_concurrency.py, caught it).
    """
    version = _read_latest()
    st.session_state[_PINNED] = version
    return version


def latest_version() -> int:
    """The data version of this run: the one pinned at its start, else the newest in the store."""
    pinned = st.session_state.get(_PINNED)
    return int(pinned) if pinned is not None else _read_latest()


def _frame_bytes(frame: pd.DataFrame) -> int:
    return sum(column.nbytes for _name, column in frame.items())  # Arrow-backed text counts its bytes


# Metric results are small (aggregates, a page's rows); 20,000 of them or 256 MB, whichever comes first.
_RESULTS: Memo[pd.DataFrame] = Memo(max_entries=20_000, max_bytes=256 * 2**20, size=_frame_bytes)
# Metrics asked for ahead of use run here, two at a time (the machine's cores; DuckDB releases the GIL).
_AHEAD = ThreadPoolExecutor(max_workers=2, thread_name_prefix="armsdash-metric")


def _result_key(name: str, params: dict, version: int, path: str) -> tuple:
    """The cache key of a metric's result: its parameters as bound (defaults filled in, values converted), so that
    ``category="all"`` and leaving the category out, or "India" and "IND", find the same result."""
    bound = metrics.bind_params(metrics.get_metric(name), {**params, "v": version}, version)
    return name, tuple(sorted(bound.items())), version, path


def _cached(name: str, params: dict, version: int, path: str) -> pd.DataFrame:
    key = _result_key(name, params, version, path)
    frame = _RESULTS.get(key, lambda: metrics.run_metric(_connection(path), name, {**params, "v": version},
                                                         latest_version=version))
    return frame.copy(deep=False)  # copy-on-write: a page that changes its copy leaves the cached frame as it is


# Where ``view`` keeps the data version the current view is pinned to (the link's ``v``), or None.
PINNED_VERSION_KEY = "pinned_version"


def shown_version() -> int:
    """The data version the current view shows: the one its link pins, else the latest."""
    pinned = st.session_state.get(PINNED_VERSION_KEY)
    return int(pinned) if pinned is not None else latest_version()


OUT_OF_MEMORY = (
    "This part of the page needs more memory than the data store may use ({limit}, the setting {env}), so it is "
    "not shown. Narrow the view (a supplier, a category, fewer years) or ask the administrator to raise {env}. "
    "Other pages and viewers are not affected."
)


def metric(name: str, version: int | None = None, **params: object) -> pd.DataFrame:
    """Run metric ``name`` for data ``version`` with ``params``; cached.

    ``version`` defaults to ``shown_version()``, so a pinned link shows its numbers on every page.
    A query that runs out of DuckDB's memory even after spilling to disk ends the page's run with
    a message saying so (never DuckDB's exception); nothing is cached for it, so it is tried again.
    """
    pinned = shown_version() if version is None else int(version)
    try:
        return _cached(name, params, pinned, str(config.db_path()))
    except duckdb.OutOfMemoryException:
        st.error(OUT_OF_MEMORY.format(limit=config.DUCKDB_MEMORY.value(), env=config.DUCKDB_MEMORY.env),
                 icon=":material/memory:")
        st.stop()


def prefetch(*requests: tuple[str, dict]) -> None:
    """Start each ``(metric name, parameters)`` of the shown version that is not cached yet, in the background.

    The page's later ``metric`` call with the same arguments takes the result (waiting for it if it is still being
    computed): a query started before the page builds a figure runs while it does. Errors surface at that call.
    """
    version, path = shown_version(), str(config.db_path())
    for name, params in requests:
        if _result_key(name, params, version, path) not in _RESULTS:
            _AHEAD.submit(_cached, name, params, version, path)


def metrics_at_once(*requests: tuple[str, dict]) -> list[pd.DataFrame]:
    """The frames of several ``(metric name, parameters)`` of the shown version, in order, computed side by side.

    The first runs on the page's own thread, the others in the background at the same time (``prefetch``).
    """
    prefetch(*requests[1:])
    return [metric(name, **params) for name, params in requests]


def _frame_digest(frame: pd.DataFrame) -> bytes:
    """A key for ``frame``'s content: the digest of its columns' pickles.

    0.5 ms for a metric's result; Streamlit's hash: 3 ms.

    Column by column, each pickled on its own: a whole frame pickles its internal block layout, and
    one pickle of all columns shares objects between them (pickle's memo), both of which differ
    between a query's result and the same rows read back from the cache, so every chart was built
    twice (on a recipient's first visit, then again on the second). Equal content that still pickles
    differently only costs a rebuild; different content never digests alike.
    """
    digest = hashlib.blake2b(pickle.dumps((list(frame.columns), frame.index), protocol=5), digest_size=16)
    for i in range(frame.shape[1]):
        digest.update(pickle.dumps(frame.iloc[:, i].array, protocol=5))
    return digest.digest()


def _argument_key(value: object) -> object:
    """A hashable key for a figure's argument: a frame by its content, containers item by item, else its pickle."""
    if isinstance(value, pd.DataFrame):
        return "frame", _frame_digest(value)
    if isinstance(value, (list, tuple)):
        return type(value).__name__, tuple(_argument_key(item) for item in value)
    if isinstance(value, dict):
        return "dict", tuple((key, _argument_key(item)) for key, item in sorted(value.items()))
    return "value", hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).digest()


# A figure is an object, not data: it is shared by every session and never changed after it is built (the version
# label goes in here, not in the page).
_FIGURES: Memo[go.Figure] = Memo(max_entries=500, max_bytes=2**62)  # bounded by count, as before


def _figure(build: Callable[..., go.Figure], label: str, subject: str | None, args: tuple,
            kwargs: dict) -> go.Figure:
    fig = exports.add_version_label(build(*args, **kwargs), label)
    sentence = key_sentences.key_sentence(build.__name__, args[0] if args else None, subject=subject or "",
                                          **kwargs)
    return labels.without_links(exports.set_key_sentence(fig, sentence) if sentence else fig)


def figure(build_figure: Callable[..., go.Figure], label: str, *args: object, subject: str | None = None,
           **kwargs: object) -> go.Figure:
    """``build_figure(*args, **kwargs)`` with ``label`` (the data version) in its source line; built once, then cached.

    The figure carries its key sentence (``armsdash.readings.key_sentences``, about ``subject``, the recipient) made
    from the same frame and options. Treat the result as read-only: it is shared with every other session showing
    the same chart.
    """
    name = f"{build_figure.__module__}.{build_figure.__qualname__}"
    key = name, label, subject, _argument_key(args), _argument_key(kwargs)
    return _FIGURES.get(key, lambda: _figure(build_figure, label, subject, args, kwargs))


def forget_results() -> None:
    """Forget every cached metric result and figure (of every session)."""
    _RESULTS.clear()
    _FIGURES.clear()


def invalidate() -> None:
    """Forget cached metric results and figures, e.g. after an upload or undo."""
    forget_results()
    st.session_state.pop(_PINNED, None)
