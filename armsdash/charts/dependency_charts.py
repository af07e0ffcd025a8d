"""Charts of supplier dependency: DataFrame in, Plotly figure out. No Streamlit, no SQL.

Every function takes the frame of one metric (named in its docstring) and a ``source``
line, which is written under the plot so it travels with exported images.
"""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from armsdash.charts import palette
from armsdash.charts.base import build, trace
from armsdash.readings.dependency import HHI_HIGH, HHI_MODERATE

KIND_COLORS = {
    "deliveries-based estimate": "#D55E00",
    "published inventory estimate": "#E69F00",
    "published import share": "#0072B2",
}


def _layout(title: str, **axes) -> dict:
    return dict(title=dict(text=title), legend=dict(orientation="h", y=1.02, yanchor="bottom"), **axes)


def _axis(title: str | None, **props) -> dict:
    return dict(title=dict(text=title), **props) if title is not None else dict(props)


def _x_labels(frame: pd.DataFrame, by: str) -> pd.Series:
    """Periods cut short by the year range get a '*' so a reader sees they are partial."""
    if by == "period" and "is_partial" in frame.columns:
        return frame["period"].where(~frame["is_partial"].astype(bool), frame["period"] + "*")
    return frame[by]


def _suppliers_in_order(frame: pd.DataFrame):
    order = frame.sort_values("supplier_rank").drop_duplicates("supplier_code")
    for row in order.itertuples(index=False):
        yield row.supplier_code, row.supplier, frame[frame["supplier_code"] == row.supplier_code]


def shares_stacked(frame: pd.DataFrame, *, by: str, title: str, source: str) -> go.Figure:
    """100% stacked bars of each supplier's share of imports, by ``by`` ('period' or 'year').

    ``frame``: ``supplier_shares_by_period`` or ``supplier_shares_by_year``.
    """
    traces = [trace(
        "bar", x=_x_labels(rows, by), y=rows["share_pct"], name=str(name),
        marker=dict(color=palette.supplier_color(str(code))), customdata=rows[["tiv_mn"]].to_numpy(),
        hovertemplate="%{x}: %{y:.1f}% (%{customdata[0]:,.0f} m TIV)<extra>%{fullData.name}</extra>",
    ) for code, name, rows in _suppliers_in_order(frame)]
    axis_title = "Five-year period (* = cut by the year range)" if by == "period" else "Year"
    return build(traces, _layout(title, barmode="stack", xaxis=_axis(axis_title, type="category"),
                                 yaxis=_axis("Share of imports (%)", range=[0, 100])), source=source)


def shares_lines(frame: pd.DataFrame, *, by: str, title: str, source: str) -> go.Figure:
    """Lines of each supplier's share of imports, by ``by`` ('period' or 'year'); same frames as ``shares_stacked``."""
    traces = [trace(
        "scatter", x=_x_labels(rows, by), y=rows["share_pct"], name=str(name), mode="lines+markers",
        line=dict(color=palette.supplier_color(str(code))),
        hovertemplate="%{x}: %{y:.1f}%<extra>%{fullData.name}</extra>",
    ) for code, name, rows in _suppliers_in_order(frame)]
    axis = _axis("Five-year period", type="category") if by == "period" else _axis("Year")
    return build(traces, _layout(title, xaxis=axis, yaxis=_axis("Share of imports (%)", range=[0, 100])),
                 source=source)


