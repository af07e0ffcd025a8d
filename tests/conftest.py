"""Shared fixtures: a fresh in-memory store per test, and a helper to insert hand-made rows."""

from __future__ import annotations

import pytest

from armsdash import db


@pytest.fixture
def con():
    """An in-memory DuckDB with the schema and data version 1 recorded."""
    connection = db.connect(":memory:")
    db.ensure_schema(connection)
    connection.execute(
        "insert into data_versions (version, created_at, action) values (1, current_timestamp, 'build')"
    )
    yield connection
    connection.close()


def insert_rows(connection, table: str, rows: list[dict], version: int = 1) -> None:
    """Insert ``rows`` (dicts of column -> value) into ``table`` as data version ``version``."""
    for row in rows:
        columns = list(row) + ["version_added"]
        placeholders = ", ".join(f"${c}" for c in columns)
        connection.execute(
            f"insert into {table} ({', '.join(columns)}) values ({placeholders})",
            {**row, "version_added": version},
        )
