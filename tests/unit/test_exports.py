"""Exports: image settings, annotated figures, spreadsheet-safe CSV and the offline HTML snapshot."""

from __future__ import annotations

import io

import pandas as pd
import plotly.graph_objects as go
import pytest

from armsdash.charts import exports


def shares_figure() -> go.Figure:
    return go.Figure(go.Bar(x=["Russia", "France", "United States"], y=[36.0, 33.0, 13.0], name="share_pct"))


def test_slug_names_the_file_after_what_it_shows():
    assert exports.slug("India", "supplier shares", 2009, 2023) == "india-supplier-shares-2009-2023"
    assert exports.slug("Côte d'Ivoire", None, "", "imports/exports") == "cote-d-ivoire-imports-exports"
    assert exports.slug("../../etc/passwd") == "etc-passwd"
    assert exports.slug("<>") == "chart"
    assert len(exports.slug("x" * 500)) == 80


def test_chart_config_downloads_a_slide_sized_png_named_after_the_view():
    config = exports.chart_config("supplier shares", subject="India", years=(2009, 2023))
    assert config["toImageButtonOptions"] == {"format": "png", "filename": "india-supplier-shares-2009-2023",
                                              "width": 1600, "height": 900, "scale": 2}
    assert config["displaylogo"] is False


def test_chart_config_offers_svg_and_refuses_other_formats():
    assert exports.chart_config("x", image_format="svg")["toImageButtonOptions"]["format"] == "svg"
    assert exports.chart_config("x", image_format="exe")["toImageButtonOptions"]["format"] == "png"


def test_annotated_figure_carries_title_subtitle_source_and_version():
    fig = exports.annotate_for_export(shares_figure(), "India: suppliers' shares", "2019-2023, % of imports",
                                      "Source: SIPRI Fact Sheet 2024", "Data version 3 (2026-05-18)")
    assert fig.layout.title.text == "India: suppliers' shares"
    assert fig.layout.title.subtitle.text == "2019-2023, % of imports"
    assert exports.footer_text(fig) == "Source: SIPRI Fact Sheet 2024 · Data version 3 (2026-05-18)"
    assert fig.layout.margin.b >= exports.SOURCE_MARGIN_PX
    # the input figure is left alone
    assert shares_figure().layout.title.text is None


def test_annotation_text_is_literal_not_markup():
    fig = exports.annotate_for_export(shares_figure(), "<b>x</b>", None, "<a href='javascript:1'>s</a>", "v1")
    assert "<b>" not in fig.layout.title.text
    assert "<a" not in fig.layout.annotations[-1].text
    assert exports.footer_text(fig) == "<a href='javascript:1'>s</a> · v1"


def read_back(data: bytes) -> pd.DataFrame:
    assert data.startswith(b"\xef\xbb\xbf")
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


def test_csv_neutralises_formula_cells_and_keeps_numbers_numeric():
    df = pd.DataFrame({
        "note": ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain", "-5", "+3.5"],
        "share_pct": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, -8.0, 9.0],
    })
    back = read_back(exports.csv_bytes(df))
    assert back["note"].tolist()[:7] == ["'=HYPERLINK(\"http://evil\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx",
                                         "'\rx", "plain"]
    assert back["note"].tolist()[7:] == ["-5", "+3.5"]
    assert back["share_pct"].tolist() == df["share_pct"].tolist()
    assert pd.api.types.is_float_dtype(back["share_pct"])


def test_csv_of_a_metric_frame_reads_back_equal(con):
    from armsdash import metrics
    from tests.conftest import insert_rows
    insert_rows(con, "sources", [{"source_id": "s1", "title": "Fact sheet", "publisher": "SIPRI",
                                  "url": "https://sipri.org", "published_date": "2024-03"}])
    insert_rows(con, "published_import_shares", [
        {"recipient_code": "IND", "supplier_code": "RUS", "period_start": 2019, "period_end": 2023,
         "share_pct": 36.0, "source_id": "s1"},
        {"recipient_code": "IND", "supplier_code": "FRA", "period_start": 2019, "period_end": 2023,
         "share_pct": 33.0, "source_id": "s1"},
    ])
    frame = metrics.run_metric(con, "published_shares_by_period", {"recipient": "IND"})
    assert len(frame) == 2
    back = read_back(exports.csv_bytes(frame))
    pd.testing.assert_frame_equal(back.astype(str), frame.astype(str).replace("nan", ""), check_dtype=False)
    assert {"source_id", "source_title", "source_url"} <= set(back.columns)


SOURCES = pd.DataFrame([
    {"source_id": "s1", "title": "SIPRI Fact Sheet <2024>", "publisher": "SIPRI",
     "url": "https://www.sipri.org/", "published_date": "2024-03"},
    {"source_id": "s2", "title": "Bad link", "publisher": "x", "url": "javascript:alert(1)", "published_date": ""},
])


def make_snapshot(title="India <script>window.__pwned=1</script>") -> str:
    figs = [exports.annotate_for_export(shares_figure(), "Shares", "2019-2023", "Source: SIPRI", "Data version 3"),
            go.Figure(go.Scatter(x=[2019, 2020], y=[1, 2], name="</script><script>window.__pwned=2</script>"))]
    tables = {"Shares <b>": pd.DataFrame({"supplier": ["Russia", "<img src=x onerror=window.__pwned=3>"],
                                          "share_pct": [36.0, 33.0]})}
    return exports.snapshot_html(title, figs, tables, SOURCES, "https://dash.example/?recipient=IND&v=3",
                                 "Data version 3 (2026-05-18)")


def test_snapshot_is_self_contained_and_escapes_user_text():
    page = make_snapshot()
    assert page.count("<script src") == 0 and page.count("<link") == 0
    assert page.count("plotly.js v") <= 2  # the library is inlined once (its banner may mention the version twice)
    assert "<script>window.__pwned" not in page
    assert "&lt;script&gt;window.__pwned=1" in page
    assert "javascript:alert" not in page
    assert 'href="https://dash.example/?recipient=IND&amp;v=3"' in page
    assert "SIPRI Fact Sheet &lt;2024&gt;" in page and "Data version 3 (2026-05-18)" in page


@pytest.mark.browser
def test_snapshot_opens_offline_in_chromium_and_shows_the_charts(tmp_path, browser):
    path = tmp_path / "india-snapshot.html"
    path.write_text(make_snapshot(), encoding="utf-8")
    blocked: list[str] = []
    context = browser.new_context()
    try:
        page = context.new_page()

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
        assert page.locator(".js-plotly-plot").count() == 2
        assert page.locator("text=Source: SIPRI · Data version 3").count() >= 1
        assert page.evaluate("window.__pwned") is None
        assert page.locator("a", has_text="https://dash.example/").get_attribute("href") == \
            "https://dash.example/?recipient=IND&v=3"
    finally:
        context.close()
    assert blocked == []


def test_version_label_is_appended_to_the_source_line_once():
    fig = exports.annotate_for_export(shares_figure(), "T", None, "Source: SIPRI (2024)", "")
    labelled = exports.add_version_label(exports.add_version_label(fig, "Data version 2 (2026-05-18)"),
                                         "Data version 2 (2026-05-18)")
    assert labelled is fig  # changed in place: copying costs a tenth of a second per chart and rerun
    assert exports.footer_text(labelled) == "Source: SIPRI (2024) · Data version 2 (2026-05-18)"
    assert exports.footer_text(exports.add_version_label(shares_figure(), "Data version 1")) == "Data version 1"
    assert exports.footer_text(shares_figure()) is None
