"""Entry point: page config and navigation; every page lives in pages/."""

import streamlit as st

from armsdash.web import cache, ui, upload_check

st.set_page_config(page_title="Arms-supply dependency", page_icon="🛡️", layout="wide")

page = ui.navigate()
if page.url_path != "update":
    upload_check.forget(st.session_state)  # an upload's held check (as big as the file, twice) ends with its page
cache.pin_version()  # one data version for everything this run shows
ui.start_view(page)
with ui.entry_run():
    page.run()
