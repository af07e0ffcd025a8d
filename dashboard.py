"""Entry point: page config, then the app's frame (navigation, view, sidebar, page); every page lives in pages/."""

import streamlit as st

from armsdash.web import app

st.set_page_config(page_title="Arms-supply dependency", page_icon="🛡️", layout="wide")
app.run_entry()
