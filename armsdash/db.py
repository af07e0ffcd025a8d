"""Opening the DuckDB store: the only module that knows where the file is. No Streamlit here."""

from __future__ import annotations

from pathlib import Path

import duckdb

from armsdash import config


class StoreLockedError(RuntimeError):
    """Another process (usually the running dashboard) holds the store open for writing."""


def connect(path: Path | str | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store at ``path`` (default: ``config.db_path()``).

    Replacement scans are off so that no SQL text can reach Python variables by name.
    Raises StoreLockedError, with what to do, when another process holds the file.
    """
    target = str(path if path is not None else config.db_path())
    try:
        con = duckdb.connect(target, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreLockedError(
                f"The store {target} is open in another process (probably the running dashboard). "
                "Upload through the dashboard's Update data page, or stop the server and try again."
            ) from exc
        raise
    con.execute("set python_enable_replacements = false")
    return con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and macro of ``schema.sql`` that does not exist yet (idempotent)."""
    con.execute(config.SCHEMA_FILE.read_text(encoding="utf-8"))


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the newest data version in the store (0 for an empty store)."""
    row = con.execute("select coalesce(max(version), 0) from data_versions").fetchone()
    return int(row[0])
