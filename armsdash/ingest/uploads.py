"""An upload from bytes to a checked table: read -> recognise -> validate (nothing is written here).

``check_upload`` is what the page and the CLI call first; ``commit.preview`` and
``commit.commit`` then take its result. SIPRI exports are not CSV tables with a
header in row 1 (they start with a title and a "Data generated" line), so they are
recognised before reading (``sipri_layouts.is_sipri_export``) and handed to ``armsdash.ingest.sipri_load``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import duckdb
import pandas as pd

from armsdash.ingest import readcsv, sipri_load
from armsdash.ingest.readcsv import Limits, ReadError
from armsdash.ingest.sipri_text import SipriFormatError
from armsdash.ingest.validate import Checked, unreadable, validate
from armsdash.store import versions


def _latest(con: duckdb.DuckDBPyConnection, sql: str) -> set[str]:
    """The first column of ``sql`` (fixed text, reading ``$v``) at the latest data version."""
    cur = con.cursor()
    try:
        rows = cur.execute(sql, {"v": int(cur.execute("select coalesce(max(version), 0) from data_versions")
                                          .fetchone()[0])}).fetchall()
    finally:
        cur.close()
    return {r[0] for r in rows}


def visible_country_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The codes of the countries table in the latest version (accepted in uploads as they are)."""
    return _latest(con, "select code from countries_at($v)")


def visible_source_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The source ids rows may cite: those of the sources visible in the latest version."""
    return _latest(con, "select source_id from sources_at($v)")


def check_upload(con: duckdb.DuckDBPyConnection, data: bytes, *, table: str | None = None,
                 mode: str = "append", limits: Limits | None = None,
                 extra_sources: set[str] | None = None) -> Checked:
    """Read and validate an uploaded file against the store's current data.

    A file that cannot be read at all becomes a Checked with one problem in row 1,
    so callers handle every failure the same way.
    """
    pool = ThreadPoolExecutor(1)
    # the file's sha256 (recorded by the commit) is worked out meanwhile, on a thread of its own
    digest = pool.submit(versions.checksum, data)
    try:
        parsed = readcsv.read_bytes(data, limits)
    except ReadError as exc:
        return unreadable(str(exc))  # no waiting for the digest of a file that is refused
    finally:
        pool.shutdown(wait=False)
    known = visible_source_ids(con) | set(extra_sources or ())
    checked = validate(parsed, table=table, known_sources=known, known_countries=visible_country_codes(con), mode=mode,
                       known_entities=_latest(con, "select entity_id from entities_at($v)"))
    checked.checksum = digest.result()
    return checked


@dataclass(frozen=True)
class SipriOutcome:
    """A SIPRI export loaded (or previewed, or refused): the message and the problems by line."""

    ok: bool
    message: str
    problems: pd.DataFrame  # line, column, value, expected
    version: int | None = None


def load_sipri(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, *, author: str | None = None,
               dry_run: bool = False) -> SipriOutcome:
    """Load (or with ``dry_run`` preview) a SIPRI export in one transaction on its own cursor.

    Refusals come back as an outcome with ``ok`` False rather than as exceptions, so the
    page shows them like any other upload's problems.
    """
    empty = pd.DataFrame(columns=["line", "column", "value", "expected"])
    cur = con.cursor()
    try:
        report = sipri_load.load_export(cur, data, file_name, author=author, dry_run=dry_run)
    except SipriFormatError as exc:
        return SipriOutcome(False, f"{file_name}: {exc}", empty)
    except sipri_load.SipriImportError as exc:
        rows = [(p.line, p.column, p.value, p.expected) for p in exc.problems]
        return SipriOutcome(False, str(exc), pd.DataFrame(rows, columns=list(empty.columns)))
    except versions.WriteConflict as exc:
        return SipriOutcome(False, str(exc), empty)
    finally:
        cur.close()
    return SipriOutcome(True, report.summary(), empty, None if dry_run else report.version)
