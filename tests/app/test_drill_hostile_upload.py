"""Hostile files against the upload: each is rejected with a row/column message or accepted cleanly.

Every file of ``bench.hostile.corpus()`` goes through the real read -> validate -> commit path
(``uploads.check_upload`` then ``commit.commit``). A rejected file leaves every table's
fingerprint unchanged and says what is wrong; a file marked ``must_reject`` is never
committed. Property test: no bytes at all make the validator raise.
"""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from armsdash.ingest import commit, uploads
from armsdash.store import db, replica, versions
from bench import hostile
from tests.conftest import team_store_copy
from tests.support.drills import store_fingerprint


@pytest.fixture
def upload_con(built_store, tmp_path):
    path = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, path)
    con = db.connect(path)
    yield con
    con.close()


def _check(con):
    def check(data: bytes, name: str) -> tuple[bool, str]:
        checked = uploads.check_upload(con, data, table="delivery_records")
        if not checked.ok:
            problems = checked.problem_list(3)
            return False, " | ".join(p.message() for p in problems) or checked.summary()
        try:
            commit.commit(con, checked, "append", author="hostile drill", file_name=name,
                          file_checksum=versions.checksum(data))
        except commit.CommitError as exc:
            return False, str(exc)
        return True, "committed"
    return check


@pytest.mark.parametrize("item", hostile.corpus(), ids=lambda f: f.name)
def test_hostile_file_is_rejected_clearly_or_accepted_cleanly(upload_con, item):
    [outcome] = hostile.run(upload_con, _check(upload_con), store_fingerprint, [item])
    if item.must_reject:
        assert not outcome.accepted, f"{item.name} ({item.what}) was committed"
    if not outcome.accepted:
        assert outcome.store_unchanged, f"{item.name} was rejected but the store changed"
        assert len(outcome.message) >= 10, f"{item.name}: the message says too little: {outcome.message!r}"
    else:
        assert not outcome.store_unchanged, f"{item.name} was 'committed' but nothing changed"
    assert outcome.seconds < 60


def test_the_hostile_corpus_against_a_replica_of_the_shared_postgresql_store(pg_cluster, team_template, tmp_path,
                                                                            monkeypatch):
    """The whole corpus, one file after another, on a team replica: the same outcomes, through PostgreSQL."""
    con = db.connect(team_store_copy(pg_cluster, team_template, tmp_path, monkeypatch))
    try:
        items = hostile.corpus()
        outcomes = hostile.run(con, _check(con), store_fingerprint, items)
        for item, outcome in zip(items, outcomes, strict=True):
            if item.must_reject:
                assert not outcome.accepted, f"{item.name} ({item.what}) was committed"
            assert outcome.store_unchanged != outcome.accepted, item.name
        assert db.current_version(con) == 1 + sum(outcome.accepted for outcome in outcomes)
        replica.pull(con)  # what PostgreSQL holds is what the replica showed
        assert db.current_version(con) == 1 + sum(outcome.accepted for outcome in outcomes)
    finally:
        con.close()


@pytest.mark.slow
def test_a_100_mb_single_line_is_refused_without_change(upload_con):
    [outcome] = hostile.run(upload_con, _check(upload_con), store_fingerprint, [hostile.huge_line(100)])
    assert not outcome.accepted and outcome.store_unchanged
    assert outcome.message


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2048) | st.text(max_size=2048).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_no_bytes_make_the_validator_raise(upload_con, data):
    checked = uploads.check_upload(upload_con, data, table="delivery_records")
    assert checked.ok or checked.error_count > 0


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.text(max_size=30), min_size=14, max_size=14), max_size=5))
def test_no_cells_under_the_right_header_make_the_validator_raise(upload_con, rows):
    data = hostile._csv(rows).encode("utf-8", "surrogatepass")
    checked = uploads.check_upload(upload_con, data, table="delivery_records")
    assert checked.ok or checked.error_count > 0
