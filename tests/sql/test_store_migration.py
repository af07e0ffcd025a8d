"""A store built by an earlier schema opens: missing tables, columns and macros are added, uploads kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armsdash import metrics
from armsdash.store import build, db
from tests.conftest import deal_years_mismatches

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def _make_old(path: Path) -> None:
    """Turn a current store into one as an earlier release left it, with a user's upload in it."""
    con = db.connect(path)
    con.execute(
        "insert into data_versions (version, created_at, author, action, table_name, rows_added) "
        "values (2, current_timestamp, 'analyst', 'upload', 'sources', 1)"
    )
    con.execute(
        "insert into sources (source_id, title, publisher, version_added) "
        "values ('my_upload', 'My uploaded source', 'Me', 2)"
    )
    # columns, tables and macros that came with later releases
    con.execute("alter table sipri_releases drop column all_suppliers")
    con.execute("alter table data_versions drop column rows_changed")
    for macro in (
        "tiv_yearly_for",
        "tiv_yearly_at",
        "sipri_deals_preferred_at",
        "sipri_deals_preferred_for",
        "programme_delays_at",
        "concentration_for",
        "service_life_at",
        "sipri_deal_years_preferred_for",
        "sipri_deal_years_at",
        "sipri_preferred_for",
        "sipri_deal_years_derived",
    ):
        con.execute(f"drop macro table if exists {macro}")
    con.execute("drop table service_life")
    for table in ("entities", "designations", "systems", "licence_production", "events"):  # sanctions and industry
        con.execute(f"drop table {table}")
    con.execute("drop table sipri_deal_years")
    con.execute("drop table store_schema")  # earlier releases recorded no schema digest
    con.execute("checkpoint")
    con.close()


@pytest.fixture
def old_store(built_store, tmp_path, monkeypatch):
    path = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, path)
    _make_old(path)
    monkeypatch.setenv("ARMSDASH_DB", str(path))
    return path


def test_the_simulated_old_store_breaks_without_the_migration(old_store):
    con = db.connect(old_store, read_only=True)
    with pytest.raises(Exception, match="service_life_at|tiv_yearly_for|does not exist"):
        metrics.run_metric(con, "arsenal_from_deliveries", {"recipient": "IND", "as_of": 2025, "combine_russia": 0})
    con.close()


def test_opening_migrates_and_keeps_the_upload(old_store):
    assert build.build_store(old_store) is False  # the app's path: build if absent, else migrate
    con = db.connect(old_store, read_only=True)
    try:
        columns = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns where table_name = 'sipri_releases'"
            ).fetchall()
        }
        assert "all_suppliers" in columns
        assert con.execute("select rows_changed from data_versions where version = 2").fetchone() == (0,)
        assert con.execute("select title from sources_at(2) where source_id = 'my_upload'").fetchall() == [
            ("My uploaded source",)
        ]
        assert db.current_version(con) == 3  # the bundled rows of the tables the migration created
        # the derived delivery years are there, from every deal the store holds
        assert (
            con.execute("select sum(n_deals) from sipri_deal_years").fetchone()[0]
            >= con.execute("select count(*) from sipri_deals").fetchone()[0]
            > 0
        )
        assert deal_years_mismatches(con) == 0
        # the tables the migration created (service_life, the sanctions-and-industry ones) get their bundled
        # rows as a new version, recorded in the history; version 2 stays as the user left it
        for table in ("service_life", "entities", "designations", "systems", "licence_production", "events"):
            assert con.execute(f"select count(*) from {table}_at(2)").fetchone() == (0,)
            assert con.execute(f"select count(*) from {table}_at(3)").fetchone()[0] > 0, table
        action, note = con.execute("select action, note from data_versions where version = 3").fetchone()
        assert action == "build" and "designations" in note and "service_life" in note
        for metric in metrics.list_metrics():
            params = {
                "recipient": "IND",
                "supplier": "RUS",
                "from": 2009,
                "to": 2023,
                "top": 5,
                "combine_russia": 0,
                "window": 5,
                "as_of": 2025,
                "recipients": "IND,PAK",
            }
            if metric.params.get("supplier") == "text":
                params["supplier"] = "all"
            if metric.params.get("as_of") == "date":
                params["as_of"] = "2025-06-30"
            metrics.run_metric(con, metric.name, {k: v for k, v in params.items() if k in metric.params})
    finally:
        con.close()


def test_migration_is_idempotent_and_changes_no_rows(old_store):
    first = build.migrate_store(old_store)
    assert set(first) == {"sipri_releases.all_suppliers", "data_versions.rows_changed"}
    con = db.connect(old_store)
    before = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in db.versioned_tables(con)}
    con.close()
    assert build.migrate_store(old_store) == []
    con = db.connect(old_store)
    after = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in db.versioned_tables(con)}
    con.close()
    assert after == before


def test_a_failing_migration_leaves_the_store_as_it_was(old_store, monkeypatch):
    def broken(con, tables):
        con.execute("create table half_done (x integer)")
        raise RuntimeError("interrupted")

    monkeypatch.setattr(db, "_add_missing_columns", broken)
    with pytest.raises(RuntimeError, match="interrupted"):
        build.migrate_store(old_store)
    con = db.connect(old_store, read_only=True)
    tables = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    con.close()
    assert "half_done" not in tables and "service_life" not in tables


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_old_store(old_store, page):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = "IND"
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_a_current_store_is_opened_without_migrating_and_a_changed_schema_migrates_it(
    built_store, tmp_path, monkeypatch
):
    path = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, path)
    con = db.connect(path)
    assert con.execute("select schema_sha256 from store_schema").fetchall() == [(db.schema_digest(),)]
    con.execute("drop macro table tiv_yearly_at")  # a change the digest does not know about
    con.close()
    build.migrate_store(path)  # same digest: left alone
    con = db.connect(path)
    assert not con.execute("select count(*) from duckdb_functions() where function_name = 'tiv_yearly_at'").fetchone()[
        0
    ]
    con.close()
    monkeypatch.setattr(db, "schema_digest", lambda: "a later schema.sql")
    build.migrate_store(path)  # another digest: migrated, and the new digest recorded
    con = db.connect(path)
    assert con.execute("select count(*) from duckdb_functions() where function_name = 'tiv_yearly_at'").fetchone()[0]
    assert con.execute("select schema_sha256 from store_schema").fetchall() == [("a later schema.sql",)]
    con.close()
