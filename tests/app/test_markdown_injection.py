"""Stored text holding Markdown, bare web addresses or HTML is shown as text on every page: titles, captions,
alerts, headline labels and Plotly charts link nowhere and fetch nothing; a pinned link shows the names it had."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armsdash.charts import labels
from armsdash.store import db
from armsdash.web import escape

ROOT = Path(__file__).resolve().parents[2]
PAGES = [None, "pages/suppliers.py", "pages/arsenal.py", "pages/deliveries.py", "pages/exposure.py"]
OUTSIDE = "outside.example"
HOSTILE = {
    "IND": "India [home](https://outside.example) ![t](https://outside.example/t.png) www.outside.example",
    "RUS": "<a href='https://outside.example'>Russia</a> a@outside.example",
    "FRA": "France https://outside.example/x",
}


@pytest.fixture
def hostile_store(app_store):
    """The bundled store with names, a publisher and an inventory category holding links (stored before the
    checks existed, or by a loader that had none)."""
    con = db.connect(app_store)
    try:
        for code, name in HOSTILE.items():
            con.execute("update countries set name = $n where code = $c", {"n": name, "c": code})
        con.execute("update sources set publisher = '[SIPRI](https://outside.example)'")
        con.execute("update inventory_origin set service_or_category = "
                    "'all ![t](https://outside.example/t.png)', origin_label = 'Russia https://outside.example'")
    finally:
        con.close()
    return app_store


def markdown_texts(at: AppTest) -> list[str]:
    """Every text the page hands to Streamlit's Markdown (titles, captions, alerts, metric labels ...)."""
    found = [e.value for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning",
                                  "error", "success") for e in getattr(at, kind)]
    return found + [m.label for m in at.metric]


def test_escaped_text_has_no_link_an_autolink_could_find():
    shown = escape.plain("x https://outside.example www.outside.example a@outside.example [t](u) ![i](u)")
    unescaped = shown.replace("\\", "")
    assert not re.search(r"https?://|www\.|\w@\w", unescaped)  # what GitHub's Markdown links by itself
    assert "\\[t\\]\\(u\\)" in shown  # Markdown's own links escaped
    assert unescaped.replace("\u200b", "") == "x https://outside.example www.outside.example a@outside.example " \
                                               "[t](u) ![i](u)"


def test_a_link_tag_in_a_figure_is_made_literal_and_the_builders_tags_kept():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=["<a href='https://outside.example'>Russia</a>", "France"], y=[1, 2],
                           name="<A HREF=x>s</a>"), layout={"title": {"text": "<b>India</b><br>2019"}})
    clean = labels.without_links(fig)
    assert list(clean.data[0].x) == ["&lt;a href='https://outside.example'>Russia&lt;/a>", "France"]
    assert clean.data[0].name == "&lt;A HREF=x>s&lt;/a>"
    assert clean.layout.title.text == "<b>India</b><br>2019"
    plain = go.Figure(go.Bar(x=["France"], y=[1]))
    assert labels.without_links(plain) is plain  # nothing to do: no copy


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_stored_links_as_text(hostile_store, page):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90)
    at.query_params["recipient"] = "IND"
    at.query_params["supplier"] = "RUS"
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    texts = markdown_texts(at)
    assert any("outside\\.example" in t for t in texts), texts  # the names are there, escaped
    raw = [t for t in texts if OUTSIDE in t or re.search(r"(?<!\\)\]\(", t)]
    assert raw == []
    # what GitHub's Markdown links by itself, backslash escapes or not: web addresses, www. names, e-mail addresses
    autolinked = [t for t in texts if re.search(r"https?://|www\.|\w@\w", t.replace("\\", ""))]
    assert autolinked == []
    for chart in at.get("plotly_chart"):
        spec = chart.proto.spec
        assert not re.search(r"(?i)<a\b", spec), "a live link inside a chart"
        assert "<img" not in spec
    assert all(json.loads(chart.proto.spec) for chart in at.get("plotly_chart"))


def test_a_pinned_link_shows_the_names_of_its_version(app_store):
    from armsdash.ingest import commit, uploads

    con = db.connect(app_store)
    try:
        found = uploads.check_upload(con, b"code,name,kind\nIND,Bharat (renamed),state\n")
        commit.commit(con, found, author="ana")
    finally:
        con.close()
    titles = {}
    for pinned in ("1", None):
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
        at.query_params["recipient"] = "IND"
        if pinned:
            at.query_params["v"] = pinned
        at.run()
        titles[pinned] = at.title[0].value
    assert titles == {"1": "India: arms-supply dependency", None: "Bharat \\(renamed\\): arms-supply dependency"}
