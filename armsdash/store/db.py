"""Opening the DuckDB store: the only module that knows where the file is. No Streamlit here."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb

from armsdash import config
from armsdash.store import deal_years, delivery_programmes


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
    con.execute("set enable_progress_bar = false")  # long statements (a migration's derivation) would print bars
    memory = config.DUCKDB_MEMORY.value().strip()
    if memory.lower() != "default":
        if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", memory, re.IGNORECASE):
            raise ValueError(f"{config.DUCKDB_MEMORY.env} must look like 256MB or 1GB, got {memory!r}")
        con.execute(f"set memory_limit = '{memory}'")  # checked just above: digits and a unit only
    if target != ":memory:" and not read_only:
        # Where work beyond the memory limit spills (sorts, joins, aggregates, a big commit's rows): beside the
        # store, said explicitly so that no setting elsewhere turns spilling off. The path is the store's own
        # (config or the caller), quoted for SQL.
        spill = (target + ".tmp").replace("'", "''")
        con.execute(f"set temp_directory = '{spill}'")
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


def data_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The versioned tables the writers write (a team store's shared tables): the derived tables left out.

    ``sipri_deal_years`` is derived from ``sipri_deals`` (``deal_years``), ``delivery_programmes`` from
    ``delivery_records`` and ``sources`` (``delivery_programmes``), never written on their own.
    """
    derived = {deal_years.TABLE, delivery_programmes.TABLE}
    return [table for table in versioned_tables(con) if table not in derived]


def _schema_files() -> list[Path]:
    """The files ``ensure_schema`` runs, in order: ``queries/tables.sql``, then ``queries/macros/*.sql`` by name.

    Macro files carry a numeric prefix (``01_``, ``02_``, ...) because a macro must exist before one that reads it.
    """
    return [config.TABLES_FILE, *sorted(config.MACROS_DIR.glob("*.sql"))]


def _statements(path: Path) -> list[str]:
    """The statements of one SQL file, comments dropped."""
    statements = []
    for statement in path.read_text(encoding="utf-8").split(";\n"):
        code = "\n".join(line for line in statement.splitlines() if not line.lstrip().startswith("--")).strip()
        if code:
            statements.append(code.removesuffix(";"))
    return statements


def _schema_statements() -> tuple[list[str], list[str]]:
    """(statements of tables.sql: create table and seed rows, statements of the macro files in load order)."""
    files = _schema_files()
    return _statements(files[0]), [s for path in files[1:] for s in _statements(path)]


def _schema_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, str | None]]]:
    """Columns of every table in ``con``'s main schema: table -> [(name, type, default)] in order."""
    rows = con.execute(
        "select table_name, column_name, data_type, column_default from information_schema.columns "
        "where table_schema = 'main' order by table_name, ordinal_position"
    ).fetchall()
    columns: dict[str, list[tuple[str, str, str | None]]] = {}
    for table, column, data_type, default in rows:
        columns.setdefault(table, []).append((column, data_type, default))
    return columns


def _add_missing_columns(con: duckdb.DuckDBPyConnection, table_statements: list[str]) -> list[str]:
    """Add the columns ``tables.sql`` gives a table that the store's table lacks; return them as table.column.

    The expected columns come from running the table statements in a scratch in-memory database,
    so tables.sql stays the one description of the tables. A column added to a table with rows is
    null in those rows (or its default): the rows themselves are kept as they are.
    """
    scratch = duckdb.connect(":memory:")
    try:
        for statement in table_statements:
            if statement.lower().startswith("create table"):
                scratch.execute(statement)
        expected = _schema_columns(scratch)
    finally:
        scratch.close()
    present = _schema_columns(con)
    added = []
    for table, columns in expected.items():
        have = {name for name, _, _ in present.get(table, [])}
        for name, data_type, default in columns:
            if name in have:
                continue
            # Names, types and defaults come from tables.sql via DuckDB's own catalogue, never from user text.
            clause = f" default {default}" if default is not None else ""
            con.execute(f'alter table "{table}" add column if not exists "{name}" {data_type}{clause}')
            added.append(f"{table}.{name}")
    return added


def ensure_schema(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring the store to ``queries/tables.sql`` and ``queries/macros``: tables, seed rows, columns, every macro.

    Idempotent: every step may run again on an existing store, and a store built by an earlier
    schema is migrated in place, every row kept (users' uploads included). Returns the columns
    added (``table.column``), empty when the tables were current. The caller decides about the
    transaction (``migrate`` runs it in one).
    """
    tables, derived = _schema_statements()
    for statement in tables:
        con.execute(statement)
    added = _add_missing_columns(con, tables)
    for table in versioned_tables(con):
        # Table names come from the store's own catalogue (tables.sql), never from user text.
        con.execute(VERSION_MACRO.format(table=table))
    # Macros built on the <table>_at macros (e.g. tiv_yearly_at) need those to exist first.
    for statement in derived:
        con.execute(statement)
    con.execute("delete from store_schema")
    con.execute("insert into store_schema values ($digest)", {"digest": schema_digest()})
    return added


def schema_digest() -> str:
    """sha256 of what ``ensure_schema`` creates: tables.sql, every macro file (in load order) and the version macro."""
    text = "".join(path.read_text(encoding="utf-8") for path in _schema_files()) + VERSION_MACRO
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored_digest(con: duckdb.DuckDBPyConnection) -> str | None:
    if "store_schema" not in _schema_columns(con):
        return None
    row = con.execute("select any_value(schema_sha256) from store_schema").fetchone()
    return row[0] if row else None


def migrate(con: duckdb.DuckDBPyConnection, on_new_tables=None) -> list[str]:
    """``ensure_schema`` in one transaction: a store is either migrated whole or left as it was.

    ``on_new_tables(con, tables)``, if given, runs in the same transaction with the versioned tables this
    migration created (the build seeds them from ``data/``).

    ``sipri_deal_years`` and ``delivery_programmes`` are derived again from every deal and delivery
    record: their definitions are part of the schema, and a release without them may have written
    data since. A store already brought to this schema (its
    recorded ``schema_digest``) is left alone: opening it costs a lookup, not the ~70 ms of
    recreating every macro.
    """
    if _stored_digest(con) == schema_digest():
        return []
    con.execute("begin transaction")
    try:
        before = set(versioned_tables(con))
        added = ensure_schema(con)
        created = [table for table in versioned_tables(con) if table not in before]
        if created and on_new_tables is not None:
            on_new_tables(con, created)
        deal_years.refresh(con)
        delivery_programmes.refresh(con)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return added


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """Return the newest data version in the store (0 for an empty store)."""
    row = con.execute("select coalesce(max(version), 0) from data_versions").fetchone()
    return int(row[0])
