"""A team-mode replica: a local DuckDB copy of the shared PostgreSQL store, kept at its newest data version.

Pages and metrics read the copy, so the metric SQL stays DuckDB's. A write is made in the copy inside a
transaction, as in the embedded store; instead of committing it there, ``publish`` sends its rows to the shared
store as one PostgreSQL transaction, drops the local transaction and pulls the version back like any other. The copy
takes each new version whole, in one DuckDB transaction (``pull``), so a page run never mixes versions. A follower
thread per process listens for new versions (LISTEN/NOTIFY, with a poll as a fallback), and keeps serving what it
has while PostgreSQL is down (``status``). No Streamlit here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import adbc_driver_manager
import duckdb
import psycopg

from armsdash import config
from armsdash.store import db, deal_years, delivery_programmes, shared

POLL_SECONDS = 2.0  # the follower checks at least this often, in case a notification was missed
MARK = "replica_of"  # local table: the identity of the shared store this copy mirrors
_WRITES = threading.Lock()  # one pull or publish at a time in this process


class ReplicaError(RuntimeError):
    """The local copy cannot serve as this replica's (the message says what to do)."""


@dataclass
class Status:
    """What the follower last saw: whether the shared store answered, and the version served."""

    reachable: bool = True
    version: int = 0
    since: datetime | None = None


_STATUS = Status()


def status() -> Status:
    """The replica's state for the pages' banner (always reachable for the embedded store)."""
    return _STATUS


def _mark(con: duckdb.DuckDBPyConnection, reachable: bool) -> None:
    if _STATUS.reachable != reachable:
        _STATUS.since = datetime.now()
    _STATUS.reachable = reachable
    _STATUS.version = db.current_version(con)


def _store_id(con: duckdb.DuckDBPyConnection) -> str | None:
    con.execute(f"create table if not exists {MARK} (store_id varchar)")
    row = con.execute(f"select any_value(store_id) from {MARK}").fetchone()
    return row[0] if row else None


def _apply(con: duckdb.DuckDBPyConnection, delta: shared.Delta, after: int) -> None:
    """Write the rows of the versions after ``after`` into the copy, and derive their tables, in one transaction."""
    con.execute("begin transaction")
    try:
        for table, rows in delta.added.items():
            con.register("pulled_rows", rows)
            # Table names come from the store's own catalogue (tables.sql), never from user text.
            con.execute(f'insert into "{table}" by name select * from pulled_rows').fetchall()
            con.unregister("pulled_rows")
        for table, gone in delta.closed.items():
            names = [name for name, _ in shared.columns_of(con, table)]
            con.register("closing_rows", gone)
            con.execute(f'update "{table}" as t set version_removed = c.version_removed from closing_rows as c '
                        f"where t.version_removed is null and {shared.row_hash_sql(names, 't')} = c.row_hash")
            con.unregister("closing_rows")
        con.register("pulled_history", delta.history)
        con.execute(f"insert into {shared.HISTORY} by name select * from pulled_history").fetchall()
        con.unregister("pulled_history")
        if after == 0:
            deal_years.refresh(con)
            delivery_programmes.refresh(con)
        else:
            pulled = range(after + 1, delta.version + 1)
            for derived in (deal_years, delivery_programmes):
                derived.refresh(con, {code for v in pulled for code in derived.recipients_written(con, v)})
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def pull(con: duckdb.DuckDBPyConnection, pg=None, url: str | None = None) -> int:
    """Bring the copy to the shared store's newest version; return the version it now serves.

    ``pg`` is an open connection to the shared store, else one is opened to ``url`` (default: the configured one).
    Raises StoreUnavailable when the shared store cannot be reached (the copy is unchanged).
    """
    own = pg is None
    pg = shared.connect(url or config.store_url()) if own else pg
    try:
        with _WRITES:
            after = db.current_version(con)
            try:
                _newest, delta = shared.read_versions(pg, con, db.data_tables(con), after)
            except adbc_driver_manager.Error as exc:
                raise shared.StoreUnavailable(shared.UNREACHABLE) from exc
            if delta is not None:
                _apply(con, delta, after)
        _mark(con, True)
        return db.current_version(con)
    finally:
        if own:
            pg.close()


