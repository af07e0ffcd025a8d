"""Every recipient the sidebar offers opens: non-state actors (``NSA:…``) and codes of our own (``XKX``) included.

SIPRI lists ~70 recipients that are not ISO countries (the African Union, the ANC, Kosovo…); the
sidebar offers them, so every metric must take their code back, and every page must open for them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armsdash import countries, metrics
from armsdash.store import db

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["pages/overview.py", "pages/suppliers.py", "pages/arsenal.py", "pages/deliveries.py", "pages/exposure.py"]


def test_every_recipient_code_in_the_bundled_data_is_taken_back_by_the_metrics(built_store):
    con = db.connect(built_store)
    try:
        version = db.current_version(con.cursor())
        codes = metrics.run_metric(con, "recipients", {"v": version}, latest_version=version)["recipient_code"]
    finally:
        con.close()
    assert any(code.startswith("NSA:") for code in codes) and "XKX" in set(codes)
    refused = [code for code in codes if countries.code_for(code) != code]
    assert refused == []


def test_codes_read_back_to_their_names():
    assert countries.lookup("NSA:African Union") == ("NSA:African Union", "African Union", "non_state")
    assert countries.lookup("nsa:libya hor")[0] == "NSA:House of Representatives (Libya)"  # the alias, as stored
    assert countries.lookup("xkx") == ("XKX", "Kosovo", "state")
    assert countries.lookup("NSA:") is None and countries.lookup("NSA:   ") is None


@pytest.mark.parametrize("code, name", [("NSA:African Union", "African Union"), ("XKX", "Kosovo")])
def test_every_page_opens_for_a_recipient_that_is_not_an_iso_country(app_store, code, name):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = code
    at.run()
    for page in PAGES:
        at.switch_page(page)
        at.run()
        assert not at.exception, f"{page}: {[e.value for e in at.exception]}"
        assert at.sidebar.selectbox(key="recipient").value == code
        assert any(name in t.value for t in at.title), f"{page}: {[t.value for t in at.title]}"
