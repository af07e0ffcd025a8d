"""The Suppliers and Arsenal pages in AppTest, on a store built from data/ plus hand-made SIPRI rows."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from armsdash.readings import dependency
from armsdash.store import db
from tests.support.dependency_fixtures import add_sipri_rows

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


@pytest.fixture(scope="module")
def store_path(built_store, tmp_path_factory):
    """The bundled store plus hand-made SIPRI rows for India (three suppliers) and Pakistan (one)."""
    path = tmp_path_factory.mktemp("pages") / "store.duckdb"
    shutil.copy(built_store, path)
    con = db.connect(path)
    add_sipri_rows(con)
    con.close()
    return path


@pytest.fixture
def store(store_path, tmp_path, monkeypatch):
    """A private copy of ``store_path`` that the pages read."""
    path = tmp_path / "store.duckdb"
    shutil.copy(store_path, path)
    monkeypatch.setenv("ARMSDASH_DB", str(path))
    return path


def open_page(page: str, recipient: str) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["recipient"] = recipient
    at.run()
    at.switch_page(page)
    rerun(at, recipient)
    return at


def rerun(at: AppTest, recipient: str) -> None:
    """Run again with the recipient chosen.

    AppTest drops the state of widgets made in an st.navigation entrypoint (the sidebar's
    recipient picker) on every other rerun; a live server keeps it, so the test re-seeds it.
    """
    at.session_state["recipient"] = recipient
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def charts(at: AppTest) -> dict[str, dict]:
    """The page's Plotly figures by title (its first line; a subtitle follows a <br>)."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    return {spec["layout"]["title"]["text"].split("<br>")[0]: spec for spec in specs}


def values(array) -> list:
    """A trace's x or y from figure JSON, where Plotly encodes numbers as base64 ``bdata``."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def source_line(spec: dict) -> str:
    return next(a["text"] for a in spec["layout"]["annotations"] if a["text"].startswith("Source"))


def test_suppliers_page_for_india(store):
    at = open_page("pages/suppliers.py", "IND")
    figures = charts(at)
    shares = figures["India: suppliers' shares of arms imports, 2014–2023"]
    assert {trace["name"] for trace in shares["data"]} == {"Russia (incl. Soviet Union)", "France", "United States"}
    assert "Data generated 3 Jan 2025" in source_line(shares)
    assert "SIPRI's published share and the share computed here" in figures
    assert all(source_line(spec) for spec in figures.values())
    # the 2019-2023 window: Russia 75+70+65+60+55 = 325, France 35+40+45+50+55 = 225, USA 100, total 650
    # HHI = 50^2 + (225/650*100)^2 + (100/650*100)^2 = 2500 + 1198.2 + 236.7 = 3934.9
    reading = next(m.value for m in at.markdown if "HHI" in m.value).replace("\\", "").replace("\u200b", "")  # as shown
    assert reading.startswith("India, 2019–2023: HHI 3,935 — highly concentrated")
    assert len(figures) == 3  # the comparison waits for two recipients


def test_suppliers_page_compares_recipients(store):
    at = open_page("pages/suppliers.py", "IND")
    at.multiselect(key="view_compare").set_value(["IND", "PAK"])
    rerun(at, "IND")
    compared = charts(at)["Supplier concentration compared"]
    assert [trace["name"] for trace in compared["data"]] == ["India", "Pakistan"]
    # Pakistan buys from China alone: HHI 10,000 in every year
    assert set(values(compared["data"][1]["y"])) == {10000.0}


def test_changing_the_year_range_changes_the_chart(store):
    at = open_page("pages/suppliers.py", "IND")
    before = charts(at)["India: suppliers' shares of arms imports, 2014–2023"]
    assert values(before["data"][0]["x"]) == ["2014–18", "2019–23"]
    at.radio(key="view_period").set_value("year")
    rerun(at, "IND")
    at.slider(key="view_years").set_value((2020, 2023))
    rerun(at, "IND")
    shares = charts(at)["India: suppliers' shares of arms imports, 2020–2023"]
    russia = next(t for t in shares["data"] if t["name"] == "Russia (incl. Soviet Union)")
    assert values(russia["x"]) == [2020, 2021, 2022, 2023]


def test_suppliers_page_single_supplier_recipient(store):
    at = open_page("pages/suppliers.py", "PAK")
    reading = next(m.value for m in at.markdown if "HHI" in m.value).replace("\\", "").replace("\u200b", "")  # as shown
    assert "HHI 10,000 — highly concentrated" in reading and "China with 100%" in reading


def test_suppliers_page_without_sipri_data_says_so(store):
    at = open_page("pages/suppliers.py", "SAU")
    assert any("No SIPRI deliveries" in i.value for i in at.info)
    assert not at.get("plotly_chart")


def test_arsenal_page_for_india(store):
    at = open_page("pages/arsenal.py", "IND")
    assert any(i.value == dependency.SHARE_VS_STOCK for i in at.info)
    figures = charts(at)
    estimate = figures["India: equipment in service in 2022 by origin — estimate"]
    assert "<sup>Estimate: weapons delivered and still in service in 2022" in estimate["layout"]["title"]["text"]
    # 2022: Russian aircraft of 2005-06 serve (35 y), Soviet tanks of 1990 serve (40 y), French aircraft too:
    # by TIV Russia 400 + Soviet Union 200 = 600 of 600 + 900 = 1500 -> 40 %
    russia = next(t for t in estimate["data"] if t["name"] == "Russia (incl. Soviet Union)")
    assert values(russia["x"])[0] == pytest.approx(40)
    comparison = figures["Share of Russian (incl. Soviet) origin, by measure"]
    shown = [v for trace in comparison["data"] for v in values(trace["x"])]
    assert 36 in shown and 85 in shown  # the published estimates beside the computed one
    assert all(source_line(spec) for spec in figures.values())


def test_arsenal_page_for_pakistan(store):
    at = open_page("pages/arsenal.py", "PAK")
    assert any("No published estimate" in i.value for i in at.info)
    estimate = charts(at)["Pakistan: equipment in service in 2023 by origin — estimate"]
    assert [t["name"] for t in estimate["data"]] == ["China"]
