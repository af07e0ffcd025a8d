"""Charts of sanctions and industry: DataFrame in, Plotly figure out. No Streamlit, no SQL.

Each function takes the frame of one metric (named in its docstring) and a ``source`` line, which is written
under the plot so it travels with exported images. ``event_annotations`` adds the events table's dates to any
timeline chart (the Suppliers and Deliveries pages switch them on).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from armsdash.charts import dependency_charts, palette
from armsdash.charts.base import build, trace

FIGURE_COLORS = {
    "Share of imports (SIPRI TIV, last five years)": "#D55E00",
    "Share of the estimated arsenal (SIPRI TIV in service)": "#E69F00",
    "Share of open programmes": "#0072B2",
    "Share of undelivered contract value": "#56B4E9",
}
KIND_COLORS = {
    "listing: blocking sanction": "#D55E00",
    "listing: secondary-sanctions list": "#CC79A7",
    "listing: export restriction": "#E69F00",
    "sanctions": "#882255",
    "contract": "#0072B2",
    "delivery": "#009E73",
    "war": "#000000",
    "policy": "#56B4E9",
}
EVENT_LINE = "#888888"


def exposure_bars(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Grouped horizontal bars: each figure's share whose maker is listed, by authority and kind of listing.

    ``frame``: ``sanctions_exposure``.
    """
    groups = frame["authority"] + " · " + frame["kind"]
    traces = []
    for figure, rows in frame.groupby("figure", sort=False):
        labels = groups[rows.index]
        traces.append(trace(
            "bar", orientation="h", y=labels, x=rows["value"].fillna(0), name=str(figure),
            marker=dict(color=FIGURE_COLORS.get(str(figure), palette.OTHER)),
            customdata=rows[["listed_amount", "total_amount", "amount_unit", "period"]].to_numpy(),
            hovertemplate=("%{y}: %{x:.1f}% (%{customdata[0]:,.1f} of %{customdata[1]:,.1f} %{customdata[2]}, "
                           "%{customdata[3]})<extra>%{fullData.name}</extra>"),
        ))
    return build(traces, dict(
        title=dict(text=title), barmode="group", legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        xaxis=dict(title=dict(text="Share whose maker is listed (%)"), range=[0, 100]),
        yaxis=dict(title=dict(text="Authority · kind of listing"), autorange="reversed", type="category"),
        margin=dict(l=220),
    ), source=source)


def timeline(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Listings and events as points on a time axis, one row per kind; hover gives the label.

    ``frame``: ``sanctions_timeline``. Points dated only by year or month sit at its first day (hollow).
    """
    traces = []
    for kind, rows in frame.groupby("kind", sort=True):
        exact = rows["day_is_exact"].astype(bool)
        traces.append(trace(
            "scatter", x=rows["event_day"], y=[kind] * len(rows), name=str(kind), mode="markers",
            marker=dict(size=11, color=KIND_COLORS.get(str(kind), palette.OTHER),
                        symbol=["circle" if e else "circle-open" for e in exact]),
            customdata=[[html.escape(str(label), quote=False), str(day)]
                        for label, day in zip(rows["label"], rows["date_text"])],
            hovertemplate="%{customdata[1]}: %{customdata[0]}<extra></extra>",
        ))
    return build(traces, dict(
        title=dict(text=title), showlegend=False,
        xaxis=dict(title=dict(text="Date (hollow: dated by year or month only)"), type="date"),
        yaxis=dict(type="category", automargin=True),
    ), source=source)


def licence_lines(frame: pd.DataFrame, *, measure: str, title: str, source: str) -> go.Figure:
    """Lines of the share of each origin's deliveries built in the recipient's country, by five-year period.

    ``frame``: ``licence_share_by_origin``; ``measure`` is ``units`` or ``tiv``.
    """
    column = "local_units_pct" if measure == "units" else "local_tiv_pct"
    traces = [trace(
        "scatter", x=rows["period"], y=rows[column], name=str(rows["supplier"].iloc[0]), mode="lines+markers",
        line=dict(color=palette.supplier_color(str(code))),
        customdata=rows[["local_units", "units", "unknown_units"]].to_numpy(),
        hovertemplate=("%{x}: %{y:.1f}% (%{customdata[0]:,.0f} of %{customdata[1]:,.0f} units; "
                       "%{customdata[2]:,.0f} of unknown origin)<extra>%{fullData.name}</extra>"),
    ) for code, rows in frame.groupby("supplier_code", sort=False)]
    label = "units delivered" if measure == "units" else "SIPRI TIV delivered"
    return build(traces, dict(
        title=dict(text=title), legend=dict(orientation="h", y=1.02, yanchor="bottom"),
        xaxis=dict(title=dict(text="Five-year period of delivery"), type="category"),
        yaxis=dict(title=dict(text=f"Built in the recipient's country (% of {label})"), range=[0, 100]),
    ), source=source)


def events_in(events: pd.DataFrame, years: tuple[int, int], kinds: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The rows of ``events`` dated within ``years`` (inclusive), of ``kinds`` if given."""
    year = pd.to_datetime(events["event_day"]).dt.year
    keep = year.between(*years) & (events["kind"].isin(kinds) if kinds else True)
    return events[keep]


def event_annotations(fig: go.Figure, events: pd.DataFrame, *, by_year: bool = False) -> go.Figure:
    """``fig`` with a dotted vertical line and a short label at each event's date (rows with ``event_day``, ``label``).

    ``by_year`` places them at the year (for charts whose x axis is a year number). A copy is returned: the
    figure passed in may be shared. Labels are escaped (Plotly reads some HTML in annotation text).
    """
    shown = go.Figure(fig)
    for row in events.itertuples(index=False):
        x = pd.Timestamp(row.event_day).year if by_year else pd.Timestamp(row.event_day).strftime("%Y-%m-%d")
        shown.add_vline(x=x, line=dict(color=EVENT_LINE, width=1, dash="dot"))
        shown.add_annotation(x=x, y=1, yref="paper", text=html.escape(str(row.label)[:40], quote=False),
                             showarrow=False, textangle=-90, xanchor="right", yanchor="top",
                             font=dict(size=9, color=EVENT_LINE))
    return shown


def shares_lines_with_events(frame: pd.DataFrame, events: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Each supplier's share of imports by year (``supplier_shares_by_year``) with the sanctions events marked.

    ``events``: ``sanctions_timeline``; only its rows of kind 'sanctions' and 'war' are drawn, to keep it legible.
    """
    fig = dependency_charts.shares_lines(frame, by="year", title=title, source=source)
    marked = events_in(events, (int(frame["year"].min()), int(frame["year"].max())), ("sanctions", "war"))
    return event_annotations(fig, marked, by_year=True)
