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


def test_clearing_streamlits_caches_keeps_metric_results_and_figures(app_store, monkeypatch):
    from armsdash import metrics
    from armsdash.charts import base

    queries, real_run = [], metrics.run_metric
    monkeypatch.setattr(metrics, "run_metric", lambda con, name, *a, **k: queries.append(name) or real_run(
        con, name, *a, **k))
    shares = cache.metric("published_shares_by_period", version=1, recipient="IND")
    fig = cache.figure(base.published_shares_over_time, "Data version 1", shares, title="t", source="s")
    st.cache_data.clear()
    st.cache_resource.clear()  # what a viewer's clear-cache message does
    again = cache.metric("published_shares_by_period", version=1, recipient="IND")
    assert queries == ["published_shares_by_period"] and again.equals(shares)
    assert cache.figure(base.published_shares_over_time, "Data version 1", again, title="t", source="s") is fig


def test_metrics_asked_at_once_are_those_asked_one_by_one(app_store):
    requests = [("published_shares_by_period", {"recipient": "IND"}), ("inventory_by_origin", {"recipient": "IND"}),
                ("delivery_choices", {"recipient": "IND"})]
    together = cache.metrics_at_once(*requests)  # the store's newest version: 1
    cache.forget_results()
    alone = [cache.metric(name, version=1, **params) for name, params in requests]
    assert len(together) == 3 and all(a.equals(b) for a, b in zip(together, alone))
