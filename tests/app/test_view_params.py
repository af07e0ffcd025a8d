"""Every documented URL parameter: a link carrying it opens a page that honours it and keeps it in the URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.panels import panel_table

ROOT = Path(__file__).resolve().parents[2]


def _open(params: dict[str, str], page: str | None = None) -> AppTest:
    """The dashboard opened from a link with ``params``, then (if given) switched to ``page``."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"].get("title", {}).get("text", "") for c in at.get("plotly_chart")]


def test_recipient(app_store):
    at = _open({"recipient": "PAK"})
    assert at.title[0].value == "Pakistan: arms-supply dependency"
    assert at.sidebar.selectbox(key="recipient").value == "PAK"
    assert at.query_params["recipient"] == "PAK"


def test_compare(app_store):
    at = _open({"recipient": "IND", "compare": "IND,PAK"}, "pages/suppliers.py")
    assert at.multiselect(key="view_compare").value == ["IND", "PAK"]
    assert "Supplier concentration compared" in _titles(at)
    assert at.query_params["compare"] == "IND,PAK"


def test_supplier(app_store):
    at = _open({"recipient": "IND", "supplier": "FRA"}, "pages/deliveries.py")
    assert at.selectbox(key="view_supplier").value == "FRA"
    timeline = json.loads(at.get("plotly_chart")[0].proto.spec)
    rows = {label for trace in timeline["data"] for label in (trace.get("y") or [])}
    assert rows and all(row.endswith("· France") for row in rows)
    assert at.query_params["supplier"] == "FRA"


def test_exposure_reads_supplier_too(app_store):
    at = _open({"recipient": "IND", "supplier": "FRA"}, "pages/exposure.py")
    assert at.selectbox(key="view_supplier").value == "FRA"
    assert at.query_params["supplier"] == "FRA"


@pytest.mark.parametrize("name, value", [("from", "2010"), ("to", "2019")])
def test_from_and_to(app_store, name, value):
    at = _open({"recipient": "IND", name: value})
    years = at.slider(key="view_years").value
    assert years[0 if name == "from" else 1] == int(value)
    assert at.query_params[name] == value


def test_period(app_store):
    at = _open({"recipient": "IND", "period": "year"}, "pages/suppliers.py")
    assert at.radio(key="view_period").value == "year"
    assert at.query_params["period"] == "year"


def test_category(app_store):
    at = _open({"recipient": "IND"}, "pages/deliveries.py")
    category = at.selectbox(key="view_category").options[1]  # the first real category of India's programmes
    at = _open({"recipient": "IND", "category": category}, "pages/deliveries.py")
    assert at.selectbox(key="view_category").value == category
    table = panel_table(at, "deliveries_table", "Category")
    assert len(table) and set(table["Category"]) == {category}
    assert at.query_params["category"] == category


def test_v(app_store):
    at = _open({"recipient": "IND", "v": "1"})
    assert any("Pinned to data version 1" in c.value for c in at.caption)
    assert at.query_params["v"] == "1"


def _year_sources(at: AppTest):
    return panel_table(at, "sup_year_sources", "newer release also covering these years")


def test_prefer(app_store):
    at = _open({"recipient": "IND", "prefer": "newest"}, "pages/suppliers.py")
    assert at.radio(key="view_prefer").value == "newest"
    assert at.query_params["prefer"] == "newest"
    table = _year_sources(at)
    assert set(table["release used"]) == {"trade register, data generated 18 May 2026"}
    assert set(table["newer release also covering these years"]) == {""}


def test_prefer_default_is_the_yearly_split_and_a_change_is_written_to_the_link(app_store):
    at = _open({"recipient": "IND"}, "pages/suppliers.py")
    assert at.radio(key="view_prefer").value == "split" and "prefer" not in at.query_params
    table = _year_sources(at).set_index("years")
    assert table.loc["2000–2023", "release used"] == "transfers by delivery year, data generated 3 Jan 2025"
    assert table.loc["2000–2023", "newer release also covering these years"] == (
        "trade register, data generated 18 May 2026")
    at.radio(key="view_prefer").set_value("newest").run()
    assert at.query_params["prefer"] == "newest"
    assert set(_year_sources(at)["newer release also covering these years"]) == {""}


def test_exposure_reads_prefer_too(app_store):
    at = _open({"recipient": "IND", "supplier": "RUS", "prefer": "newest"}, "pages/exposure.py")
    assert at.radio(key="view_prefer").value == "newest"
    assert at.query_params["prefer"] == "newest"
    assert any(c.value.startswith("Share of recent imports (SIPRI TIV): Each year's TIV comes from the newest release")
               for c in at.caption)
