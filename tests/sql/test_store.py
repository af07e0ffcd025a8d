"""The store: schema creation, the build from data/, and that a second start keeps uploads."""

import csv

import pytest

from armsdash import config
from armsdash.contracts import CONTRACTS
from armsdash.store import build, db


def _table_names(connection):
    return sorted(r[0] for r in connection.execute("select table_name from information_schema.tables").fetchall())


def test_schema_creation_is_idempotent(con):
    before = _table_names(con)
    db.ensure_schema(con)
    db.ensure_schema(con)
    assert _table_names(con) == before
    assert {"sources", "delivery_records", "published_import_shares", "data_versions"} <= set(before)


def test_build_loads_every_bundled_csv_row(tmp_path):
    path = tmp_path / "store.duckdb"
    assert build.build_store(path) is True
    con = db.connect(path)
    for table, contract in CONTRACTS.items():
        seed = build.seed_file(config.DATA_DIR, contract)
        if not seed.exists():
            continue
        with seed.open(newline="", encoding="utf-8") as handle:
            expected = sum(1 for _ in csv.DictReader(handle))
        got = con.execute(f"select count(*) from {table}_at(1)").fetchone()[0]
        assert got == expected, table
    assert db.current_version(con) == 1
    assert con.execute("select action from data_versions").fetchall() == [("build",)]


def test_bundled_india_rows_are_all_sourced(built_store):
    con = db.connect(built_store, read_only=True)
    orphans = con.execute(
        "select count(*) from delivery_records_at(1) d "
        "where not exists (select 1 from sources_at(1) s where s.source_id = d.source_id)"
    ).fetchone()[0]
    estimates = con.execute("select bool_and(is_estimate) from inventory_origin_at(1)").fetchone()[0]
    con.close()
    assert orphans == 0
    assert estimates is True


def test_second_start_keeps_uploaded_rows(tmp_path):
    path = tmp_path / "store.duckdb"
    build.build_store(path)
    con = db.connect(path)
    con.execute("insert into data_versions (version, created_at, action) values (2, current_timestamp, 'upload')")
    con.execute("insert into sources (source_id, title, version_added) values ('mine', 'My note', 2)")
    con.close()
    assert build.build_store(path) is False
    con = db.connect(path)
    assert con.execute("select title from sources_at(2) where source_id = 'mine'").fetchall() == [("My note",)]
    con.close()


def test_seed_with_wrong_header_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "sources.csv").write_text("id,title\nx,y\n", encoding="utf-8")
    with pytest.raises(build.SeedError, match="sources.csv: header is"):
        build.build_store(tmp_path / "store.duckdb", data)
    assert not (tmp_path / "store.duckdb").exists()
