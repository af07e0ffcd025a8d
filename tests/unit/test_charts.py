"""Chart functions return figures with the data, titles and source lines a reader needs."""

import math

import pandas as pd

from armsdash.charts import base, palette


def _frame():
    return pd.DataFrame(dict(
        period_start=[2009, 2014, 2009], period_end=[2013, 2018, 2013], period=["2009–13", "2014–18", "2009–13"],
        supplier_code=["RUS", "RUS", "USA"], supplier=["Russia", "Russia", "United States"],
        share_pct=[76.0, 58.0, 7.0], source_publisher=["SIPRI"] * 3,
    ))


def test_one_line_per_supplier_with_a_gap_where_no_figure_was_published():
    fig = base.published_shares_over_time(_frame(), title="India", source="Source: SIPRI")
    by_name = {trace.name: trace for trace in fig.data}
    assert list(by_name["Russia"].x) == [2013, 2018]
    assert list(by_name["Russia"].y) == [76.0, 58.0]
    assert by_name["United States"].y[0] == 7.0 and math.isnan(by_name["United States"].y[1])
    assert by_name["Russia"].line.color == palette.supplier_color("RUS")
    assert fig.layout.title.text == "India"
    assert [a.text for a in fig.layout.annotations] == ["Source: SIPRI"]


def test_empty_frame_gives_an_empty_figure_not_an_error():
    fig = base.published_shares_over_time(_frame().iloc[0:0], title="None", source="Source: none")
    assert len(fig.data) == 0


def test_supplier_colours_are_stable_and_distinct_for_main_suppliers():
    main = ["RUS", "USA", "FRA", "ISR", "CHN", "GBR", "DEU", "SUN"]
    assert len({palette.supplier_color(c) for c in main}) == len(main)
    assert palette.supplier_color("KOR") == palette.supplier_color("KOR")


def test_source_line_is_escaped_and_wrapped_so_uploaded_titles_stay_text():
    fig = base.add_source_line(base.go.Figure(), "Source: <a href='x'>click</a> " + "long words " * 30)
    text = fig.layout.annotations[0].text
    assert "<a href" not in text and "&lt;a href='x'&gt;click&lt;/a&gt;" in text
    assert text.count("<br>") >= 1


def test_charts_look_like_plotly_white_but_send_only_what_bars_and_lines_need():
    """The cut template draws alike (white background, light grid) and keeps each chart's JSON small."""
    import plotly.io as pio

    fig = base.published_shares_over_time(_frame(), title="India", source="Source: SIPRI")
    white = pio.templates["plotly_white"].layout
    used = fig.layout.template.layout
    assert (used.plot_bgcolor, used.paper_bgcolor, used.xaxis.gridcolor, used.colorway) == \
        (white.plot_bgcolor, white.paper_bgcolor, white.xaxis.gridcolor, white.colorway)
    assert fig.layout.template.data.scatter == pio.templates["plotly_white"].data.scatter
    assert len(fig.to_json()) < 4000  # about 2,300 here; 7,800 with the whole plotly_white template
