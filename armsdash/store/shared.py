"""The shared PostgreSQL store of team mode: its tables, and the rows it sends to and takes from a replica.

PostgreSQL is the system of record: every data table (its rows of every version, as in DuckDB), the history
(``data_versions``) and the store's identity live here. A replica's DuckDB copy sends a new data version as one
PostgreSQL transaction (``publish_version``) and takes the versions it lacks (``read_versions``). Rows are never
updated here but to close them, so a row is known by ``row_hash``: the md5 of its values and ``version_added``,
worked out by DuckDB on the replica that wrote it and again on every replica that closes it.

Data moves as Arrow tables through ADBC. The URL may hold a password: no message here ever contains it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import adbc_driver_manager
import adbc_driver_postgresql.dbapi as adbc
import duckdb
import pyarrow as pa

CHANNEL = "armsdash_versions"  # NOTIFY channel: the payload is the new version's number
WRITE_LOCK = 7345017  # pg_advisory_xact_lock key held by a writer from its check to its commit
HISTORY = "data_versions"
_PG_TYPES = {"VARCHAR": "text", "INTEGER": "integer", "BIGINT": "bigint", "DOUBLE": "double precision",
             "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "timestamp"}


class StoreUnavailable(RuntimeError):
    """The shared store cannot be reached: nothing was written."""


UNREACHABLE = ("The shared store (PostgreSQL) cannot be reached, so nothing was written. The dashboard keeps "
               "showing the data it has; try again when the store is back.")


@dataclass(frozen=True)
class Delta:
    """One data version as rows: per table, the rows it adds (Arrow, with ``row_hash``) and the hashes it closes."""

    version: int
    added: dict[str, pa.Table]
    closed: dict[str, pa.Table]
    history: pa.Table


def connect(url: str):
    """An ADBC connection to the shared store; StoreUnavailable (without the URL) when it cannot be reached."""
    target = url if "connect_timeout=" in url else url + ("&" if "?" in url else "?") + "connect_timeout=5"
    try:
        return adbc.connect(target)
    except adbc_driver_manager.Error as exc:
        raise StoreUnavailable(UNREACHABLE) from exc


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str]]:
    """(name, DuckDB type) of ``table``'s columns in the replica's copy, in order."""
    return con.execute("select column_name, data_type from information_schema.columns where table_schema = 'main' "
                       "and table_name = $t order by ordinal_position", {"t": table}).fetchall()


def row_hash_sql(columns: list[str], alias: str) -> str:
    """DuckDB SQL for a row's identity: the md5 of its values (``version_removed`` left out)."""
    values = ", ".join(f'{alias}."{c}"' for c in columns if c != "version_removed")
    return f"md5(cast(row({values}) as varchar))"


def _create_statements(con: duckdb.DuckDBPyConnection, tables: list[str]) -> list[str]:
    """PostgreSQL DDL for ``tables`` and the history, from the replica's DuckDB catalogue (tables.sql's types)."""
    statements = ["create table if not exists store_identity (store_id text primary key)"]
    for table in [HISTORY, *tables]:
        columns = columns_of(con, table)
        # Names and types come from tables.sql through DuckDB's catalogue, never from user text.
        body = ", ".join(f'"{name}" {_PG_TYPES[kind]}' for name, kind in columns)
        if table == HISTORY:
            statements.append(f"create table if not exists {HISTORY} ({body}, primary key (version))")
            continue
        statements += [f'create table if not exists "{table}" ({body}, row_hash text not null)',
                       f'create index if not exists "{table}_added" on "{table}" (version_added)',
                       f'create index if not exists "{table}_removed" on "{table}" (version_removed)',
                       f'create index if not exists "{table}_open" on "{table}" (row_hash) '
                       "where version_removed is null"]
        statements += [f'alter table "{table}" add column if not exists "{name}" {_PG_TYPES[kind]}'
                       for name, kind in columns]
    return statements


def ensure_schema(pg, con: duckdb.DuckDBPyConnection, tables: list[str]) -> str:
    """Create the shared store's tables (or add the columns a newer release has); return the store's identity.

    Runs under the writers' lock, so two replicas starting together do not race on the catalogue.
    """
    with pg.cursor() as cur:
        cur.execute("select pg_advisory_xact_lock($1)", (WRITE_LOCK,))
        for statement in _create_statements(con, tables):
            cur.execute(statement)
        cur.execute("select store_id from store_identity")
        row = cur.fetchone()
        if row is None:
            store_id = str(uuid.uuid4())
            cur.execute("insert into store_identity values ($1)", (store_id,))
        else:
            store_id = row[0]
    pg.commit()
    return store_id


