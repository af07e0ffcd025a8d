"""Update data: templates, CSV upload with validation and preview, commit, history and undo (editors only)."""

import streamlit as st

from armsdash.config import UPLOAD_MAX_ROWS, upload_max_mb
from armsdash.ingest import commit
from armsdash.ingest.validate import MODE_LABELS, MODES
from armsdash.web import app, cache, editor, updates, upload_check

app.require_entry()

con = cache.connection()
st.title("Update data")
editor.template_downloads()
if done := st.session_state.pop("upload_done", None):
    st.success(done)
updates.show_refusal()

is_editor = editor.editor_gate()
author, ready = "", False
if is_editor:
    author = st.text_input("Your name (recorded in the history)", key="author", max_chars=200)
    mode = st.radio("Mode", MODES, format_func=MODE_LABELS.get, key="mode", horizontal=True)
    note = st.text_input("Note (optional)", key="note", max_chars=2000)
    ready = bool(author.strip()) and updates.history_fields_ok(author, note)
    limit = upload_max_mb()
    upload = st.file_uploader("CSV file", type=["csv"], key=f"upload_{st.session_state.get('round', 0)}",
                              max_upload_size=limit)
    st.caption(f"Up to {limit:,} MB and {int(UPLOAD_MAX_ROWS.value()):,} rows per file, on this page and from the "
               "command line (python -m armsdash ingest); split larger files.")
    if upload is None:
        upload_check.forget(st.session_state)
    else:
        updates.csv_upload(con, upload, mode, author, note, ready)

st.subheader("History")
history = commit.history(con)
st.dataframe(history, hide_index=True, width="stretch", key="history")
if is_editor and len(history) > 1:
    updates.undo(con, history, author, ready)
