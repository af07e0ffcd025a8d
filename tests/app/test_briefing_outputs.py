"""On every data page: each chart's key sentence under it and as its alt text; "Cite this view"; the briefing pack
control (the pack itself is built and read back in tests/browser/test_briefing_outputs_browser.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armsdash.web.app import PAGES

ROOT = Path(__file__).resolve().parents[2]
DATA_PAGES = [path for path, _title, url_path in PAGES if url_path != "update"]  # a new page is checked too


def _run(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    for name, value in {"recipient": "IND", **params}.items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def _unescaped(text: str) -> str:
    return text.replace("\\", "").replace("\u200b", "")  # escape.plain: backslashes, and zero-width spaces


def _alts(at: AppTest) -> list[str]:
    return [chart.proto.alt for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("page", DATA_PAGES)
def test_every_chart_has_its_key_sentence_shown_and_as_alt_text(app_store, page):
    """Every data page: each chart's sentence (a new kind of chart needs its builder in readings/key_sentences.py),
    "Cite this view" and "Download for a briefing" (pages end with ``briefing.view_outputs``)."""
    at = _run(page)
    assert not at.exception, [e.value for e in at.exception]
    shown = {_unescaped(m.value) for m in at.markdown}
    for alt in _alts(at):
        assert alt and alt.endswith(".") and alt in shown
    assert not at.code  # the citation is sent only once "Cite this view" is opened
    at.session_state["cite_open"] = True
    at.run()
    codes = [c.value for c in at.code]
    assert any(c.startswith("SIPRI") or "Data:" in c for c in codes), codes  # cite this view: plain and footnote
    assert any("v=" in c and "accessed" in c for c in codes)
    assert any(b.label == "Download for a briefing" for b in at.button)


def test_overview_sentence_reads_the_chart_and_changes_with_the_years(app_store):
    whole = _alts(_run())[0]
    assert whole.startswith("The share of India's arms imports from Russia fell from 76% in 2009–13")
    cut = _alts(_run(**{"from": "2014", "to": "2023"}))[0]
    assert "2014–18" in cut and "2009–13" not in cut
