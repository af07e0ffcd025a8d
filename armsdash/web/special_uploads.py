"""The Update page's uploads that are not a table's CSV: SIPRI exports and sanctions lists, each previewed, then loaded.

A sanctions list (OpenSanctions ``targets.simple.csv``, OFAC ``sdn.csv``) is read and matched once per file, list
date and data version and held in the session, so ticking a close match or typing a name does not read 100,000 rows
again. Exact matches are added on commit; a close match only when the editor chooses it.
"""

from __future__ import annotations

import datetime

import streamlit as st

from armsdash.ingest import sanctions_lists, sanctions_match, uploads
from armsdash.store import versions
from armsdash.web import cache, editor, escape
from armsdash.web.upload_check import LIST_KEY as _HELD


def sipri_export(con, data: bytes, file_name: str, author: str) -> None:
    """Preview a SIPRI export; load it on 'Load'."""
    name = escape.plain(file_name)
    found = uploads.load_sipri(con, data, file_name, dry_run=True)
    (st.info if found.ok else st.error)(f"{name}: SIPRI export{'' if found.ok else ' refused'}")
    st.text(found.message)
    if not found.problems.empty:
        st.dataframe(found.problems, hide_index=True, width="stretch", key="sipri_problems")
    if found.ok and st.button("Load", type="primary", key="load_sipri", disabled=not author.strip()):
        editor.finish_write(uploads.load_sipri(con, data, file_name, author=author.strip()).message)


def _preview(con, data: bytes, file_id: str, day: datetime.date | None) -> sanctions_match.ListPreview:
    key = (file_id, day, cache.latest_version())
    held = st.session_state.get(_HELD)
    if held and held[0] == key:
        return held[1]
    st.session_state.pop(_HELD, None)
    bar = st.progress(0.0, text="Reading the list")
    listed = sanctions_lists.read_list(data, list_date=day, progress=lambda f, text: bar.progress(f, text=text))
    found = sanctions_match.preview(con, listed)
    bar.empty()
    st.session_state[_HELD] = (key, found)
    return found


def sanctions_list(con, data: bytes, file_name: str, file_id: str, author: str) -> None:
    """Preview a sanctions list (exact matches, close matches to choose, what is not relevant); commit on 'Commit'."""
    name = escape.plain(file_name)
    day = None
    if sanctions_lists.recognise(data) == "ofac_sdn":
        day = st.date_input("Date of this sdn.csv (the file carries none; recorded as the list's release)",
                            value=datetime.date.today(), max_value=datetime.date.today(), key="list_date")
    try:
        found = _preview(con, data, file_id, day)
    except sanctions_lists.SanctionsListError as exc:
        st.error(f"{name}: refused, nothing was changed. {escape.plain(exc)}")
        st.dataframe([{"line": line, "column": column, "value": value, "expected": expected}
                      for line, column, value, expected in exc.problems], hide_index=True, key="list_problems")
        return
    st.info(escape.plain(f"{file_name}: {found.summary()}"))
    st.markdown("**Exact matches: added on commit**")
    st.dataframe(found.exact, hide_index=True, width="stretch", key="list_exact")
    confirmed: list[str] = []
    if not found.close.empty:
        st.markdown("**Close matches: added only if you choose them**")
        st.dataframe(found.close, hide_index=True, width="stretch", key="list_close")
        labels = dict(zip(found.close["key"], found.close["entity"] + " = " + found.close["listed_name"]
                          + " (score " + found.close["score"].round(2).astype(str) + ")"))
        confirmed = st.multiselect("Close matches to add (each is the same organisation; checked by you)",
                                   list(dict.fromkeys(found.close["key"])), format_func=labels.get,
                                   key="list_confirm")
    if st.button("Commit", type="primary", key="commit_list", disabled=not author.strip(),
                 help="Enter your name to commit" if not author.strip() else None):
        try:
            version, added = sanctions_match.commit(con, found, confirmed=confirmed, author=author.strip(),
                                                    file_name=file_name, checksum=versions.checksum(data))
        except sanctions_match.ListCommitError as exc:
            st.error(escape.plain(exc))
        else:
            st.session_state.pop(_HELD, None)
            editor.finish_write(f"Committed as data version {version}: {added:,} designation(s) added from "
                                f"{found.listed.publisher}'s list of {found.listed.list_date}.")
