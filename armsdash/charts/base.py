"""DataFrame in, Plotly figure out: one function per chart. No Streamlit, no SQL."""

from __future__ import annotations

import html
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from armsdash.charts import exports, margins, palette

LINE_HEIGHT_PX = 14


def _register_template(name: str = "armsdash_white") -> str:
    """Register Plotly's ``plotly_white`` cut to what these charts draw (bars and lines on x/y axes); return its name.

    The full template holds defaults for every trace type, polar, 3-D and map axes: copying and
    validating it cost 11 ms per figure and added 5.5 kB to every chart sent to the browser. The
    cut one draws our bar and scatter charts exactly alike (3 ms, 1 kB).
    """
    if name not in pio.templates:
        full = pio.templates["plotly_white"].to_plotly_json()
        unused = {"polar", "ternary", "scene", "geo", "coloraxis", "colorscale"}
        pio.templates[name] = go.layout.Template(
            layout={k: v for k, v in full["layout"].items() if k not in unused},
            data={k: v for k, v in full["data"].items() if k in ("bar", "scatter")},
        )
    return name


TEMPLATE = _register_template()


def source_annotation(text: str, *, width: int = 150) -> tuple[dict, int]:
    """The footer annotation carrying ``text`` (escaped, wrapped) and the bottom margin it needs.

    Plotly reads a few HTML tags in labels, and source titles come from uploads. The annotation
    is named so exports can append the data version to it.
    """
    lines = textwrap.wrap(str(text), width) or [""]
    note = dict(
        text="<br>".join(html.escape(line, quote=False) for line in lines), name=exports.FOOTER_NAME,
        xref="paper", yref="paper", x=0, y=0, yshift=-exports.SOURCE_OFFSET_PX, xanchor="left", yanchor="top",
        showarrow=False, align="left", font=dict(size=11, color="#555555"),
    )
    return note, exports.SOURCE_MARGIN_PX + LINE_HEIGHT_PX * (len(lines) - 1)


def add_source_line(fig: go.Figure, text: str, *, width: int = 150) -> go.Figure:
    """Write ``text`` a fixed distance under the plot area, wrapped, where PNG/SVG exports keep it too."""
    note, bottom = source_annotation(text, width=width)
    fig.add_annotation(**note)
    fig.update_layout(margin=dict(b=max(bottom, int(fig.layout.margin.b or 0))))
    return fig


def plain(values: object) -> object:
    """A trace's data as Plotly sends it: numbers as a numpy array, text (and anything else) as a list."""
    if isinstance(values, (pd.Series, pd.Index)):
        values = values.to_numpy()
    if isinstance(values, np.ndarray):
        if values.dtype.kind in "biuf":
            return values
        return [None if isinstance(v, float) and np.isnan(v) else v for v in values.tolist()]
    return values


def trace(kind: str, **props: object) -> dict:
    """One trace of ``kind`` ('bar', 'scatter') as a plain dict; data columns may be Series or arrays."""
    return {"type": kind, **{name: plain(value) for name, value in props.items()}}


_TEMPLATE_JSON = pio.templates[TEMPLATE].to_plotly_json()


def build(traces: list[dict], layout: dict, *, source: str) -> go.Figure:
    """A figure from plain dicts with the house template and the source line, not validated.

    Plotly's validation of every property cost 30-70 ms per chart, most of a filter change's
    server time; the dicts here are checked once, by the tests (``go.Figure(fig.to_dict())``
    validates each chart's output), not on every build. A y axis of text categories gets the left margin its
    labels need (``margins.seed_left``), so the browser draws the chart once instead of twice.
    """
    note, bottom = source_annotation(source)
    margin = dict(layout.get("margin") or {})
    margin["b"] = max(bottom, int(margin.get("b") or 0))
    full = {**layout, "template": _TEMPLATE_JSON, "margin": margin,
            "annotations": [*layout.get("annotations", []), note]}
    return go.Figure({"data": traces, "layout": margins.seed_left(traces, full)}, _validate=False)


def published_shares_over_time(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Lines of each supplier's published share of imports, one point per five-year period.

    ``frame`` has the columns of the ``published_shares_by_period`` metric; the x axis is
    the last year of each period, labelled with the period.
    """
    traces = []
    ends = sorted(frame["period_end"].unique())
    for code, rows in frame.groupby("supplier_code", sort=False):
        # One point per period on the axis, so a period without a figure breaks the line
        # instead of drawing a trend the sources never stated.
        rows = rows.set_index("period_end").reindex(ends).reset_index()
        rows["supplier"] = rows["supplier"].ffill().bfill()
        traces.append(trace(
            "scatter", x=rows["period_end"], y=rows["share_pct"], name=str(rows["supplier"].iloc[0]),
            mode="lines+markers", connectgaps=False, line=dict(color=palette.supplier_color(str(code))),
            customdata=rows[["period", "source_publisher"]].to_numpy(),
            hovertemplate="%{customdata[0]}: %{y:.0f}%<br>%{customdata[1]}<extra>%{fullData.name}</extra>",
        ))
    return build(traces, dict(
        title=dict(text=title),
        xaxis=dict(title=dict(text="Five-year period ending")),
        yaxis=dict(title=dict(text="Share of imports (%)"), range=[0, 100]),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
    ), source=source)
