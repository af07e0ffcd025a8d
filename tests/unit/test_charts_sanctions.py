"""Sanctions-and-industry charts and readings as objects: data in the traces, a source line, user text escaped."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from armsdash.charts import sanctions_charts as charts
from armsdash.readings import industry

SOURCE = "Source: SIPRI (2026-05-18)"
EXPOSURE = pd.DataFrame({
    "figure": ["Share of imports (SIPRI TIV, last five years)"] * 2 + ["Share of open programmes"] * 2,
    "authority": ["any", "US"] * 2, "kind": ["any list", "blocking sanction"] * 2,
    "value": [70.0, 70.0, 25.0, 0.0], "unit": "share_pct", "listed_amount": [140.0, 140.0, 1.0, 0.0],
    "total_amount": [200.0, 200.0, 4.0, 4.0], "amount_unit": ["tiv_mn", "tiv_mn", "programmes", "programmes"],
    "n_listed_items": [2, 2, 1, 0], "n_items": [3, 3, 4, 4], "period": ["2019–2023"] * 2 + ["open on 2023-06-01"] * 2,
    "is_estimate": [True, True, False, False], "basis": "b", "source_id": "reg", "source_title": "t",
    "source_publisher": "SIPRI", "source_url": None, "source_date": "2026-05-18",
})
TIMELINE = pd.DataFrame({
    "event_day": pd.to_datetime(["2014-07-16", "2022-01-01"]), "date_text": ["2014-07-16", "2022"],
    "day_is_exact": [True, False], "kind": ["sanctions", "listing: blocking sanction"],
    "label": ["<b>US blocks</b>", "Maker listed"], "entity": [None, "Maker"], "authority": [None, "US"],
    "source_id": "s", "source_title": "t", "source_publisher": "p", "source_url": None, "source_date": "2024",
})


def test_exposure_bars_one_trace_per_figure_with_source():
    fig = charts.exposure_bars(EXPOSURE, title="t", source=SOURCE)
    go.Figure(fig.to_dict())  # validates
    assert [t.name for t in fig.data] == list(EXPOSURE["figure"].unique())
    assert list(fig.data[0].y) == ["any · any list", "US · blocking sanction"] and list(fig.data[1].x) == [25.0, 0.0]
    assert fig.layout.annotations[-1].text == SOURCE


def test_timeline_marks_inexact_dates_hollow_and_escapes_labels():
    fig = charts.timeline(TIMELINE, title="t", source=SOURCE)
    go.Figure(fig.to_dict())
    symbols = {t.name: list(t.marker.symbol) for t in fig.data}
    assert symbols == {"listing: blocking sanction": ["circle-open"], "sanctions": ["circle"]}
    assert "&lt;b&gt;" in fig.data[1].customdata[0][0]


def test_event_annotations_copy_the_figure_and_escape_labels():
    base = go.Figure()
    shown = charts.event_annotations(base, TIMELINE, by_year=True)
    assert len(base.layout.annotations) == 0 and len(shown.layout.shapes) == 2
    assert shown.layout.annotations[0].x == 2014 and shown.layout.annotations[0].text == "&lt;b&gt;US blocks&lt;/b&gt;"


def test_licence_lines_by_measure():
    frame = pd.DataFrame({"supplier_code": ["RUS", "RUS"], "supplier": ["Russia"] * 2,
                          "period": ["2014–18", "2019–23"],
                          "local_units_pct": [40.0, 55.0], "local_tiv_pct": [30.0, 50.0], "local_units": [4.0, 11.0],
                          "units": [10.0, 20.0], "unknown_units": [0.0, 0.0]})
    assert list(charts.licence_lines(frame, measure="tiv", title="t", source=SOURCE).data[0].y) == [30.0, 50.0]
    assert list(industry.main_origins(frame)["supplier_code"]) == ["RUS", "RUS"]


def test_headlines_read_the_any_list_rows():
    found = industry.exposure_headlines(EXPOSURE)
    assert [(h.label, h.value, h.is_estimate) for h in found] == [
        ("Imports from listed makers", "70.0 %", True), ("Open programmes with a listed maker", "25.0 %", False)]
    assert found[0].detail.startswith("140.0 of 200.0 m TIV (2019–2023)") and found[0].source == SOURCE
    assert industry.exposure_sentence(EXPOSURE, "India", "2023-06-01") == (
        "On 2023-06-01 makers of India's arms are listed by: US blocking sanction.")
    assert "no maker" in industry.exposure_sentence(EXPOSURE.assign(listed_amount=0.0), "India", "2013-01-01")


def test_tables_show_an_empty_cell_where_a_value_is_missing_never_none():
    systems = pd.DataFrame({
        "system": ["Alpha", "Beta"], "origin": ["Russia", None], "origin_code": ["RUS", "XXX"],
        "maker": ["Maker Works", "Other Maker"], "licence_producer": ["Local Licensee", None],
        "local_share_pct": [100 * 11 / 19, None], "n_deals_partial": [0, 1], "units_delivered": [19.0, None],
        "in_service_counts": ["12 (2022, b); 10 (2020, a)", None], "maker_listings": ["US EO X", None],
        "maker_source_id": [None, "m"], "source_id": ["s", "s"],
    })
    shown = industry.systems_table(systems)
    assert shown.iloc[0].to_dict() == {
        "Origin": "Russia", "System": "Alpha", "Maker": "Maker Works", "Licence producer": "Local Licensee",
        "Built in country (% of SIPRI units)": "57.9", "Units delivered (SIPRI)": "19",
        "In service (year, source)": "12 (2022, b); 10 (2020, a)", "Maker's listings on the day": "US EO X",
        "Maker source": "", "Designations source": "s"}
    beta = shown.iloc[1]
    assert (beta["Origin"], beta["Licence producer"], beta["Built in country (% of SIPRI units)"]) == ("XXX", "", "")
    assert (beta["Units delivered (SIPRI)"], beta["In service (year, source)"]) == ("", "")
    assert beta["Maker's listings on the day"] == "none in the data"
    assert shown.notna().all().all()
    parents = industry.parents_table(pd.DataFrame({
        "system": ["Alpha"], "relation": ["maker"], "entity": ["Maker Works"], "country_code": [None],
        "listings": [None], "source_id": [None]}))
    assert parents.iloc[0].to_dict() == {"System": "Alpha", "Relation": "maker", "Entity": "Maker Works",
                                         "Country": "", "Listings on the day": "none in the data", "Source": ""}
