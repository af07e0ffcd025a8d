"""Writing a new data version: the primitives every write (upload, SIPRI load, undo) uses.

Rows are never updated or deleted: a write inserts rows with ``version_added = v``
and closes replaced rows with ``version_removed = v``, then records ``v`` in
``data_versions``. Callers wrap all of it in one transaction.
"""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd

from armsdash import config
from armsdash.contracts import VERSIONED_TABLES
from armsdash.store import replica, shared


def _table(name: str) -> str:
    """Return ``name`` if it is a versioned table with a contract (so it may be written into SQL)."""
    if name not in VERSIONED_TABLES:
        raise ValueError(f"not a data table: {name!r}")
    return name


def checksum(data: bytes) -> str:
    """The sha256 of an uploaded file (a CSV or a SIPRI export), as recorded in the history."""
    return hashlib.sha256(data).hexdigest()


def next_version(con: duckdb.DuckDBPyConnection) -> int:
    """The number the next data version will get."""
    return int(con.execute("select coalesce(max(version), 0) + 1 from data_versions").fetchone()[0])


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, version: int) -> int:
    """Insert ``frame`` (columns named as the table's contract) as rows of ``version``; return the count."""
    columns = VERSIONED_TABLES[_table(table)].column_names
    data = frame[columns]
    # Not con.cursor(): a DuckDB cursor is a separate connection with its own transaction,
    # so rows written through it would escape the caller's begin/rollback. DuckDB 2 refuses
    # register() while an earlier result (e.g. a fetchone()) is unfinished: end it first.
    con.complete()
    con.register("incoming_rows", data)
    try:
        column_list = ", ".join(columns)
        con.execute(
            f"insert into {table} ({column_list}, version_added) select {column_list}, $v from incoming_rows",
            {"v": version},
        ).fetchall()
    finally:
        con.unregister("incoming_rows")
    return len(data)


def close_rows(con: duckdb.DuckDBPyConnection, table: str, version: int,
               where: str = "true", params: dict | None = None) -> int:
    """Close the rows of ``table`` visible now that match ``where`` (fixed SQL, bound ``params``).

    ``where`` must be SQL written in this package, never user text; values go in ``params``.
    Returns how many rows were closed.
    """
    params = dict(params or {})
    count = con.execute(
        f"select count(*) from {_table(table)} where version_removed is null and ({where})", params
    ).fetchone()[0]
    con.execute(
        f"update {table} set version_removed = $v where version_removed is null and ({where})",
        {**params, "v": version},
    ).fetchall()
    return int(count)


def record_version(con: duckdb.DuckDBPyConnection, version: int, *, action: str, author: str | None = None,
                   table_name: str | None = None, file_name: str | None = None, checksum: str | None = None,
                   rows_added: int = 0, rows_changed: int = 0, rows_removed: int = 0,
                   note: str | None = None) -> None:
    """Record data version ``version`` in the history (``data_versions``)."""
    con.execute(
        "insert into data_versions (version, created_at, author, action, table_name, file_name, checksum, "
        "rows_added, rows_changed, rows_removed, note) values ($version, current_timestamp, $author, $action, "
        "$table_name, $file_name, $checksum, $rows_added, $rows_changed, $rows_removed, $note)",
        {"version": version, "author": author, "action": action, "table_name": table_name,
         "file_name": file_name, "checksum": checksum, "rows_added": rows_added,
         "rows_changed": rows_changed, "rows_removed": rows_removed, "note": note},
    )


LOST_RACE = "Another editor committed first; nothing was written. Review the new preview and commit again."


class WriteConflict(RuntimeError):
    """Another writer committed a data version while this write was under way; nothing was written."""

    def __init__(self, message: str = LOST_RACE):
        super().__init__(message)


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """End the open transaction without its writes (a failed ``commit`` has already ended it)."""
    try:
        con.execute("rollback")
    except duckdb.TransactionException:
        pass


def commit(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """End a writer's transaction, which wrote data ``version``: commit it in the embedded store, or publish it to
    the shared store in team mode (``replica.publish``: one PostgreSQL transaction, then the copy pulls it).

    Raises WriteConflict when another editor committed first; in team mode, WriteConflict with the reason when the
    shared store cannot be reached. Either way nothing was written.
    """
    if config.store_url() is None:
        con.execute("commit")
        return
    try:
        replica.publish(con, version)
    except shared.Behind as exc:
        raise WriteConflict() from exc
    except shared.StoreUnavailable as exc:
        raise WriteConflict(str(exc)) from exc


def refusal(con: duckdb.DuckDBPyConnection, exc: BaseException, version: int) -> str | None:
    """The message for the user when ``exc`` means the store refused the write of ``version``, else None."""
    if isinstance(exc, WriteConflict):
        return str(exc)
    return LOST_RACE if version and lost_race(con, exc, version) else None


def lost_race(con: duckdb.DuckDBPyConnection, exc: BaseException, version: int) -> bool:
    """True when ``exc``, raised by a write of data ``version`` (rolled back), means another writer got there first.

    DuckDB reports two writers of one version as a duplicate key of ``data_versions`` (the other
    committed before this insert, or holds the version in a transaction still committing: then the
    newest committed version may not show it yet), a failed commit, or a conflict on a row both closed.
    """
    if isinstance(exc, (WriteConflict, duckdb.TransactionException)):
        return True
    if not isinstance(exc, duckdb.ConstraintException):
        return False
    if f'Duplicate key "version: {version}"' in str(exc):
        return True
    return int(con.execute("select coalesce(max(version), 0) from data_versions").fetchone()[0]) >= version
