"""ARMSDASH_DUCKDB_MEMORY bounds DuckDB's memory (the 10M-deal RSS target depends on it)."""

import pytest

from armsdash.store import db

TWO_HUNDRED_MB = {"190.7MIB", "200.0MB", "200MB"}  # how DuckDB may print a 200MB limit


def memory_limit() -> str:
    """The memory limit of a new store connection, as DuckDB prints it (spaces dropped, upper case)."""
    con = db.connect(":memory:")
    limit = con.execute("select current_setting('memory_limit')").fetchone()[0]
    con.close()
    return limit.replace(" ", "").upper()


def test_memory_limit_is_applied(monkeypatch):
    monkeypatch.setenv("ARMSDASH_DUCKDB_MEMORY", "200MB")
    assert memory_limit() in TWO_HUNDRED_MB


def test_a_malformed_limit_is_refused(monkeypatch):
    monkeypatch.setenv("ARMSDASH_DUCKDB_MEMORY", "200MB'; drop table sources; --")
    with pytest.raises(ValueError, match="ARMSDASH_DUCKDB_MEMORY"):
        db.connect(":memory:")


def test_the_default_limit_is_200mb(monkeypatch):
    monkeypatch.delenv("ARMSDASH_DUCKDB_MEMORY", raising=False)
    assert memory_limit() in TWO_HUNDRED_MB


def test_default_leaves_duckdbs_own_limit(monkeypatch):
    monkeypatch.setenv("ARMSDASH_DUCKDB_MEMORY", "default")
    assert memory_limit() not in TWO_HUNDRED_MB


def test_a_large_write_spills_under_the_default_limit(monkeypatch, tmp_path):
    """A file-backed store writes more than its memory limit in one transaction: the data go to disk."""
    monkeypatch.setenv("ARMSDASH_DUCKDB_MEMORY", "64MB")
    con = db.connect(tmp_path / "big.duckdb")
    con.execute("begin transaction")
    # ~1.5M rows of 64 characters: about twice the limit
    con.execute("create table t as select i, md5(i::varchar) || md5((i + 1)::varchar) as s "
                "from range(1500000) r(i)")
    con.execute("commit")
    assert con.execute("select count(*) from t").fetchone()[0] == 1_500_000
    con.close()


def test_a_store_spills_beside_itself(tmp_path):
    con = db.connect(tmp_path / "store.duckdb")
    spill = con.execute("select current_setting('temp_directory')").fetchone()[0]
    con.close()
    assert spill == str(tmp_path / "store.duckdb") + ".tmp"


def test_the_delivery_programmes_of_many_records_are_derived_within_a_small_limit(monkeypatch, tmp_path):
    """Issue 20: a large delivery upload ran the delivery metrics out of memory. Its derived programmes are written
    in batches that spill instead of failing: 60k records under a 32MB limit."""
    from armsdash.metrics import run_metric
    from armsdash.store import delivery_programmes
    from bench import generate

    monkeypatch.setenv("ARMSDASH_DUCKDB_MEMORY", "32MB")
    monkeypatch.setattr(delivery_programmes, "BATCH_ROWS", 20_000)  # several batches, one recipient in shards
    con = db.connect(tmp_path / "big.duckdb")
    db.ensure_schema(con)
    con.execute("insert into data_versions (version, created_at, action) values (1, current_timestamp, 'build')")
    generate.add_synthetic_delivery_records(con, 60_000)
    assert con.execute("select count(*) from delivery_programmes").fetchone()[0] == 60_000
    overview = run_metric(con, "delivery_overview", {"recipient": "IND", "as_of": "2026-06-15"}).iloc[0]
    assert overview.n_programmes == con.execute(
        "select count(*) from delivery_records where recipient_code = 'IND'").fetchone()[0]
    con.close()
