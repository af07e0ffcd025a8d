"""Update data: templates, CSV upload with validation and preview, commit, history and undo (editors only)."""

import streamlit as st

from armsdash.charts import exports
from armsdash.contracts import CONTRACTS
from armsdash.ingest import commit, readcsv, sanctions_lists, sipri_layouts
from armsdash.ingest.validate import MODE_LABELS, MODES, SHOWN
from armsdash.web import app, cache, editor, escape, special_uploads, upload_check

app.require_entry()

con = cache.connection()
st.title("Update data")
editor.template_downloads()
if done := st.session_state.pop("upload_done", None):
    st.success(done)

is_editor = editor.editor_gate()
if is_editor:
    author = st.text_input("Your name (recorded in the history)", key="author")
    mode = st.radio("Mode", MODES, format_func=MODE_LABELS.get, key="mode", horizontal=True)
    note = st.text_input("Note (optional)", key="note")
    upload = st.file_uploader("CSV file", type=["csv"], key=f"upload_{st.session_state.get('round', 0)}",
                              max_upload_size=max(1, readcsv.Limits.from_config().max_bytes // 2**20))
    if upload is None:
        upload_check.forget(st.session_state)
    else:
        data, name = upload.getvalue(), escape.plain(upload.name)
        if sipri_layouts.is_sipri_export(data):
            upload_check.forget(st.session_state)
            special_uploads.sipri_export(con, data, upload.name, author)
        elif sanctions_lists.recognise(data):  # an OpenSanctions or OFAC list, as downloaded
            special_uploads.sanctions_list(con, data, upload.name, upload.file_id, author)
        else:
            version = cache.latest_version()
            if not (held := upload_check.held(st.session_state, upload.file_id, mode, version)):
                with st.spinner(f"Checking {name} against its template and the current data..."):
                    held = upload_check.check(st.session_state, con, upload.file_id, data, mode, version)
            checked, found = held.checked, held.preview
            if not checked.ok:
                st.error(f"{name}: rejected, {checked.summary()}. Nothing was changed.")
                st.dataframe(checked.problems.head(SHOWN), hide_index=True, width="stretch", key="problems")
                if len(checked.problems) > SHOWN:
                    st.caption(f"... and {len(checked.problems) - SHOWN:,} more (all are in the rejected rows file)")
                st.download_button("Rejected rows with reasons (CSV)", on_click="ignore", mime="text/csv",
                                   data=lambda: exports.csv_bytes(checked.rejected_rows()),
                                   file_name="rejected_rows.csv")
            else:
                st.info(f"{name}: {checked.row_count:,} rows for **{CONTRACTS[checked.table].label}**. Committing "
                        f"adds {found.added:,}, changes {found.changed:,} and removes {found.removed:,} rows "
                        f"({found.unchanged:,} unchanged).")
                st.dataframe(found.headline, hide_index=True, width="stretch", key="headline")  # effect on the figures
                st.dataframe(found.rows, hide_index=True, width="stretch", key="preview_rows")  # the rows that change
                if st.button("Commit", type="primary", key="commit",
                             disabled=found.added + found.changed + found.removed == 0 or not author.strip(),
                             help="Enter your name to commit" if not author.strip() else None):
                    bar = st.progress(0.0)
                    try:
                        result = commit.commit(con, checked, mode, author=author.strip(), file_name=upload.name,
                                               note=note or None,  # the file's sha256: from the check
                                               progress=lambda fraction, text: bar.progress(fraction, text=text))
                    except commit.CommitError as exc:
                        st.error(escape.plain(exc))
                    else:
                        editor.finish_write(f"Committed as data version {result.version}: {result.added:,} added, "
                                        f"{result.changed:,} changed, {result.removed:,} removed.")

st.subheader("History")
history = commit.history(con)
st.dataframe(history, hide_index=True, width="stretch", key="history")
if is_editor and len(history) > 1:
    version = st.selectbox("Undo: restore the data as it was before version", history["version"][:-1], key="undo")
    if st.button("Undo", key="undo_button", disabled=not st.session_state.get("author", "").strip()):
        result = commit.undo_to_before(con, int(version), st.session_state["author"].strip())
        editor.finish_write(f"Restored the data as before version {version} (now version {result.version}).")
