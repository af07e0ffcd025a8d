"""Fault drill: a writer SIGKILLed in the middle of committing a large data version loses nothing.

After the kill the store opens, holds exactly the rows it held before (every table's
fingerprint), the history does not list the write, and the next write commits normally.
The long variants (``-m slow``) kill at many points of a bigger write.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from armsdash.store import db, versions
from tests.support.drills import file_fingerprint

ROOT = Path(__file__).resolve().parents[2]


def _start_writer(path: Path, rows: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.support.fault_child", str(path), str(rows)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(proc: subprocess.Popen, word: str, timeout: float = 120) -> list[str]:
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        raw = proc.stdout.readline()
        line = raw.strip()
        if not raw:  # end of output: the writer has ended
            raise AssertionError(f"writer ended before {word!r}: {seen}\n{proc.stderr.read()}")
        seen.append(line)
        if line == word:
            return seen
    raise AssertionError(f"writer did not reach {word!r} in {timeout}s: {seen}")


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()


def _assert_recovered_to(path: Path, before: dict, version_before: int) -> None:
    assert file_fingerprint(path) == before, "the store differs from its state before the killed write"
    con = db.connect(path)
    try:
        assert db.current_version(con) == version_before, "the history lists the killed write"
        con.execute("begin transaction")
        version = versions.next_version(con)
        versions.record_version(con, version, action="upload", note="after the crash")
        con.execute("commit")
        assert db.current_version(con) == version_before + 1
    finally:
        con.close()


@pytest.fixture
def store(built_store, tmp_path):
    path = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, path)
    return path


@pytest.mark.parametrize("point, delay", [("writing", 1.0), ("inserted", 0.0)],
                         ids=["mid-insert", "before-commit"])
def test_writer_killed_mid_write_leaves_the_store_as_before(store, point, delay):
    before = file_fingerprint(store)
    proc = _start_writer(store, 1_000_000)
    seen = _wait_for(proc, point)
    time.sleep(delay)
    _kill(proc)
    assert "committed" not in seen
    _assert_recovered_to(store, before, version_before=1)


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.05, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0])
def test_writer_killed_at_any_moment_is_all_or_nothing(store, delay):
    """Kill after ``delay`` s of a 5M-row write (or right at COMMIT for 0): before or complete, nothing between."""
    before = file_fingerprint(store)
    proc = _start_writer(store, 5_000_000)
    _wait_for(proc, "committing" if delay == 0.0 else "writing", timeout=600)
    time.sleep(delay)
    finished = proc.poll() is not None
    _kill(proc) if not finished else proc.wait()
    after = file_fingerprint(store)
    if after == before:
        _assert_recovered_to(store, before, version_before=1)
    else:
        # the kill came after COMMIT returned: the whole write must be there
        con = db.connect(store, read_only=True)
        try:
            assert db.current_version(con) == 2
            added = con.execute("select count(*) from sipri_deals where version_added = 2").fetchone()[0]
            assert added == 5_000_000
        finally:
            con.close()
