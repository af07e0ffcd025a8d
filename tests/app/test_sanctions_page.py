"""The Sanctions & industry page under AppTest, on the bundled data."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.support.panels import panel_table

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/sanctions.py"


def _open(recipient: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["recipient"] = recipient
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _exposure(at: AppTest) -> dict[str, str]:
    return {m.label: m.value.replace("\\", "").replace("\u200b", "") for m in at.metric}  # as shown


def _table(at: AppTest, column: str):
    """The systems table (``column`` "Licence producer") or the parents table ("Relation"), its panel opened."""
    return panel_table(at, {"Licence producer": "sanc_systems", "Relation": "sanc_parents"}[column], column)


def _titles(at: AppTest) -> list[str]:
    return [json.loads(e.proto.spec)["layout"]["title"]["text"] for e in at.get("plotly_chart")]


def test_india_shows_russian_systems_makers_listings_and_a_sourced_exposure(app_store):
    at = _open("IND")
    systems = _table(at, "Licence producer")
    s400 = systems[systems["System"] == "S-400 Triumf"].iloc[0]
    assert s400["Origin"] == "Russia" and s400["Maker"] == "JSC Concern VKO Almaz-Antey"
    assert "EO 13661" in s400["Maker's listings on the day"]
    su30 = systems[systems["System"] == "Su-30MKI"].iloc[0]
    assert su30["Licence producer"] == "Hindustan Aeronautics Limited"
    exposure = _exposure(at)
    assert float(exposure["Imports from listed makers (estimate)"].removesuffix(" %")) > 0
    assert set(exposure) >= {"Arsenal from listed makers (estimate)", "Open programmes with a listed maker"}
    shown = [c.value.replace("\\", "").replace("\u200b", "") for c in at.caption]  # captions as shown
    assert any(c.startswith("Source: SIPRI") for c in shown)
    assert any("222" in c and "202" in c for c in shown)  # the Su-30MKI check
    assert len(_titles(at)) == 4 and at.query_params["recipient"] == "IND"
    parents = _table(at, "Relation")
    assert "State Corporation Rostec" in set(parents["Entity"])


def test_each_system_shows_once_with_every_count_and_no_none(app_store):
    at = _open("IND", date="2025-06-01")
    systems = _table(at, "Licence producer")
    assert systems["System"].is_unique
    # the Mi-17V5 has two counts from two sources (systems.csv): one row, both counts with their sources
    mi17 = systems[systems["System"] == "Mi-17V5"]
    assert len(mi17) == 1
    counts = "148 (2015, sputnik_mi17_2015_08); 139 (2015, tass_mi17_2015_09)"
    assert mi17.iloc[0]["In service (year, source)"] == counts
    assert mi17.iloc[0]["Maker"] == "Kazan Helicopters"
    for frame in (systems, _table(at, "Relation")):  # a missing value is an empty cell, never the text 'None'
        assert frame.notna().all().all() and not frame.isin(["None", "nan", "<NA>"]).any().any()
    brahmos = systems[systems["System"] == "BrahMos"].iloc[0]
    assert brahmos["In service (year, source)"] == "" and brahmos["Built in country (% of SIPRI units)"] == "100"


def test_the_date_in_the_link_sets_the_day_and_the_control_writes_it_back(app_store):
    at = _open("IND", date="2014-01-01")
    assert at.date_input(key="view_date").value == datetime.date(2014, 1, 1)
    assert all(value == "0.0 %" for value in _exposure(at).values())
    at.date_input(key="view_date").set_value(datetime.date(2023, 1, 1)).run()
    assert not at.exception
    assert at.query_params["date"] == "2023-01-01"
    assert float(_exposure(at)["Imports from listed makers (estimate)"].removesuffix(" %")) > 0


def test_pakistan_has_no_systems_and_says_so(app_store):
    at = _open("PAK")
    assert any(i.value.startswith("No systems in service are recorded for Pakistan") for i in at.info)
    assert _exposure(at)["Imports from listed makers (estimate)"] == "0.0 %"


def test_china_works_with_its_s400_deal_exposed(app_store):
    at = _open("CHN")
    assert any(i.value.startswith("No systems in service are recorded for China") for i in at.info)
    # China's S-400 (Almaz-Antey, listed since 2014) arrived in 2018-2019: still in its arsenal estimate
    assert float(_exposure(at)["Arsenal from listed makers (estimate)"].removesuffix(" %")) > 0


def _annotations(at: AppTest, title_part: str) -> list[str]:
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if title_part in spec["layout"]["title"]["text"]:
            return [a.get("text", "") for a in spec["layout"].get("annotations", [])]
    raise AssertionError(f"no chart titled with {title_part!r}")


def test_events_can_be_marked_on_the_supplier_and_delivery_timelines(app_store):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["recipient"] = "IND"
    at.query_params["period"] = "year"
    at.run()
    at.switch_page("pages/suppliers.py")
    at.run()
    label = "India signs S-400 contract (5 squadrons,"
    assert label not in _annotations(at, "suppliers' shares")
    at.toggle(key="sup_events").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert label in _annotations(at, "suppliers' shares")
    assert any(c.value.startswith("Event sources: ") for c in at.caption)
    at.switch_page("pages/deliveries.py")
    at.run()
    at.toggle(key="deliveries_events").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert label in _annotations(at, "promised vs actual")
