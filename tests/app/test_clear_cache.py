"""Any viewer can send Streamlit's clear-cache message (no setting refuses it in 1.67; toolbarMode = "viewer" only
hides the menu item). It must not close the store under other sessions' queries, nor end password lockouts."""

from __future__ import annotations

import tomllib

import streamlit as st

from armsdash import config
from armsdash.web import auth, cache


def test_clearing_streamlits_caches_keeps_the_store_open(app_store):
    con = cache.connection()
    cursor = con.cursor()  # another session's query, under way
    st.cache_resource.clear()
    st.cache_data.clear()
    assert cache.connection() is con
    assert cursor.execute("select count(*) from data_versions").fetchone()[0] == 1
    cursor.close()


def test_clearing_streamlits_caches_keeps_the_login_lockouts():
    keys = ["address 192.0.2.1"]
    for _ in range(auth.LOGINS.free + 1):
        auth.LOGINS.failed(keys, 0.0)
    st.cache_resource.clear()
    assert auth.LOGINS.wait(keys, 1.0) > 0
    auth.LOGINS.succeeded(keys)


def test_viewers_get_no_developer_menu_and_no_tracebacks():
    client = tomllib.loads(config.STREAMLIT_CONFIG.read_text())["client"]
    assert client == {"toolbarMode": "viewer", "showErrorDetails": "none"}
