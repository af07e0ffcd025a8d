"""Shared fixtures: a fresh in-memory store per test, and a helper to insert hand-made rows."""

from __future__ import annotations

import pytest

from armsdash.store import db, deal_years, delivery_programmes


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
    """Insert ``rows`` (dicts of column -> value) into ``table`` as data version ``version``.

    Deals also get their derived ``sipri_deal_years`` rows, as every writer of the app does (``deal_years``), and
    delivery records and sources their ``delivery_programmes`` (``delivery_programmes``).
    """
    for row in rows:
        columns = list(row) + ["version_added"]
        placeholders = ", ".join(f"${c}" for c in columns)
        connection.execute(
            f"insert into {table} ({', '.join(columns)}) values ({placeholders})",
            {**row, "version_added": version},
        )
    if table == "sipri_deals":
        deal_years.refresh(connection)
    if table in ("delivery_records", "sources"):
        delivery_programmes.refresh(connection)


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """Streamlit's caches and the app's own (metric results, figures) outlive an AppTest run; clear them so tests
    cannot see each other's data."""
    import streamlit as st

    from armsdash.web import cache

    st.cache_data.clear()
    st.cache_resource.clear()
    cache.forget_results()
    yield


@pytest.fixture(scope="session")
def built_store(tmp_path_factory):
    """A store built from the bundled data/ once per session; tests must not write to it."""
    from armsdash.store import build

    path = tmp_path_factory.mktemp("store") / "armsdash.duckdb"
    build.build_store(path)
    return path


@pytest.fixture
def app_store(built_store, tmp_path, monkeypatch):
    """A private copy of the bundled store, pointed to by ARMSDASH_DB, for AppTest runs."""
    import shutil

    path = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, path)
    monkeypatch.setenv("ARMSDASH_DB", str(path))
    return path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory, built_store):
    """The real server on the bundled data, shared by browser tests that only read."""
    import shutil

    from tests.support.live_server import running_server

    path = tmp_path_factory.mktemp("live") / "armsdash.duckdb"
    shutil.copy(built_store, path)
    with running_server(path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    from tests.support.live_server import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (own context: no cookies or storage shared between tests)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    new_page = context.new_page()
    new_page.set_default_timeout(60_000)
    yield new_page
    context.close()


@pytest.fixture(autouse=True)
def _run_the_entry_script_on_every_apptest_run(monkeypatch):
    """Make AppTest run dashboard.py on every run, as the server does.

    The ONE place the tests reach inside Streamlit; checked against Streamlit 1.67 (the release in the venv).
    AppTest resets ``PagesManager.uses_pages_directory`` before each run, and with a ``pages/`` folder
    beside dashboard.py it becomes True, so every run after the first would execute the page file alone
    (Streamlit's old pages-folder mode). The app itself copes (each page's ``app.require_entry()`` calls
    the public ``st.navigation`` and reruns), but a run that hands over costs a second run per step;
    the server leaves that mode for good on the first ``st.navigation`` call, as this does for AppTest.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


# sums may differ in their last digits with the order they were added in
_DEAL_YEARS = ", ".join(f"round({c}, 6)" if c in ("units", "tiv_mn") else c for c in deal_years.COLUMNS)


def deal_years_mismatches(connection) -> int:
    """Rows by which the stored ``sipri_deal_years`` differ from a fresh derivation of every deal (0: current)."""
    stored = f"select {_DEAL_YEARS} from sipri_deal_years"
    fresh = f"select {_DEAL_YEARS} from sipri_deal_years_derived(null)"
    return connection.execute(f"select count(*) from (({stored} except all {fresh}) "
                              f"union all ({fresh} except all {stored}))").fetchone()[0]


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster for the session (``tests/support/pg_cluster.py``); never skipped."""
    from tests.support.pg_cluster import running_cluster

    with running_cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def team_template(pg_cluster, tmp_path_factory):
    """A shared store seeded from data/ (database ``armsdash_template``) and a replica's copy of it, made once."""
    from armsdash.store import build

    url = pg_cluster.create_database("armsdash_template")
    path = tmp_path_factory.mktemp("team") / "replica.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARMSDASH_STORE", url)
        build.build_store(path)
    return path


_TEAM_DATABASES = iter(range(1, 1_000_000))


def team_store_copy(pg_cluster, team_template, folder, monkeypatch):
    """A fresh shared store of the bundled data (a copy of the template database) and a replica's copy of it in
    ``folder``; team mode is switched on for the test. Returns the replica's path."""
    import shutil

    name = f"armsdash_{next(_TEAM_DATABASES)}"
    pg_cluster.create_database(name, template="armsdash_template")
    path = folder / "replica.duckdb"
    shutil.copy(team_template, path)
    monkeypatch.setenv("ARMSDASH_STORE", pg_cluster.url(name))
    monkeypatch.setenv("ARMSDASH_DB", str(path))
    return path


@pytest.fixture(params=["duckdb", "postgresql"])
def store_backend(request):
    """Which store a test of the store's behaviour runs against: embedded DuckDB, or a team replica."""
    return request.param


@pytest.fixture
def store(store_backend, built_store, tmp_path, monkeypatch, request):
    """A private store of the bundled data (version 1), on each backend: a copy of the built DuckDB file, or a
    replica of a fresh shared PostgreSQL store (building either per test would be slow)."""
    import shutil

    if store_backend == "postgresql":
        path = team_store_copy(request.getfixturevalue("pg_cluster"), request.getfixturevalue("team_template"),
                               tmp_path, monkeypatch)
    else:
        path = tmp_path / "store.duckdb"
        shutil.copy(built_store, path)
    connection = db.connect(path)
    yield connection
    connection.close()
