"""An upload from bytes to a checked table: read -> recognise -> validate (nothing is written here).

``check_upload`` is what the page and the CLI call first; ``commit.preview`` and
``commit.commit`` then take its result. SIPRI exports are not CSV tables with a
header in row 1 (they start with a title and a "Data generated" line), so they are
recognised before reading and handed to ``armsdash.sipri_load`` (see ``sipri_layout``).
"""

from __future__ import annotations

import duckdb

from armsdash import readcsv
from armsdash.readcsv import Limits, ReadError
from armsdash.validate import Checked, unreadable, validate


def visible_source_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The source ids rows may cite: those of the sources visible in the latest version."""
    cur = con.cursor()
    try:
        rows = cur.execute(
            "select source_id from sources_at((select coalesce(max(version), 0) from data_versions))"
        ).fetchall()
    finally:
        cur.close()
    return {r[0] for r in rows}


def sipri_layout(data: bytes) -> str | None:
    """The SIPRI export layout of ``data``, or None when it is not a SIPRI export.

    Hook for the SIPRI loader (branch ``sipri``): when ``armsdash.sipri_load`` is
    present, its ``detect_layout`` decides; a SIPRI file is then loaded with
    ``sipri_load.load_sipri_file`` instead of the table validation here.
    """
    try:
        from armsdash import sipri_load  # noqa: PLC0415 - optional until the SIPRI branch lands
    except ImportError:
        return None
    head = data[:65536].decode("utf-8", errors="replace")
    try:
        return sipri_load.detect_layout(head)
    except Exception:  # noqa: BLE001 - an unrecognised file is simply not SIPRI
        return None


def check_upload(con: duckdb.DuckDBPyConnection, data: bytes, *, table: str | None = None,
                 mode: str = "append", limits: Limits | None = None,
                 extra_sources: set[str] | None = None) -> Checked:
    """Read and validate an uploaded file against the store's current data.

    A file that cannot be read at all becomes a Checked with one problem in row 1,
    so callers handle every failure the same way.
    """
    try:
        parsed = readcsv.read_bytes(data, limits)
    except ReadError as exc:
        return unreadable(str(exc))
    known = visible_source_ids(con) | set(extra_sources or ())
    return validate(parsed, table=table, known_sources=known, mode=mode)
