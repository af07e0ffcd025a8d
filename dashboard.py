"""Entry point: page config and navigation; every page lives in pages/."""

import streamlit as st

from armsdash.web import cache, ui, upload_check

st.set_page_config(page_title="Arms-supply dependency", page_icon="🛡️", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", default=True),
    st.Page("pages/suppliers.py", title="Suppliers", url_path="suppliers"),
    st.Page("pages/arsenal.py", title="Arsenal", url_path="arsenal"),
    st.Page("pages/deliveries.py", title="Deliveries", url_path="deliveries"),
    st.Page("pages/exposure.py", title="Exposure", url_path="exposure"),
    st.Page("pages/update_data.py", title="Update data", url_path="update"),
]

page = st.navigation(PAGES)
if page.url_path != "update":
    upload_check.forget(st.session_state)  # an upload's held check (as big as the file, twice) ends with its page
cache.pin_version()  # one data version for everything this run shows
ui.start_view(page)
with cache.reader_run():  # the background warmer waits while a reader's run is in progress
    try:
        page.run()
    except ui.PageStopped:  # a page with nothing more to show (ui.stop)
        pass
    finally:
        ui.fill_slots(entry=True)  # the sidebar's controls, drawn after the page so that its first chart goes out first
