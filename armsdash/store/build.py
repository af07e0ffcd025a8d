"""Build the store from the versioned CSV files in ``data/`` (the bundled data)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import duckdb

from armsdash import config
from armsdash.contracts import VERSIONED_TABLES, TableContract
from armsdash.store import db, deal_years, delivery_programmes, versions

BUILD_VERSION = 1


class SeedError(ValueError):
    """A bundled CSV file does not match its table's contract."""


def seed_file(data_dir: Path, contract: TableContract) -> Path:
    """Return the path of the bundled CSV for ``contract`` (``data/<table>.csv``)."""
    return data_dir / f"{contract.table}.csv"


def _check_header(path: Path, contract: TableContract) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), [])
    if header != contract.column_names:
        raise SeedError(
            f"{path.name}: header is {header}, expected {contract.column_names} (the {contract.table} contract)"
        )


def load_seed(con: duckdb.DuckDBPyConnection, path: Path, contract: TableContract, version: int) -> int:
    """Insert the rows of one bundled CSV as data version ``version``; return the row count."""
    _check_header(path, contract)
    columns = ", ".join(contract.column_names)
    # The table and column names come from the fixed contract, never from user text.
    con.execute(
        f"insert into {contract.table} ({columns}, version_added) "
        f"select {columns}, $version from read_csv($path, header = true, auto_detect = false, "
        "delim = ',', quote = '\"', escape = '\"', columns = $columns)",
        {"path": str(path), "version": version, "columns": contract.duckdb_columns()},
    )
    return con.execute(f"select count(*) from {contract.table} where version_added = $v", {"v": version}).fetchone()[0]


def populate(con: duckdb.DuckDBPyConnection, data_dir: Path) -> dict[str, int]:
    """Create the schema and load every bundled CSV in one transaction; return rows per table."""
    db.ensure_schema(con)
    counts: dict[str, int] = {}
    con.execute("begin transaction")
    try:
        for contract in VERSIONED_TABLES.values():
            path = seed_file(data_dir, contract)
            if path.exists():
                counts[contract.table] = load_seed(con, path, contract, BUILD_VERSION)
        deal_years.refresh(con)
        delivery_programmes.refresh(con)
        con.execute(
            "insert into data_versions (version, created_at, author, action, rows_added, note) "
            "values ($v, current_timestamp, 'build', 'build', $n, $note)",
            {"v": BUILD_VERSION, "n": sum(counts.values()), "note": f"Built from {data_dir.name}/"},
        )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts


def seed_new_tables(con: duckdb.DuckDBPyConnection, data_dir: Path, tables: list[str]) -> int:
    """Load the bundled CSVs of ``tables`` (just created by a migration) as one new data version; return its rows.

    A store built by an earlier release gets a newer release's bundled tables (makers, listings, ...) the way a
    new store does, recorded in the history; a table without a bundled file stays empty.
    """
    contracts = [VERSIONED_TABLES[t] for t in tables if t in VERSIONED_TABLES]
    contracts = [c for c in contracts if seed_file(data_dir, c).exists()]
    if not contracts:
        return 0
    version = versions.next_version(con)
    counts = {c.table: load_seed(con, seed_file(data_dir, c), c, version) for c in contracts}
    versions.record_version(con, version, action="build", author="build", rows_added=sum(counts.values()),
                            note=f"Bundled rows of the new tables {', '.join(counts)} added from {data_dir.name}/")
    return sum(counts.values())


def migrate_store(path: Path, data_dir: Path | None = None) -> list[str]:
    """Bring the existing store at ``path`` to the current schema (``db.migrate``); return the columns added.

    A store built by an earlier release lacks newer tables, columns and macros, and every page
    would fail on it; this runs on every open, is idempotent and keeps every row. Tables the
    migration creates get their bundled rows from ``data_dir`` (``seed_new_tables``).
    """
    source_dir = Path(data_dir if data_dir is not None else config.DATA_DIR)
    con = db.connect(path)
    try:
        return db.migrate(con, lambda con, tables: seed_new_tables(con, source_dir, tables))
    finally:
        con.close()


def build_store(path: Path | None = None, data_dir: Path | None = None, *, rebuild: bool = False) -> bool:
    """Build the store at ``path`` from ``data_dir`` unless it exists; return True if built.

    An existing store is migrated to the current schema instead (``migrate_store``), its rows kept.

    The store is written to a temporary file and moved into place, so a crash during
    the build never leaves a half-built store that later starts would take as complete.
    With ``rebuild`` an existing store (and every upload in it) is replaced.

    In team mode (``config.store_url()``) the file is this replica's copy of the shared store instead: see
    ``_build_replica``.
    """
    target = Path(path if path is not None else config.db_path())
    source_dir = Path(data_dir if data_dir is not None else config.DATA_DIR)
    if config.store_url() is not None:
        return _build_replica(target, source_dir, rebuild=rebuild)
    if target.exists() and not rebuild:
        migrate_store(target, source_dir)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".building")
    for leftover in (partial, Path(str(partial) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = db.connect(partial)
    try:
        populate(con, source_dir)
        con.execute("checkpoint")
    finally:
        con.close()
    Path(str(target) + ".wal").unlink(missing_ok=True)
    os.replace(partial, target)
    return True


def _build_replica(target: Path, source_dir: Path, *, rebuild: bool) -> bool:
    """Team mode: bring this replica's copy at ``target`` to the shared store's newest version; True if made anew.

    The shared store is built from ``source_dir`` only when it has no data version yet. ``rebuild`` starts the local
    copy again from the shared store; the shared data is never replaced from here.
    """
    from armsdash.store import replica  # not at the top: replica seeds an empty shared store with populate()

    made = rebuild or not target.exists()
    if rebuild:
        for leftover in (target, Path(str(target) + ".wal")):
            leftover.unlink(missing_ok=True)
    replica.prepare(target, source_dir)
    return made
