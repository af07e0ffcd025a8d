"""The SIPRI side of ``python -m armsdash ingest FILE``: load one export into the store, report, exit code.

The ``ingest`` command itself lives in ``armsdash/cli/ingest_cmd.py`` (upload branch); for a SIPRI
export it should call ``ingest_into`` here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import duckdb

from armsdash import config
from armsdash.ingest.sipri_load import SipriImportError, load_export
from armsdash.ingest.sipri_parse import MAX_PROBLEMS
from armsdash.ingest.sipri_text import SipriFormatError
from armsdash.store import build, db, versions

EXIT_OK, EXIT_REJECTED, EXIT_LOCKED, EXIT_CONFLICT = 0, 2, 3, 5


def ingest(path: Path, *, store: Path | None = None, author: str | None = None,
           out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Load the SIPRI export at ``path`` into the store; return 0 when loaded, 2 when refused, 3 when the store is held.

    The store (``store`` or ``ARMSDASH_DB``) is built from ``data/`` first when it does
    not exist yet.
    """
    out, err = out or sys.stdout, err or sys.stderr
    target = Path(store if store is not None else config.db_path())
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror or exc}", file=err)
        return EXIT_REJECTED
    try:
        build.build_store(target)
        con = db.connect(target)
    except db.StoreLockedError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_LOCKED
    try:
        return ingest_into(con, data, Path(path).name, author=author, out=out, err=err)
    finally:
        con.close()


def ingest_into(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, *, author: str | None = None,
                dry_run: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Load a SIPRI export's bytes into an open store, print the outcome, return the exit code (0, 2 or 5).

    With ``dry_run`` it prints what would be added and replaced and commits nothing.

    Problems are printed one per line (line, column, value, expected), at most ``MAX_PROBLEMS``.
    """
    out, err = out or sys.stdout, err or sys.stderr
    try:
        report = load_export(con, data, file_name, author=author, dry_run=dry_run)
    except SipriFormatError as exc:
        print(f"error: {file_name}: {exc}", file=err)
        return EXIT_REJECTED
    except SipriImportError as exc:
        print(f"error: {exc}", file=err)
        for problem in exc.problems[:MAX_PROBLEMS]:
            print(f"  {problem}", file=err)
        if len(exc.problems) > MAX_PROBLEMS:
            print(f"  ... and {len(exc.problems) - MAX_PROBLEMS} more", file=err)
        return EXIT_REJECTED
    except versions.WriteConflict as exc:
        print(f"error: {file_name}: {exc}", file=err)
        return EXIT_CONFLICT
    print(report.summary(), file=out)
    return EXIT_OK