def published_vs_computed(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Grouped bars: the published share beside the share computed from SIPRI TIV, per supplier and period.

    ``frame``: ``published_vs_computed``; the hover gives the difference in points. Where several sources
    publish a figure for one supplier and period, the newest is drawn.
    """
    if not frame.empty:
        # one bar pair per supplier and period: where sources differ (75 % then revised 76 %), the newest
        frame = (frame.sort_values("source_date", na_position="first")
                 .drop_duplicates(["supplier", "period"], keep="last"))
        frame = frame.sort_values(["period", "supplier"])
    labels = frame["supplier"] + " " + frame["period"] if not frame.empty else pd.Series(dtype=str)
    traces = [
        trace("bar", x=labels, y=frame["published_share_pct"], name="Published", marker=dict(color="#0072B2"),
              customdata=frame[["source_title"]].to_numpy(),
              hovertemplate="%{x}: %{y:.0f}% published<br>%{customdata[0]}<extra></extra>"),
        trace("bar", x=labels, y=frame["computed_share_pct"], name="Computed from SIPRI TIV",
              marker=dict(color="#E69F00"), customdata=frame[["difference_pts"]].to_numpy(),
              hovertemplate="%{x}: %{y:.1f}% computed (%{customdata[0]:+.1f} points)<extra></extra>"),
    ]
    return build(traces, _layout(title, barmode="group", xaxis=_axis(None, type="category"),
                                 yaxis=_axis("Share of imports (%)", range=[0, 100])), source=source)


def _thresholds() -> dict:
    """The 1,500 and 2,500 HHI lines with their labels (what ``fig.add_hline`` draws), as layout entries."""
    lines = [(HHI_MODERATE, dict(color="#999", dash="dot"), "1,500: moderately concentrated"),
             (HHI_HIGH, dict(color="#D55E00", dash="dash"), "2,500: highly concentrated")]
    return dict(
        shapes=[dict(type="line", xref="x domain", x0=0, x1=1, yref="y", y0=y, y1=y, line=line)
                for y, line, _ in lines],
        annotations=[dict(text=text, showarrow=False, xref="x domain", x=0, xanchor="left", yref="y", y=y,
                          yanchor="bottom") for y, _, text in lines],
    )


def concentration_lines(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """The HHI (left axis, 0-10,000, with the 1,500 and 2,500 thresholds) and the top supplier's share (right axis).

    ``frame``: ``concentration``; years without deliveries leave gaps.
    """
    traces = [
        trace("scatter", x=frame["year"], y=frame["hhi"], name="HHI of supplier shares", mode="lines+markers",
              line=dict(color="#000000"), connectgaps=False, hovertemplate="%{x}: HHI %{y:,.0f}<extra></extra>"),
        trace("scatter", x=frame["year"], y=frame["top_share_pct"], name="Top supplier's share (%)", yaxis="y2",
              mode="lines+markers", line=dict(color="#0072B2", dash="dot"), connectgaps=False,
              customdata=frame[["top_supplier"]].to_numpy(),
              hovertemplate="%{x}: %{customdata[0]} %{y:.0f}%<extra></extra>"),
    ]
    return build(traces, _layout(
        title, xaxis=_axis("Year (end of window)"), yaxis=_axis("HHI (0–10,000)", range=[0, 10000]),
        yaxis2=_axis("Top supplier's share (%)", range=[0, 100], overlaying="y", side="right", showgrid=False),
        **_thresholds()), source=source)


def concentration_compare(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """One HHI line per recipient, with the 1,500 and 2,500 thresholds. ``frame``: ``concentration_compare``."""
    traces = [trace(
        "scatter", x=rows["year"], y=rows["hhi"], name=str(rows["recipient"].iloc[0]), mode="lines+markers",
        line=dict(color=palette.supplier_color(str(code))), connectgaps=False,
        customdata=rows[["top_supplier", "top_share_pct"]].to_numpy(),
        hovertemplate=("%{x}: HHI %{y:,.0f}<br>top %{customdata[0]} %{customdata[1]:.0f}%"
                       "<extra>%{fullData.name}</extra>"),
    ) for code, rows in frame.groupby("recipient_code", sort=False)]
    return build(traces, _layout(title, xaxis=_axis("Year (end of window)"),
                                 yaxis=_axis("HHI (0–10,000)", range=[0, 10000]), **_thresholds()), source=source)


def inventory_published(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Stacked bars of published inventory estimates by origin, one bar per service/category, year and source.

    ``frame``: ``inventory_by_origin``. Each bar's label carries the year and "estimate" where flagged;
    the part a source does not attribute is shown as "not stated".
    """
    traces = []
    if not frame.empty:
        rated = frame.dropna(subset=["share_pct"]).copy()
        year = rated["as_of_year"].map(lambda y: "undated" if pd.isna(y) else str(int(y)))
        flag = rated["is_estimate"].map(lambda e: "estimate" if bool(e) else "reported")
        rated["bar"] = rated["service_or_category"] + "<br>" + year + ", " + flag
        for code, rows in rated.groupby("origin_code", sort=False, dropna=False):
            # sources word one origin differently ("Russia", "Russia/Soviet Union"): the widest names it
            label = max(rows["origin_label"].astype(str), key=len)
            traces.append(trace("bar", x=rows["bar"], y=rows["share_pct"], name=label,
                                marker=dict(color=palette.supplier_color(str(code))),
                                hovertemplate="%{x}: %{y:.0f}%<extra>%{fullData.name}</extra>"))
        rest = 100 - rated.groupby("bar", sort=False)["share_pct"].sum()
        traces.append(trace("bar", x=rest.index, y=rest.clip(lower=0).to_numpy(), name="not stated by the source",
                            marker=dict(color=palette.OTHER),
                            hovertemplate="%{x}: %{y:.0f}% not attributed<extra></extra>"))
    return build(traces, _layout(title, barmode="stack", xaxis=_axis(None, type="category"),
                                 yaxis=_axis("Share of inventory (%)", range=[0, 100])), source=source)


def _top_origins(frame: pd.DataFrame, amount: str, top: int) -> pd.DataFrame:
    """Keep the ``top`` origins by their all-categories amount; sum the rest per category as "Other"."""
    totals = frame[frame["category"] == "all categories"].sort_values([amount, "origin"], ascending=[False, True])
    kept = list(totals["origin_code"].head(top))
    rest = frame[~frame["origin_code"].isin(kept)]
    if rest.empty:
        return frame
    other = (rest.groupby("category", as_index=False)[["units", "tiv_mn", "units_share_pct", "tiv_share_pct"]].sum()
             .assign(origin_code="OTHER", origin="Other"))
    return pd.concat([frame[frame["origin_code"].isin(kept)], other], ignore_index=True)


def arsenal_estimate(frame: pd.DataFrame, *, measure: str, title: str, source: str, assumption: str,
                     top: int = 7) -> go.Figure:
    """100% stacked horizontal bars of the deliveries-based arsenal by origin, per category (all categories first).

    ``frame``: ``arsenal_from_deliveries``; ``measure`` is 'tiv' or 'units'; origins beyond the ``top`` are
    shown as "Other". The assumption is written under the title.
    """
    share, amount = ("tiv_share_pct", "tiv_mn") if measure == "tiv" else ("units_share_pct", "units")
    traces, order = [], []
    if not frame.empty:
        shown = _top_origins(frame, amount, top)
        order = ["all categories"] + sorted(c for c in shown["category"].unique() if c != "all categories")
        totals = shown[shown["category"] == "all categories"]
        ranked = pd.concat([totals[totals["origin_code"] != "OTHER"].sort_values(amount, ascending=False),
                            totals[totals["origin_code"] == "OTHER"]])
        for row in ranked.itertuples(index=False):
            rows = shown[shown["origin_code"] == row.origin_code].set_index("category").reindex(order)
            traces.append(trace(
                "bar", y=list(order), x=rows[share].fillna(0), name=str(row.origin), orientation="h",
                marker=dict(color=palette.supplier_color(str(row.origin_code))),
                customdata=rows[[amount]].fillna(0).to_numpy(),
                hovertemplate="%{y}: %{x:.1f}% (%{customdata[0]:,.0f})<extra>%{fullData.name}</extra>",
            ))
    unit = "SIPRI TIV" if measure == "tiv" else "units"
    wrapped = "<br>".join(textwrap.wrap(assumption, 130))
    layout = _layout(f"{title} — estimate<br><sup>{wrapped}</sup>", barmode="stack",
                     xaxis=_axis(f"Share of equipment in service (%, by {unit})", range=[0, 100]),
                     yaxis=_axis(None, autorange="reversed", type="category"))
    layout.update(legend=dict(orientation="v", x=1.02, y=1, yanchor="top"), margin=dict(t=130),
                  height=max(420, 60 + 34 * (len(order) if traces else 1) + 200))
    return build(traces, layout, source=source)


def russia_figures(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Horizontal bars of every figure for Russia's weight, coloured by kind, with the basis of each in its hover.

    ``frame``: ``dependency.russia_figures``.
    """
    traces = [trace(
        "bar", y=rows["figure"], x=rows["share_pct"], name=str(kind), orientation="h",
        marker=dict(color=KIND_COLORS.get(str(kind), "#999")),
        text=rows["share_pct"].map(lambda v: f"{v:.0f}%"), textposition="outside",
        customdata=rows[["basis"]].to_numpy(), hovertemplate="%{y}: %{x:.0f}%<br>%{customdata[0]}<extra></extra>",
    ) for kind, rows in frame.groupby("kind", sort=False)]
    return build(traces, _layout(title, yaxis=_axis(None, type="category", autorange="reversed"),
                                 xaxis=_axis("Russian (incl. Soviet) share (%)", range=[0, 105]),
                                 height=max(360, 160 + 50 * len(frame))), source=source)
