"""The real dashboard with an in-process writer, for the concurrency drill and the load simulation.

Uploads commit inside the server process, through the same DuckDB database the pages read
(a second process could not open the file while the server holds it). To drill that without
a browser, the server is started from a generated entry script that runs ``dashboard.py``
unchanged and, once per process, starts a thread that waits for a trigger file and then
commits a new data version of synthetic deals (``bench.generate.add_synthetic_release``).
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from tests.support import live_server
from tests.support.live_server import ROOT

ENTRY = '''\
import os, sys
sys.path.insert(0, {root!r})
from tests.support import drill_server
drill_server.start_writer_once(os.environ["ARMSDASH_DRILL_DIR"])
_path = {dashboard!r}
exec(compile(open(_path, encoding="utf-8").read(), _path, "exec"))
'''


def page_paths() -> list[str]:
    """The url_path of every page of the app ("" for the default page), from its page list."""
    from armsdash.web.app import PAGES

    return [url_path or "" for _file, _title, url_path in PAGES]


_writer_started = False


def start_writer_once(drill_dir: str) -> None:
    """In the server process: start (once) the thread that commits when ``trigger.json`` appears."""
    global _writer_started
    import threading

    if _writer_started:
        return
    _writer_started = True
    threading.Thread(target=_writer, args=(Path(drill_dir),), daemon=True, name="drill-writer").start()


def _writer(drill_dir: Path) -> None:
    from armsdash import config
    from armsdash.store import db
    from bench import generate

    trigger = drill_dir / "trigger.json"
    while not trigger.exists():
        time.sleep(0.05)
    rows = json.loads(trigger.read_text())["rows"]
    con = db.connect(config.db_path())  # same process, same file: the database the pages read
    try:
        started = time.perf_counter()
        version = generate.add_synthetic_release(con, rows, seed=5)
        elapsed = time.perf_counter() - started
        _publish(drill_dir / "done.json", {"version": version, "seconds": elapsed})
    except Exception as exc:  # noqa: BLE001 - reported to the drill, which fails
        _publish(drill_dir / "done.json", {"error": repr(exc)})
    finally:
        con.close()


def _publish(path: Path, payload: dict) -> None:
    """Write ``payload`` as JSON so that a reader never sees a half-written file (write, then rename)."""
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(payload))
    os.replace(partial, path)


@contextlib.contextmanager
def server_with_writer(db_path: Path, drill_dir: Path, timeout: float = 120.0):
    """Run the dashboard (with the drill writer) on a free port; yield its base URL."""
    drill_dir.mkdir(parents=True, exist_ok=True)
    (drill_dir / "pages").unlink(missing_ok=True)
    (drill_dir / "pages").symlink_to(ROOT / "pages", target_is_directory=True)
    entry = drill_dir / "drill_entry.py"
    entry.write_text(ENTRY.format(root=str(ROOT), dashboard=str(ROOT / "dashboard.py")), encoding="utf-8")
    env = {**os.environ, "ARMSDASH_DB": str(db_path), "ARMSDASH_DRILL_DIR": str(drill_dir)}
    with live_server.serve(entry, env, drill_dir / "server.log", timeout) as (url, proc):
        yield url, proc
