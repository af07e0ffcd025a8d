"""Opening the DuckDB store: the only module that knows where the file is. No Streamlit here."""

from __future__ import annotations

import re
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
    memory = config.DUCKDB_MEMORY.value().strip()
    if memory:
        if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", memory, re.IGNORECASE):
            raise ValueError(f"{config.DUCKDB_MEMORY.env} must look like 256MB or 1GB, got {memory!r}")
        con.execute(f"set memory_limit = '{memory}'")  # checked just above: digits and a unit only
    return con


VERSION_MACRO = (
    "create or replace macro {table}_at(v) as table "
    "select * exclude (version_added, version_removed) from {table} "
    "where version_added <= v and (version_removed is null or version_removed > v)"
)


def versioned_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables of the store that carry version_added/version_removed."""
    rows = con.execute(
        "select table_name from information_schema.columns "
        "where column_name = 'version_removed' and table_schema = 'main' order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of ``schema.sql`` that does not exist yet, and the ``<table>_at(v)`` macros.

    Idempotent: every statement may run again on an existing store.
    """
    tables, derived = [], []
    for statement in config.SCHEMA_FILE.read_text(encoding="utf-8").split(";\n"):
        code = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
        if code:
            (tables if code.lower().startswith("create table") else derived).append(code)
    for statement in tables:
        con.execute(statement)
    for table in versioned_tables(con):
        # Table names come from the store's own catalogue (schema.sql), never from user text.
        con.execute(VERSION_MACRO.format(table=table))
    # Macros built on the <table>_at macros (e.g. tiv_yearly_at) need those to exist first.
    for statement in derived:
        con.execute(statement)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the newest data version in the store (0 for an empty store)."""
    row = con.execute("select coalesce(max(version), 0) from data_versions").fetchone()
    return int(row[0])
