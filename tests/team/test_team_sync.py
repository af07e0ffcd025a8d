"""Team mode in one process: replicas of one shared PostgreSQL store catch up, agree on every version, refuse the
loser of two commits at once, survive a writer killed mid-commit, and keep serving while PostgreSQL is down.

Each test gets a fresh shared store of the bundled data (``team_store_copy``) on the session's throwaway cluster.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from armsdash import config, metrics
from armsdash.ingest import commit, uploads
from armsdash.store import build, db, replica, shared
from tests.conftest import team_store_copy

SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
SOURCE = "sipri_fs_2023_thehindu"
SUPPLIERS = ("FRA", "ISR", "USA", "DEU", "GBR")


@pytest.fixture
def first(pg_cluster, team_template, tmp_path, monkeypatch):
    """The path of a replica of a fresh shared store (team mode on for the test)."""
    return team_store_copy(pg_cluster, team_template, tmp_path, monkeypatch)


def upload(con, supplier: str, share: float = 3, author: str = "ana"):
    checked = uploads.check_upload(con, (SHARES + f"IND,{supplier},2019,2023,{share},{SOURCE},\n").encode())
    assert checked.ok, [p.message() for p in checked.problem_list(5)]
    return commit.commit(con, checked, author=author)


def visible(con, version: int) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every data table's rows visible at ``version``."""
    return {t: con.execute(f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from (select * exclude "
                           f'(version_added, version_removed) from "{t}" where version_added <= $v and '
                           "(version_removed is null or version_removed > $v)) as t", {"v": version}).fetchone()
            for t in db.data_tables(con)}


def shared_versions() -> list[int]:
    pg = shared.connect(config.store_url())
    try:
        with pg.cursor() as cur:
            cur.execute("select version from data_versions order by version")
            return [r[0] for r in cur.fetchall()]
    finally:
        pg.close()


def new_replica(path):
    build.build_store(path)
    return db.connect(path)


def test_a_replica_started_after_five_versions_catches_up_and_agrees_on_each(first, tmp_path):
    con = db.connect(first)
    for supplier in SUPPLIERS:
        upload(con, supplier)
    commit.undo_to_before(con, 4, "bo")  # an undo closes and reopens rows: the hardest kind to copy
    started = time.perf_counter()
    late = new_replica(tmp_path / "late.duckdb")
    assert time.perf_counter() - started < 30  # seconds at the bundled size, not minutes
    assert db.current_version(late) == db.current_version(con) == 7
    assert shared_versions() == list(range(1, 8))
    for version in range(1, 8):
        assert visible(late, version) == visible(con, version), version
    assert commit.history(late).drop(columns="created_at").equals(commit.history(con).drop(columns="created_at"))


def test_a_pinned_version_gives_the_same_chart_data_on_two_replicas(first, tmp_path):
    one = db.connect(first)
    upload(one, "FRA", 40)
    two = new_replica(tmp_path / "two.duckdb")
    upload(two, "FRA", 45, author="bo")  # version 3, written on the second replica
    replica.pull(one)
    for version in (1, 2, 3):
        params = {"recipient": "IND", "v": version}
        frames = [metrics.run_metric(con, "published_shares_by_period", params) for con in (one, two)]
        assert frames[0].equals(frames[1]), version
    for version, expected in ((2, 40.0), (3, 45.0)):
        shares = metrics.run_metric(two, "published_shares_by_period", {"recipient": "IND", "v": version})
        france = shares[(shares["supplier_code"] == "FRA") & (shares["period_start"] == 2019)]
        assert france["share_pct"].tolist() == [expected]


def test_two_editors_committing_at_once_on_two_replicas_get_one_version_or_the_message(first, tmp_path):
    replicas = [db.connect(first), new_replica(tmp_path / "two.duckdb")]
    files = [uploads.check_upload(con, (SHARES + f"IND,{s},2019,2023,3,{SOURCE},\n").encode())
             for con, s in zip(replicas, ("FRA", "ISR"))]
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def write(con, checked):
        start.wait()
        try:
            outcomes.append(f"committed {commit.commit(con, checked, author='x').version}")
        except commit.Conflict as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=write, args=pair) for pair in zip(replicas, files)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) in (["committed 2", "committed 3"], ["Another editor committed first; nothing was "
                                                                  "written. Review the new preview and commit "
                                                                  "again.", "committed 2"]), outcomes
    versions_now = shared_versions()
    assert versions_now == list(range(1, len(versions_now) + 1))  # never a reused or skipped number
    for con in replicas:
        replica.pull(con)
    assert visible(replicas[0], versions_now[-1]) == visible(replicas[1], versions_now[-1])


def test_a_writer_killed_between_sending_its_rows_and_the_commit_leaves_no_trace(first):
    env = {**os.environ, "PYTHONPATH": str(config.REPO_ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "tests.support.team_fault_child", str(first)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=config.REPO_ROOT)
    try:
        assert child.stdout.readline().strip() == "writing"
        assert child.stdout.readline().strip() == "sent"  # rows of version 2 sit in PostgreSQL's open transaction
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert shared_versions() == [1]
    con = db.connect(first)
    pg = shared.connect(config.store_url())
    try:
        with pg.cursor() as cur:
            cur.execute("select count(*) from published_import_shares where version_added > 1 "
                        "or version_removed is not null")
            assert cur.fetchone()[0] == 0  # no row of the killed version, none closed
    finally:
        pg.close()
    assert upload(con, "ISR").version == 2  # the next write takes the number the killed one never got


def test_while_postgresql_is_down_the_replica_serves_its_data_refuses_writes_and_recovers(first, pg_cluster):
    con = db.connect(first)
    replica.follow(con)
    try:
        before = visible(con, 1)
        pg_cluster.stop("immediate")
        try:
            deadline = time.monotonic() + 20
            while replica.status().reachable and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not replica.status().reachable and replica.status().version == 1
            with pytest.raises(commit.Conflict, match="shared store .PostgreSQL. cannot be reached"):
                upload(con, "FRA")
            assert visible(con, 1) == before and db.current_version(con) == 1  # still served, nothing lost
        finally:
            pg_cluster.start()
        deadline = time.monotonic() + 30
        while not replica.status().reachable and time.monotonic() < deadline:
            time.sleep(0.1)
        assert replica.status().reachable
        assert upload(con, "FRA").version == 2
    finally:
        replica.stop_following()


def test_a_store_file_of_the_embedded_mode_is_refused_as_a_replica_copy(first, built_store, tmp_path):
    import shutil

    embedded = tmp_path / "embedded.duckdb"
    shutil.copy(built_store, embedded)
    with pytest.raises(replica.ReplicaError, match="embedded store's data"):
        build.build_store(embedded)
    assert db.current_version(db.connect(embedded, read_only=True)) == 1  # left as it was
