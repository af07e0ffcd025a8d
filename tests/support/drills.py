"""Helpers shared by the drills (fault, concurrency, hostile files): fingerprints of a whole store."""

from __future__ import annotations

from pathlib import Path

import duckdb


def store_fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every row, for every table of the store.

    Two stores with equal fingerprints hold the same rows (up to a 64-bit hash collision).
    """
    tables = [r[0] for r in con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_type = 'BASE TABLE' order by table_name").fetchall()]
    result = {}
    for name in tables:
        # names come from the catalogue, quoted as identifiers
        count, digest = con.execute(f'select count(*), coalesce(bit_xor(hash(t)), 0) from "{name}" t').fetchone()
        result[name] = (int(count), int(digest))
    return result


def file_fingerprint(path: Path) -> dict[str, tuple[int, int]]:
    """``store_fingerprint`` of the store file at ``path`` (opened read-only, then closed)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return store_fingerprint(con)
    finally:
        con.close()
