"""An uploaded file's check and preview, made once and kept for the editor's session.

Every widget on the Update page reruns its script: typing a name, choosing a mode, clicking
Commit. Checking and previewing a million rows takes a second or more, so they are made once
per file, mode and data version, and reused until one of those changes. A commit by anyone
makes a new data version, so a preview is never older than the data it describes.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import MutableMapping
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from armsdash.charts import exports
from armsdash.ingest import commit, uploads
from armsdash.ingest.readcsv import Limits
from armsdash.ingest.validate import Checked

KEY = "_armsdash_upload_check"  # where a session holds its check
LIST_KEY = "_armsdash_list_preview"  # where it holds a sanctions list's preview (armsdash.web.special_uploads)


@dataclass(frozen=True)
class UploadCheck:
    """A file checked against one data version: its problems, and what committing it would do."""

    key: tuple[str, str, int]  # the uploader's file id, the mode, the data version
    checked: Checked
    preview: commit.Preview | None  # None when the file has errors
    rejected_csv: bytes | None = None  # a refused file's rejected rows with reasons (its cells are not kept)


def held(state: MutableMapping, file_id: str, mode: str, version: int) -> UploadCheck | None:
    """The check held in ``state`` (a session's state) for this file, mode and data version, if there is one."""
    found = state.get(KEY)
    return found if isinstance(found, UploadCheck) and found.key == (file_id, mode, version) else None


def check(state: MutableMapping, con: duckdb.DuckDBPyConnection, file_id: str, data: bytes, mode: str,
          version: int, limits: Limits | None = None) -> UploadCheck:
    """Check (and, for a file without errors, preview) ``data`` in ``mode`` at data ``version``; hold the result in
    ``state`` in place of any other file's.

    Raises ``commit.Conflict`` when another editor's commit lands during the preview.
    """
    forget(state)  # a million checked rows are not kept twice
    checked = uploads.check_upload(con, data, mode=mode, limits=limits)
    preview, rejected = None, None
    if checked.ok:
        preview = commit.preview(con, checked, mode)
        # a file without errors needs only its typed rows from now on: the cells (as many again) are let go
        checked = dataclasses.replace(checked, cells=None)
    else:
        # a refused file needs only its problems and its rejected rows (long cells cut): a 50 MB cell is let go
        rejected = exports.csv_bytes(checked.rejected_rows())
        checked = dataclasses.replace(checked, cells=None, typed=None, typed_rows=None)
        gc.collect()
        pa.default_memory_pool().release_unused()  # Arrow's allocator keeps freed blocks: hand them back
    found = UploadCheck((file_id, mode, version), checked, preview, rejected)
    state[KEY] = found
    return found


def forget(state: MutableMapping) -> None:
    """Drop the held check (the file was committed or taken out of the uploader, or the editor left the page)."""
    state.pop(KEY, None)
    state.pop(LIST_KEY, None)