def publish(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """Send data ``version``, written in ``con``'s open transaction, to the shared store; then serve it.

    ``con``'s transaction is rolled back in every case: the version reaches the copy by ``pull``, as on every other
    replica. Raises shared.Behind when another editor committed first, StoreUnavailable when PostgreSQL is down.
    """
    try:
        delta = shared.delta_of(con, db.data_tables(con), version)
    finally:
        con.execute("rollback")
    pg = shared.connect(config.store_url())
    try:
        try:
            with _WRITES:
                shared.publish_version(pg, delta)
        except adbc_driver_manager.Error as exc:
            raise shared.StoreUnavailable(shared.UNREACHABLE) from exc
        finally:
            try:
                pull(con, pg)
            except (shared.StoreUnavailable, adbc_driver_manager.Error):
                pass  # the follower pulls when the store is back
    finally:
        pg.close()


def _seed(pg, con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Give an empty shared store the bundled data as version 1 (a replica that loses the race to do it pulls)."""
    from armsdash.store import build  # build.build_store hands team mode to this module

    scratch = db.connect(":memory:")
    try:
        build.populate(scratch, data_dir)
        try:
            shared.publish_version(pg, shared.delta_of(scratch, db.data_tables(scratch), build.BUILD_VERSION))
        except shared.Behind:
            pass  # another replica seeded it first
    finally:
        scratch.close()


def prepare(path: Path, data_dir: Path) -> None:
    """Make the file at ``path`` this replica's copy of the shared store, at its newest version.

    The shared store's tables are created on first use and seeded from ``data_dir``. A copy of another shared store
    (or of a rebuilt one) is started again from nothing; an embedded store's file is refused, never overwritten.
    When PostgreSQL cannot be reached, an existing copy is served as it is; a new one cannot start.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    con = db.connect(path)
    try:
        db.migrate(con)
        local_id = _store_id(con)
        if local_id is None and db.current_version(con) > 0:
            raise ReplicaError(f"{path} holds an embedded store's data; a team replica needs a file of its own: "
                               "set ARMSDASH_DB to a new path.")
        try:
            pg = shared.connect(config.store_url())
        except shared.StoreUnavailable:
            if local_id is None:
                raise
            _mark(con, False)
            return
        try:
            store_id = shared.ensure_schema(pg, con, db.data_tables(con))
            if local_id not in (None, store_id):
                con.close()
                path.unlink()
                Path(str(path) + ".wal").unlink(missing_ok=True)
                con = db.connect(path)
                db.migrate(con)
                _store_id(con)
            con.execute(f"delete from {MARK}")
            con.execute(f"insert into {MARK} values ($id)", {"id": store_id})
            if shared.newest_version(pg) == 0:
                _seed(pg, con, data_dir)
            pull(con, pg)
        finally:
            pg.close()
    finally:
        con.close()


class _Follower(threading.Thread):
    """Pulls each new version as it is announced; marks the store unreachable, and retries, while it is down."""

    def __init__(self, con: duckdb.DuckDBPyConnection, url: str):
        super().__init__(name="armsdash-replica-follower", daemon=True)
        self.con = con
        self.url = url
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as listener:
                    listener.execute(f"listen {shared.CHANNEL}")
                    while not self.stopped.is_set():
                        newest = listener.execute(f"select coalesce(max(version), 0) from {shared.HISTORY}")
                        if newest.fetchone()[0] > db.current_version(self.con):
                            pull(self.con, url=self.url)
                        _mark(self.con, True)
                        for _ in listener.notifies(timeout=POLL_SECONDS, stop_after=1):
                            pass
            except (psycopg.Error, shared.StoreUnavailable, adbc_driver_manager.Error, OSError):
                _mark(self.con, False)
                self.stopped.wait(POLL_SECONDS)
            except duckdb.ConnectionException:
                return  # the copy's connection was closed: the process switched stores
            except duckdb.Error:
                self.stopped.wait(POLL_SECONDS)  # a local writer held the rows; pull again on the next round


_FOLLOWERS: dict[int, _Follower] = {}


def follow(con: duckdb.DuckDBPyConnection) -> None:
    """Keep ``con``'s copy at the shared store's newest version from now on (one follower per connection)."""
    if id(con) not in _FOLLOWERS:
        follower = _FOLLOWERS[id(con)] = _Follower(con.cursor(), config.store_url())
        follower.start()


def stop_following() -> None:
    """Stop every follower (the process is switching stores, or a test ends)."""
    for follower in _FOLLOWERS.values():
        follower.stopped.set()
    for follower in _FOLLOWERS.values():
        follower.join(timeout=10)
    _FOLLOWERS.clear()
