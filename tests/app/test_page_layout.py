"""Page layout: each page draws its controls and figures above the chart they drive, and the sidebar however it ends.

Kept from tests/browser/test_first_chart.py (whose "first chart first" machinery is gone): these check
the layout and the controls, which still hold now that pages draw in the order they show.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _opened(page: str, recipient: str) -> AppTest:
    """The dashboard run once for ``recipient`` (as a link would open it), then switched to ``page``."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = recipient
    at.run()
    at.switch_page(page)
    at.run()
    return at


def _order(node, out: list) -> list:
    """The page's elements in the order a reader sees them (depth first through columns and containers)."""
    kind = getattr(node, "type", None)
    if kind in ("metric", "plotly_chart", "slider", "selectbox", "radio", "alert", "caption", "markdown"):
        out.append((kind, getattr(node, "label", None) or getattr(node, "value", None)))
    for child in getattr(node, "children", {}).values():
        _order(child, out)
    return out


def test_overview_still_shows_headlines_and_slider_above_the_chart(app_store):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = "IND"
    at.run()
    seen = [kind for kind, _ in _order(at.main, [])]
    chart = seen.index("plotly_chart")
    assert "metric" in seen[:chart] and "slider" in seen[:chart], seen
    assert seen.index("metric") < seen.index("slider") < chart
    assert at.sidebar.selectbox(key="recipient").value == "IND"


def test_suppliers_controls_stay_above_the_chart_and_still_drive_it(app_store):
    import json

    at = _opened("pages/suppliers.py", "IND")
    seen = [kind for kind, _ in _order(at.main, [])]
    chart = seen.index("plotly_chart")
    assert {"radio", "slider"} <= set(seen[:chart]), seen
    assert len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"]) == 6  # top 5 and Other
    at.slider(key="sup_top").set_value(3).run()
    assert not at.exception
    assert len(json.loads(at.get("plotly_chart")[0].proto.spec)["data"]) == 4
    at.radio(key="sup_form").set_value("lines").run()
    assert json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["type"] == "scatter"


def test_a_page_that_stops_early_still_draws_the_sidebar(app_store):
    """The entry draws the sidebar before the page, so a page's st.stop() keeps it (Pakistan: no delivery records)."""
    at = _opened("pages/deliveries.py", "PAK")
    assert not at.exception
    assert any("No delivery records" in i.value for i in at.info)
    assert at.sidebar.selectbox(key="recipient").value == "PAK"
    assert any("delivery" in c.value.lower() for c in at.caption)  # the note above the filters


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/arsenal.py", "pages/exposure.py", "pages/deliveries.py"])
def test_the_recipient_picker_keeps_working_whatever_the_page_shows(app_store, page):
    """The sidebar's picker is always drawn by the entry, however the page ends: a widget's id names the script
    that drew it, so drawing it from the page on some runs and from the entry on others lost changes."""
    at = _opened(page, "IND")
    picker = at.sidebar.selectbox(key="recipient")
    stale_id = picker.id
    for code in ("JPN", "IND", "PAK", "QAT", "IND"):
        at.sidebar.selectbox(key="recipient").set_value(code).run()
        assert not at.exception, (code, [e.value for e in at.exception])
        assert at.sidebar.selectbox(key="recipient").value == code
        assert at.sidebar.selectbox(key="recipient").id == stale_id


def test_a_supplier_left_by_deliveries_does_not_break_exposure(app_store):
    """Deliveries' "All suppliers" (or a supplier Exposure does not list) falls back to Exposure's default."""
    at = _opened("pages/deliveries.py", "IND")
    assert at.selectbox(key="view_supplier").value is None  # all suppliers
    at.switch_page("pages/exposure.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="view_supplier").value == "RUS"
