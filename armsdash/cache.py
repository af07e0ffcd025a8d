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


def latest_version() -> int:
    """The newest data version (read on every call: it is one cheap query)."""
    cursor = connection().cursor()
    try:
        return db.current_version(cursor)
    finally:
        cursor.close()


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
