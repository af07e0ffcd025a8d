"""Lifetimes of the store connection and of metric results: the only non-page module with Streamlit caching.

One connection per process (``st.cache_resource``); every query takes its own cursor
(DuckDB 2.0 refuses concurrent use of one connection). Metric results are cached per
(metric, parameters, data version), so a new data version is never served stale data,
and ``invalidate()`` drops everything after a write.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from armsdash import build, config, db, metrics


@st.cache_resource(show_spinner="Opening the data store…", on_release=lambda con: con.close())
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    build.build_store(config.db_path())
    return db.connect(path)


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


def pin_version() -> int:
    """Read the newest data version once at the start of a script run; the whole run then uses it.

    Without the pin each metric read "latest" on its own, so a commit landing mid-run gave a
    page the recipient list of one version and the figures of the next (the concurrency
    drill, tests/test_drill_concurrency.py, caught it).
    """
    version = _read_latest()
    st.session_state[_PINNED] = version
    return version


def latest_version() -> int:
    """The data version of this run: the one pinned at its start, else the newest in the store."""
    pinned = st.session_state.get(_PINNED)
    return int(pinned) if pinned is not None else _read_latest()


@st.cache_data(show_spinner=False, max_entries=2000)
def _metric(name: str, params: tuple[tuple[str, object], ...], version: int, path: str) -> pd.DataFrame:
    return metrics.run_metric(_connection(path), name, dict(params), latest_version=version)


# Where ``ui`` keeps the data version the current view is pinned to (the link's ``v``), or None.
PINNED_VERSION_KEY = "pinned_version"


def shown_version() -> int:
    """The data version the current view shows: the one its link pins, else the latest."""
    pinned = st.session_state.get(PINNED_VERSION_KEY)
    return int(pinned) if pinned is not None else latest_version()


def metric(name: str, version: int | None = None, **params: object) -> pd.DataFrame:
    """Run metric ``name`` for data ``version`` with ``params``; cached.

    ``version`` defaults to ``shown_version()``, so a pinned link shows its numbers on every page.
    """
    pinned = shown_version() if version is None else int(version)
    bound = tuple(sorted({**params, "v": pinned}.items()))
    return _metric(name, bound, pinned, str(config.db_path()))


def invalidate() -> None:
    """Forget cached metric results, e.g. after an upload or undo."""
    _metric.clear()
    st.session_state.pop(_PINNED, None)
