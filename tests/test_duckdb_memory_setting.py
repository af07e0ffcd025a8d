"""ARMSDASH_DUCKDB_MEMORY bounds DuckDB's memory (the 10M-deal RSS target depends on it)."""

import pytest

from armsdash import db


def test_memory_limit_is_applied(monkeypatch):
    monkeypatch.setenv("ARMSDASH_DUCKDB_MEMORY", "200MB")
    con = db.connect(":memory:")
    limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.close()
    assert limit.replace(" ", "").upper() in {"190.7MIB", "200.0MB", "200MB"}


def test_a_malformed_limit_is_refused(monkeypatch):
    monkeypatch.setenv("ARMSDASH_DUCKDB_MEMORY", "200MB'; drop table sources; --")
    with pytest.raises(ValueError, match="ARMSDASH_DUCKDB_MEMORY"):
        db.connect(":memory:")