def newest_version(pg) -> int:
    """The newest data version in the shared store (0 when it has none)."""
    with pg.cursor() as cur:
        cur.execute(f"select coalesce(max(version), 0) from {HISTORY}")
        version = int(cur.fetchone()[0])
    pg.rollback()
    return version


def _arrow(con: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pa.Table:
    return con.sql(sql, params=params).to_arrow_table()


def delta_of(con: duckdb.DuckDBPyConnection, tables: list[str], version: int) -> Delta:
    """The rows data ``version`` writes, read from ``con`` (the writer's open transaction, or a built copy)."""
    added, closed = {}, {}
    for table in tables:
        names = [name for name, _ in columns_of(con, table)]
        values = ", ".join(f't."{c}"' for c in names)
        identity = row_hash_sql(names, "t")
        rows = _arrow(con, f'select {values}, {identity} as row_hash from "{table}" as t '
                      "where t.version_added = $v and t.version_removed is null", {"v": version})
        gone = _arrow(con, f'select {identity} as row_hash from "{table}" as t '
                      "where t.version_removed = $v and t.version_added < $v", {"v": version})
        if rows.num_rows:
            added[table] = rows
        if gone.num_rows:
            closed[table] = gone
    history = _arrow(con, f"select * from {HISTORY} where version = $v", {"v": version})
    return Delta(version, added, closed, history)


class Behind(RuntimeError):
    """The shared store has a newer version than the one this write was made against."""


def publish_version(pg, delta: Delta) -> None:
    """Write ``delta`` in ONE PostgreSQL transaction, under the writers' lock, and notify the other replicas.

    Raises Behind when the store's newest version is not ``delta.version - 1`` (another editor committed first):
    then nothing is written. A writer killed at any point leaves the version whole or absent: PostgreSQL rolls back
    a transaction whose client vanished.
    """
    try:
        with pg.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock($1)", (WRITE_LOCK,))
            cur.execute(f"select coalesce(max(version), 0) from {HISTORY}")
            if int(cur.fetchone()[0]) != delta.version - 1:
                raise Behind()
            for table, rows in delta.added.items():
                cur.adbc_ingest(table, rows, mode="append")
            for table, hashes in delta.closed.items():
                cur.adbc_ingest("closing_rows", hashes, mode="create", temporary=True)
                # The table name comes from the store's own catalogue (tables.sql), never from user text.
                cur.execute(f'update "{table}" set version_removed = $1 from closing_rows '
                            f'where "{table}".version_removed is null and "{table}".row_hash = closing_rows.row_hash',
                            (delta.version,))
                cur.execute("drop table closing_rows")
            cur.adbc_ingest(HISTORY, delta.history, mode="append")
            cur.execute("select pg_notify($1, $2)", (CHANNEL, str(delta.version)))
        pg.commit()
    except BaseException:
        try:
            pg.rollback()
        except adbc_driver_manager.Error:
            pass
        raise


def read_versions(pg, con: duckdb.DuckDBPyConnection, tables: list[str], after: int) -> tuple[int, Delta | None]:
    """Every row of the versions after ``after``, read in one snapshot: (newest version, rows as a Delta).

    The snapshot (repeatable read) and the bounds keep a version committed meanwhile out of it entirely.

    ``added`` holds the rows added after ``after`` (with their ``version_removed``); ``closed`` the hashes and
    ``version_removed`` of older rows closed since. None when there is nothing newer.
    """
    pg.rollback()  # ADBC has begun a transaction; the snapshot's setting must come before its first query
    with pg.cursor() as cur:
        cur.execute("set transaction isolation level repeatable read, read only")
        cur.execute(f"select coalesce(max(version), 0) from {HISTORY}")
        newest = int(cur.fetchone()[0])
        if newest <= after:
            pg.rollback()
            return newest, None
        added, closed = {}, {}
        bounds = (after, newest)
        for table in tables:
            values = ", ".join(f'"{name}"' if name != "version_removed" else
                               "case when version_removed <= $2 then version_removed end as version_removed"
                               for name, _ in columns_of(con, table))
            cur.execute(f'select {values} from "{table}" where version_added > $1 and version_added <= $2', bounds)
            rows = cur.fetch_arrow_table()
            cur.execute(f'select row_hash, version_removed from "{table}" '
                        "where version_added <= $1 and version_removed > $1 and version_removed <= $2", bounds)
            gone = cur.fetch_arrow_table()
            if rows.num_rows:
                added[table] = rows
            if gone.num_rows:
                closed[table] = gone
        cur.execute(f"select * from {HISTORY} where version > $1 and version <= $2 order by version", bounds)
        history = cur.fetch_arrow_table()
    pg.rollback()
    return newest, Delta(newest, added, closed, history)
