"""The Update page's writes: a CSV upload (check, preview, commit), a SIPRI export (preview, load), a sanctions
list (``special_uploads``) and undo.

Every refusal is a message on the page, never a traceback: a file with problems, a history entry
with a formula or markup, and a write that loses a race with another editor's ("another editor
committed first"), after which the page shows the preview made against the new data.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import streamlit as st

from armsdash.contracts import CONTRACTS
from armsdash.ingest import commit, plaintext, sanctions_lists, sipri_layouts, uploads
from armsdash.ingest.checked import SHOWN
from armsdash.ingest.readcsv import Limits
from armsdash.store import versions
from armsdash.web import cache, editor, escape, special_uploads, upload_check

ERROR_KEY = "upload_error"  # a write refused on the previous run, shown at the top of the next
_STALE_KEY = "_upload_click_stale"  # the click came from a page showing older data


def show_refusal() -> None:
    """The write refused on the previous run (a lost race), above everything else."""
    if message := st.session_state.pop(ERROR_KEY, None):
        st.error(escape.plain(message))


def history_fields_ok(author: str, note: str) -> bool:
    """True when the author and note may go into the history; otherwise say why."""
    problem = plaintext.history_fields_problem(author, note) if author.strip() else None
    if problem:
        st.error(escape.plain(f"Not recorded: {problem}."))
    return problem is None


def _unchanged_since(version: int) -> None:
    """A write button's callback: if another editor committed since the page showed ``version``, cancel the write."""
    if cache.newest_version() != version:
        st.session_state[ERROR_KEY] = versions.LOST_RACE
        st.session_state[_STALE_KEY] = True


def _clicked(label: str, key: str, version: int, **kwargs) -> bool:
    """A write button: True when clicked on the data the page showed; a click on older data only says so."""
    clicked = st.button(label, key=key, on_click=_unchanged_since, args=(version,), **kwargs)
    return clicked and not st.session_state.pop(_STALE_KEY, False)


def _refused(exc: Exception) -> None:
    """A write refused: say why on the next run, which previews against the newest data."""
    st.session_state[ERROR_KEY] = str(exc)
    st.rerun()


def sipri_upload(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, author: str, ready: bool) -> None:
    """A SIPRI export: what loading it would do, and a Load button."""
    name = escape.plain(file_name)
    found = uploads.load_sipri(con, data, file_name, dry_run=True)
    (st.info if found.ok else st.error)(f"{name}: SIPRI export{'' if found.ok else ' refused'}")
    st.text(found.message)
    if not found.problems.empty:
        st.dataframe(found.problems, hide_index=True, width="stretch", key="sipri_problems")
    if found.ok and _clicked("Load", "load_sipri", cache.latest_version(), type="primary", disabled=not ready):
        loaded = uploads.load_sipri(con, data, file_name, author=author)
        if not loaded.ok:
            _refused(RuntimeError(loaded.message))
        editor.finish_write(loaded.message)


def csv_upload(con: duckdb.DuckDBPyConnection, upload, mode: str, author: str, note: str, ready: bool) -> None:
    """A CSV upload: its problems, or its preview and a Commit button."""
    data, name, version = upload.getvalue(), escape.plain(upload.name), cache.latest_version()
    if sipri_layouts.is_sipri_export(data):
        upload_check.forget(st.session_state)
        sipri_upload(con, data, upload.name, author, ready)
        return
    if sanctions_lists.recognise(data):  # an OpenSanctions or OFAC list, as downloaded
        special_uploads.sanctions_list(con, data, upload.name, upload.file_id, author.strip(), ready)
        return
    if not (held := upload_check.held(st.session_state, upload.file_id, mode, version)):
        with st.spinner(f"Checking {name} against its template and the current data..."):
            try:
                held = upload_check.check(st.session_state, con, upload.file_id, data, mode, version,
                                          Limits.from_config())
            except commit.Conflict as exc:
                _refused(exc)
    checked, found = held.checked, held.preview
    if not checked.ok:
        _problems(name, checked, held.rejected_csv)
        return
    st.info(f"{name}: {checked.row_count:,} rows for **{CONTRACTS[checked.table].label}**. Committing "
            f"adds {found.added:,}, changes {found.changed:,} and removes {found.removed:,} rows "
            f"({found.unchanged:,} unchanged).")
    st.dataframe(found.headline, hide_index=True, width="stretch", key="headline")  # effect on the figures
    st.dataframe(found.rows, hide_index=True, width="stretch", key="preview_rows")  # the rows that change
    if _clicked("Commit", "commit", held.key[2], type="primary",
                disabled=found.added + found.changed + found.removed == 0 or not ready,
                help="Enter your name to commit" if not author.strip() else None):
        bar = st.progress(0.0)
        try:
            result = commit.commit(con, checked, mode, author=author.strip(), file_name=upload.name,
                                   note=note or None,  # the file's sha256: from the check
                                   progress=lambda fraction, text: bar.progress(fraction, text=text))
        except commit.CommitError as exc:
            _refused(exc)
        editor.finish_write(f"Committed as data version {result.version}: {result.added:,} added, "
                            f"{result.changed:,} changed, {result.removed:,} removed.")


def _problems(name: str, checked, rejected_csv: bytes | None) -> None:
    """A refused file: the reason (a whole-file refusal in one sentence), the problems, the rejected rows."""
    found = checked.problem_list()
    if checked.table is None and len(found) == 1:
        st.error(f"{name}: rejected. {escape.plain(found[0].message())} Nothing was changed.")
        return
    st.error(f"{name}: rejected, {checked.summary()}. Nothing was changed.")
    st.dataframe(checked.problems.head(SHOWN), hide_index=True, width="stretch", key="problems")
    if len(checked.problems) > SHOWN:
        st.caption(f"... and {len(checked.problems) - SHOWN:,} more (all are in the rejected rows file)")
    st.download_button("Rejected rows with reasons (CSV)", on_click="ignore", mime="text/csv",
                       data=rejected_csv or b"", file_name="rejected_rows.csv")


def undo(con: duckdb.DuckDBPyConnection, history: pd.DataFrame, author: str, ready: bool) -> None:
    """Undo: restore the data as before a chosen version (itself a new version)."""
    version = st.selectbox("Undo: restore the data as it was before version", history["version"][:-1], key="undo")
    if _clicked("Undo", "undo_button", cache.latest_version(), disabled=not ready):
        try:
            result = commit.undo_to_before(con, int(version), author.strip())
        except commit.CommitError as exc:
            _refused(exc)
        editor.finish_write(f"Restored the data as before version {version} (now version {result.version}).")
