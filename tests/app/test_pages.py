"""Every page renders without exception under AppTest, for India and for another recipient."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py"))


def _run(recipient: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = recipient
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("recipient", ["IND", "PAK"])
def test_page_renders_without_error(app_store, page, recipient):
    at = _run(recipient, page)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title, "the page shows no title"


def test_overview_shows_india_headlines_and_chart_with_sources(app_store):
    at = _run("IND")
    metrics = {m.label: m.value.replace("\\", "") for m in at.metric}  # values as shown (Markdown-escaped)
    assert metrics["Russia's share of imports, 2021–25"] == "40%"
    assert metrics["Inventory of Russian origin (estimate)"] == "~36%"
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {trace["name"] for trace in spec["data"]}
    assert {"Russia", "France", "United States"} <= names
    assert spec["layout"]["annotations"][0]["text"].startswith("Sources:")


def test_switching_recipient_changes_the_headlines(app_store):
    at = _run("IND")
    at.selectbox(key="recipient").set_value("PAK").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Top supplier, 2021–25"] == "China 80%"


def test_tampered_recipient_falls_back_to_india_with_a_notice(app_store):
    at = _run("<script>alert(1)</script>")
    assert at.selectbox(key="recipient").value == "IND"
    assert any("recipient" in notice.value and "<script" not in notice.value for notice in at.info)
    assert not at.exception


@pytest.mark.parametrize("page", [p for p in PAGES if "update.py" not in p])
def test_every_data_page_offers_its_sources_and_an_offline_snapshot(app_store, page):
    at = _run("IND", page)
    labels = [e.proto.label for e in at.get("download_button")]
    assert "Download this view (HTML)" in labels
    assert any(e.proto.label.startswith("Sources (") for e in at.expander)


@pytest.mark.parametrize("page", [p for p in PAGES if "exposure" not in p and "update.py" not in p])
def test_a_page_with_charts_sends_no_table_until_one_is_opened(app_store, page):
    """Every table of a page with charts sits in a panel (or its chart's "Table view") sent only when opened: a table
    sent with the page makes the browser load and run the table's code before the first chart (docs/benchmarks.md)."""
    at = _run("IND", page)
    assert at.get("plotly_chart") and not at.dataframe


def test_sources_panel_lists_the_sources_once_opened(app_store):
    """The panel's table is sent only when opened (it would otherwise hold up the first chart)."""
    at = _run("IND")
    panel = next(e for e in at.expander if e.proto.label.startswith("Sources ("))
    assert not at.dataframe, "the closed panel sends no table"
    at.session_state["sources_panel"] = True
    at.run()
    listed = at.dataframe[0].value
    assert len(listed) == int(panel.proto.label.removeprefix("Sources (").rstrip(")"))
    assert {"title", "publisher", "published", "link"} <= set(listed.columns)
    assert any("SIPRI" in str(p) for p in listed["publisher"])


def test_a_rerun_shows_the_same_chart_without_rebuilding_it(app_store, monkeypatch):
    """Charts are built once per data version and view; switching back and forth reuses them."""
    from armsdash.charts import base

    at = _run("IND")
    first = json.loads(at.get("plotly_chart")[0].proto.spec)
    calls = []
    original = base.build  # every chart function ends with it
    monkeypatch.setattr(base, "build", lambda *a, **k: calls.append(k["source"]) or original(*a, **k))
    for code in ("PAK", "IND", "PAK", "IND"):
        at.selectbox(key="recipient").set_value(code).run()
    again = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert again["layout"]["annotations"] == first["layout"]["annotations"]  # same source line and version
    assert "Data version 1" in again["layout"]["annotations"][0]["text"]
    # Pakistan's chart was new; India's, and Pakistan's the second time (its rows read back from the cache), were not
    assert len(calls) == 1, calls
