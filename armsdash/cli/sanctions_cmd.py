"""The sanctions-list side of ``python -m armsdash ingest FILE``: an OpenSanctions ``targets.simple.csv`` or an OFAC
``sdn.csv``, recognised by its shape. Prints the preview (exact matches to add, close matches to confirm with
``--confirm KEY``, what is not relevant); commits unless ``--dry-run``. Exit codes: 0 committed or previewed, 2
refused (the file's problems, or nothing to commit)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TextIO

import duckdb

from armsdash.charts import exports
from armsdash.ingest import sanctions_lists, sanctions_match
from armsdash.store import versions

EXIT_OK, EXIT_REJECTED = 0, 2
SHOWN_COLUMNS = ["key", "entity", "listed_name", "score", "authority", "programme", "listed_on", "kind"]


def list_date_of(path: Path, given: str | None) -> datetime.date:
    """The date of a list without one inside (sdn.csv): ``--list-date``, else the file's modification day."""
    if given:
        return datetime.date.fromisoformat(given)
    return datetime.date.fromtimestamp(path.stat().st_mtime)


def _table(frame, out: TextIO) -> None:
    if not frame.empty:
        out.write(exports.neutralise_formulas(frame[SHOWN_COLUMNS]).to_string(index=False) + "\n")


def ingest_into(con: duckdb.DuckDBPyConnection, data: bytes, path: Path, *, author: str, dry_run: bool,
                confirm: list[str], list_date: str | None, out: TextIO | None = None,
                err: TextIO | None = None) -> int:
    """Preview (and unless ``dry_run`` commit) a sanctions list; print the outcome; return the exit code."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        day = list_date_of(path, list_date)
    except ValueError:
        print(f"error: --list-date must be a date YYYY-MM-DD, got {list_date!r}", file=err)
        return EXIT_REJECTED
    big = len(data) > 10_000_000
    try:
        listed = sanctions_lists.read_list(data, list_date=day, progress=(
            (lambda fraction, text: print(f"{fraction:4.0%} {text}", file=err)) if big else None))
    except sanctions_lists.SanctionsListError as exc:
        print(f"{path.name}: rejected: {exc}; nothing was changed.", file=err)
        for line, column, value, expected in exc.problems[:20]:
            print(f"  line {line}, {column or '(row)'}: {value!r} - expected {expected}", file=err)
        return EXIT_REJECTED
    found = sanctions_match.preview(con, listed)
    print(f"{path.name}: {found.summary()}", file=out)
    if not found.exact.empty:
        print("Exact matches (added on commit):", file=out)
        _table(found.exact, out)
    if not found.close.empty:
        print("Close matches (added only with --confirm KEY):", file=out)
        _table(found.close, out)
    if dry_run:
        print("Nothing committed (--dry-run).", file=out)
        return EXIT_OK
    try:
        version, added = sanctions_match.commit(con, found, confirmed=confirm, author=author, file_name=path.name,
                                                checksum=versions.checksum(data))
    except sanctions_match.ListCommitError as exc:
        print(f"{path.name}: {exc} Nothing was changed.", file=err)
        return EXIT_REJECTED
    print(f"Committed as data version {version}: {added:,} designation(s) added, recorded under source "
          f"{listed.release_id}.", file=out)
    return EXIT_OK
