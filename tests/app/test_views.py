"""Shareable views in the running app (AppTest): deep links, tampered links, pinned data versions."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from armsdash.charts import exports
from armsdash.store import db, versions

DASHBOARD = str(Path(__file__).resolve().parents[2] / "dashboard.py")


def open_app(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def _array(value) -> list:
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"])).tolist()
    return list(value)


def chart_traces(at: AppTest, index: int = 0) -> dict[str, tuple[list, list]]:
    """The chart's traces as {name: (x, y)}, read from the figure the app sent."""
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return {t["name"]: (_array(t["x"]), _array(t["y"])) for t in spec["data"]}


def chart_config(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.config)


def chart_footer(at: AppTest, index: int = 0) -> str:
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return next(a["text"] for a in spec["layout"]["annotations"] if a.get("name") == exports.FOOTER_NAME)


def test_a_deep_link_restores_recipient_and_years(app_store):
    at = open_app({"recipient": "PAK", "from": "2009", "to": "2020"})
    assert at.selectbox(key="recipient").value == "PAK"
    assert at.slider(key="view_years").value == (2009, 2020)
    assert at.title[0].value.startswith("Pakistan")
    traces = chart_traces(at)
    assert set(traces) == {"China", "United States"}
    assert max(x for xs, _ in traces.values() for x in xs) == 2020
    assert dict(at.query_params) == {"recipient": "PAK", "from": "2009", "to": "2020"}
    assert not at.info  # a clean link gives no notice


def test_a_country_name_in_the_link_is_accepted_and_the_link_rewritten_as_a_code(app_store):
    at = open_app({"recipient": "pakistan"})
    assert at.selectbox(key="recipient").value == "PAK"
    assert dict(at.query_params) == {"recipient": "PAK"}


def test_a_tampered_link_falls_back_with_notices_and_no_exception(app_store):
    at = open_app({"recipient": "<script>alert(1)</script>", "from": str(10**30), "v": "99"})
    assert at.selectbox(key="recipient").value == "IND"
    notices = [n.value for n in at.info]
    assert any("recipient" in n for n in notices) and any("version" in n for n in notices)
    assert any("from" in n for n in notices)
    assert not any("<script" in n for n in notices)
    assert dict(at.query_params) == {"recipient": "IND"}


def test_changing_a_control_rewrites_the_link(app_store):
    at = open_app({"recipient": "PAK"})
    at.selectbox(key="recipient").set_value("UKR").run()
    assert at.title[0].value.startswith("Ukraine")
    assert st_params(at)["recipient"] == "UKR"
    at.selectbox(key="recipient").set_value("IND").run()
    assert st_params(at) == {"recipient": "IND"}  # the default recipient is still named: links outlive defaults


def st_params(at: AppTest) -> dict[str, str]:
    return dict(at.query_params)


def test_chart_downloads_carry_size_file_name_source_and_version(app_store):
    at = open_app({"recipient": "IND", "from": "2009", "to": "2023"})
    image = chart_config(at)["toImageButtonOptions"]
    assert image == {"format": "png", "filename": "india-supplier-shares-2009-2023", "width": 1600, "height": 900,
                     "scale": 2}
    footer = chart_footer(at)
    assert footer.startswith("Source") and "Data version 1 (" in footer
    csv = [b for b in at.get("download_button") if "CSV" in b.proto.label]
    assert len(csv) == 1


def write_new_share(path: Path, share_pct: float) -> int:
    """Upload-like write: India's 2019-2023 share from Russia becomes ``share_pct`` in a new data version."""
    con = db.connect(path)
    try:
        version = versions.next_version(con)
        con.execute("begin transaction")
        where = "recipient_code = 'IND' and supplier_code = 'RUS' and period_start = 2019 and period_end = 2023"
        versions.close_rows(con, "published_import_shares", version, where)
        versions.insert_frame(con, "published_import_shares", pd.DataFrame([{
            "recipient_code": "IND", "supplier_code": "RUS", "period_start": 2019, "period_end": 2023,
            "share_pct": share_pct, "source_id": "sipri_fs_2024", "note": "test upload"}]), version)
        versions.record_version(con, version, action="upload", table_name="published_import_shares", rows_added=1)
        con.execute("commit")
    finally:
        con.close()
    return version


def russia_2023(at: AppTest) -> float:
    x, y = chart_traces(at)["Russia"]
    return y[x.index(2023)]


