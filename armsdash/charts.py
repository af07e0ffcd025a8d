"""DataFrame in, Plotly figure out: one function per chart. No Streamlit, no SQL."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from armsdash import palette

SOURCE_LINE_Y = -0.22


def add_source_line(fig: go.Figure, text: str) -> go.Figure:
    """Write ``text`` under the plot area, where it also appears in PNG/SVG exports."""
    # Named so that exports can append the data version to this line (see exports.add_version_label).
    fig.add_annotation(text=text, name="export-footer", xref="paper", yref="paper", x=0, y=SOURCE_LINE_Y,
                       xanchor="left", yanchor="top", showarrow=False, font=dict(size=11, color="#555"))
    fig.update_layout(margin=dict(b=90))
    return fig


def published_shares_over_time(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Lines of each supplier's published share of imports, one point per five-year period.

    ``frame`` has the columns of the ``published_shares_by_period`` metric; the x axis is
    the last year of each period, labelled with the period.
    """
    fig = go.Figure()
    ends = sorted(frame["period_end"].unique())
    for code, rows in frame.groupby("supplier_code", sort=False):
        # One point per period on the axis, so a period without a figure breaks the line
        # instead of drawing a trend the sources never stated.
        rows = rows.set_index("period_end").reindex(ends).reset_index()
        rows["supplier"] = rows["supplier"].ffill().bfill()
        fig.add_trace(go.Scatter(
            x=rows["period_end"], y=rows["share_pct"], name=str(rows["supplier"].iloc[0]),
            mode="lines+markers", connectgaps=False, line=dict(color=palette.supplier_color(str(code))),
            customdata=rows[["period", "source_publisher"]].to_numpy(),
            hovertemplate="%{customdata[0]}: %{y:.0f}%<br>%{customdata[1]}<extra>%{fullData.name}</extra>",
        ))
    fig.update_layout(
        title=dict(text=title), template="plotly_white",
        xaxis=dict(title="Five-year period ending"), yaxis=dict(title="Share of imports (%)", range=[0, 100]),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
    )
    return add_source_line(fig, source)