def test_a_pinned_link_keeps_its_numbers_after_an_upload_and_an_unpinned_one_does_not(app_store):
    before = open_app({})
    old_share = russia_2023(before)
    assert old_share != 12.5
    write_new_share(app_store, 12.5)

    pinned = open_app({"v": "1"})
    assert russia_2023(pinned) == old_share
    banner = " ".join(i.value for i in pinned.info)
    assert "Data as of version 1 (" in banner and "newer data available (version 2, " in banner
    assert "Data version 1 (" in chart_footer(pinned)
    assert dict(pinned.query_params) == {"recipient": "IND", "v": "1"}

    latest = open_app({})
    assert russia_2023(latest) == 12.5
    assert "Data version 2 (" in chart_footer(latest)
    assert not any("newer data" in i.value for i in latest.info)

    pinned.button(key="view_latest").click().run()
    assert russia_2023(pinned) == 12.5
    assert "v" not in dict(pinned.query_params)


def test_copy_link_pins_the_version_shown(app_store):
    at = open_app({"recipient": "PAK", "from": "2009", "to": "2020"})
    assert not at.code  # sent only once "Copy link" is opened
    at.session_state["copy_link_open"] = True
    at.run()
    links = [c.value for c in at.code]
    assert any(link.endswith("/?recipient=PAK&from=2009&to=2020&v=1") for link in links)
    assert any(link.endswith("/?recipient=PAK&from=2009&to=2020") for link in links)


def test_the_view_survives_a_page_change_and_each_page_links_only_what_it_reads(app_store):
    at = open_app({"recipient": "PAK", "from": "2009", "to": "2020", "v": "1"})
    at.switch_page("pages/arsenal.py").run()
    assert not at.exception
    assert dict(at.query_params) == {"recipient": "PAK", "v": "1"}  # the arsenal page has no year range
    at.switch_page("pages/overview.py").run()
    assert at.slider(key="view_years").value == (2009, 2020)
    assert dict(at.query_params) == {"recipient": "PAK", "from": "2009", "to": "2020", "v": "1"}


CONTROLS_SCRIPT = '''
import streamlit as st
from armsdash.web import view, widgets


class Page:  # a page that reads every parameter
    url_path = "every-parameter"


view.start(Page())
widgets.period_switch()
widgets.supplier_picker({"RUS": "Russia", "CHN": "China"})
widgets.category_picker()
widgets.compare_picker({"IND": "India", "PAK": "Pakistan", "UKR": "Ukraine"})
st.write(repr(view.view()))
'''


def test_every_control_is_seeded_from_the_link_and_writes_back_to_it(app_store):
    at = AppTest.from_string(CONTROLS_SCRIPT, default_timeout=30)
    for name, value in {"recipient": "PAK", "period": "year", "supplier": "China", "category": "Aircraft",
                        "compare": "IND,PAK"}.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert at.radio(key="view_period").value == "year"
    assert at.selectbox(key="view_supplier").value == "CHN"
    assert at.selectbox(key="view_category").value == "aircraft"
    assert at.multiselect(key="view_compare").value == ["IND", "PAK"]
    assert dict(at.query_params) == {"recipient": "PAK", "period": "year", "supplier": "CHN",
                                     "category": "aircraft", "compare": "IND,PAK"}

    at.radio(key="view_period").set_value("5y").run()
    at.selectbox(key="view_supplier").set_value("RUS").run()
    at.selectbox(key="view_category").set_value(None).run()
    at.multiselect(key="view_compare").set_value(["IND", "PAK", "UKR"]).run()
    assert dict(at.query_params) == {"recipient": "PAK", "supplier": "RUS", "compare": "IND,PAK,UKR"}

    at.multiselect(key="view_compare").set_value(["UKR"]).run()  # one country is not a comparison yet
    assert at.multiselect(key="view_compare").value == ["UKR"]
    assert "compare" not in dict(at.query_params)


def test_the_image_format_chosen_under_copy_link_outlives_closing_it(app_store):
    at = open_app({"recipient": "IND"})
    at.session_state["copy_link_open"] = True
    at.run()
    at.radio(key="view_image_format").set_value("svg").run()
    at.session_state["copy_link_open"] = False
    at.run()
    at.run()
    assert chart_config(at)["toImageButtonOptions"]["format"] == "svg"
