"""Delivery charts: DataFrame in, Plotly figure out. No Streamlit, no SQL.

The frames are those of the ``delivery_delays`` and ``supplier_track_record`` metrics. Figures are built from plain
dicts (``base.build``, not validated on each build: a first filter change to a recipient built them in 120-200 ms);
tests/unit/test_charts_delivery.py validates each one.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from armsdash.charts import palette
from armsdash.charts.base import build, trace

PLANNED = "#9DB4C0"   # contract to the original promised date
DELAY = "#B2182B"     # original promised date to delivery (or to the latest expected date, or to today)
EARLY = "#1B7837"     # delivered before the promised date
UNDATED = "#DDDDDD"   # contract to delivery where no promised date is known
OTHER_CLAIM = "#555555"  # a promised date that another source gives
MS_PER_DAY = 86_400_000


def _label(frame: pd.DataFrame) -> pd.Series:
    """One unique y label per programme: the system and supplier (the id where those repeat)."""
    label = frame["system"].astype(str) + " · " + frame["supplier"].astype(str)
    repeated = label.duplicated(keep=False)
    return label.where(~repeated, label + " [" + frame["programme_id"].astype(str) + "]")


def _bar(rows: pd.DataFrame, start: str, end: str, *, name: str, color: str, hover: str) -> dict:
    """Horizontal bars from column ``start`` to column ``end`` (dates) on a date axis."""
    starts = pd.to_datetime(rows[start])
    ends = pd.to_datetime(rows[end]) + pd.Timedelta(days=1)  # to the end of the last day
    duration_ms = ((ends - starts).dt.days * MS_PER_DAY).tolist()
    return trace(
        "bar", y=rows["label"].tolist(), base=starts.dt.strftime("%Y-%m-%d").tolist(), x=duration_ms,
        orientation="h", name=name, marker=dict(color=color), customdata=[[h] for h in rows["hover"]],
        hovertemplate=hover + "<br>%{customdata[0]}<extra></extra>",
    )


HOVER_COLUMNS = ("system", "supplier", "status", "delay_months", "excluded_reason", "slip_months", "claims",
                 "source_id")
# What the timeline reads of the delivery_delays frame (its other thirty columns are for the table and the sources).
TIMELINE_COLUMNS = (*HOVER_COLUMNS, "programme_id", "contract_start", "promised_by", "completion_by", "stated_by",
                    "expected_by")


def _hover_text(frame: pd.DataFrame) -> pd.Series:
    def one(row) -> str:
        delay = "—" if pd.isna(row.delay_months) else f"{int(row.delay_months):+d} months"
        why = f" ({row.excluded_reason})" if isinstance(row.excluded_reason, str) else ""
        slip = getattr(row, "slip_months", None)
        slip_text = "" if slip is None or pd.isna(slip) else f"; slip since the original promise {int(slip):+d} months"
        claims = row.claims if isinstance(row.claims, str) and row.claims else "no dates stated"
        return (f"<b>{row.system}</b> — {row.supplier}, {row.status}<br>"
                f"delay against the original promise: {delay}{why}{slip_text}<br>{claims}<br>"
                f"figures from: {row.source_id}")
    # row tuples of the columns read, not DataFrame.apply: a Series per row cost 30 ms for a hundred programmes, and
    # tuples of all 43 columns 8 ms for 25
    shown = frame[[c for c in HOVER_COLUMNS if c in frame.columns]]
    return pd.Series([one(row) for row in shown.itertuples(index=False)], index=frame.index, dtype=object)


def _other_promises(rows: pd.DataFrame, claims: pd.DataFrame | None) -> pd.DataFrame:
    """Promised dates that differ from the row's (original) promise, placed on their programme's row: other
    sources' readings of the original and later plans (the claim the figures come from included)."""
    if claims is None or claims.empty or rows.empty:
        return pd.DataFrame(columns=["label", "promised_by", "text"])
    # dictionaries, not a merge: pandas' merge cost 20 ms for a hundred programmes
    labels = dict(zip(rows["programme_id"], rows["label"]))
    used = dict(zip(rows["programme_id"], rows["promised_by"]))
    found = [(labels[pid], by, f"promised {promised} per {publisher if isinstance(publisher, str) else source}")
             for pid, by, promised, publisher, source in zip(
                 claims["programme_id"], claims["promised_by"], claims["promised"], claims["source_publisher"],
                 claims["source_id"])
             if pd.notna(by) and pid in labels and not by == used[pid]]
    return pd.DataFrame(found, columns=["label", "promised_by", "text"])


def delivery_timeline(frame: pd.DataFrame, *, as_of: dt.date, title: str, source: str,
                      claims: pd.DataFrame | None = None) -> go.Figure:
    """Promised against actual or expected delivery, one row per programme, today marked.

    A bar runs from the contract year to the original promised date (the earliest any source
    gives); the delay after it is drawn in red (to the delivery, the latest expected date, or
    today for open programmes past their original promise), an early delivery in green. The
    diamond marks the delivery or the latest expected date. Programmes with no promised date get a grey bar
    from contract to delivery. With ``claims`` (the ``delivery_claims`` metric), promised
    dates other sources give are marked with open circles. Hovering shows every claim.
    """
    traces = []
    rows = frame[[c for c in TIMELINE_COLUMNS if c in frame.columns]].copy()
    rows["label"] = _label(rows) if not rows.empty else pd.Series(dtype=str)
    rows["hover"] = _hover_text(rows)
    order = rows["label"].tolist()
    if not rows.empty:
        has_promise = rows["promised_by"].notna() & rows["contract_start"].notna()
        late = has_promise & (rows["delay_months"].fillna(0) > 0) & rows["completion_by"].notna()
        early = has_promise & (rows["delay_months"].fillna(0) < 0) & rows["completion_by"].notna()
        undated = rows["promised_by"].isna() & rows["stated_by"].notna() & rows["contract_start"].notna()
        traces += [
            _bar(rows[has_promise], "contract_start", "promised_by", name="contract to original promised date",
                 color=PLANNED, hover="contract to original promised date"),
            _bar(rows[late], "promised_by", "completion_by", name="delay", color=DELAY,
                 hover="late against the original promise"),
            _bar(rows[early], "completion_by", "promised_by", name="delivered early", color=EARLY, hover="early"),
            _bar(rows[undated], "contract_start", "stated_by", name="no promised date", color=UNDATED,
                 hover="no promised date"),
        ]
        expected = "expected_by" if "expected_by" in rows.columns else "stated_by"
        stated = rows[rows[expected].notna()]
        traces.append(trace(
            "scatter", x=pd.to_datetime(stated[expected]).dt.strftime("%Y-%m-%d").tolist(), y=stated["label"].tolist(),
            mode="markers", name="delivered / latest expected", marker=dict(symbol="diamond", size=9, color="#222"),
            customdata=[[h] for h in stated["hover"]],
            hovertemplate="delivered / latest expected by %{x|%b %Y}<br>%{customdata[0]}<extra></extra>",
        ))
        others = _other_promises(rows, claims)
        if not others.empty:
            traces.append(trace(
                "scatter", x=pd.to_datetime(others["promised_by"]).dt.strftime("%Y-%m-%d").tolist(),
                y=others["label"].tolist(), mode="markers", name="promised date another source gives",
                text=others["text"].tolist(),
                marker=dict(symbol="circle-open", size=10, color=OTHER_CLAIM, line=dict(width=2)),
                hovertemplate="%{text}<extra></extra>",
            ))
    today = pd.Timestamp(as_of).strftime("%Y-%m-%d")
    return build(traces, dict(
        title=dict(text=title, y=0.98, yref="container"), barmode="overlay", bargap=0.35,
        height=max(320, 140 + 30 * len(order)),
        xaxis=dict(type="date", title=dict(text="Contract, promised and actual or expected delivery"),
                   hoverformat="%b %Y"),
        yaxis=dict(categoryorder="array", categoryarray=order, autorange="reversed", automargin=True),
        legend=dict(orientation="h", y=1.0, yanchor="bottom", yref="paper", x=0, xanchor="left"),
        margin=dict(t=150),
        shapes=[dict(type="line", x0=today, x1=today, xref="x", yref="paper", y0=0, y1=1,
                     line=dict(color="#333", dash="dot", width=1.5))],
        annotations=[dict(x=today, y=1, xref="x", yref="paper", yanchor="top", xanchor="left", xshift=3,
                          showarrow=False, text=f"today ({pd.Timestamp(as_of):%d %b %Y})",
                          font=dict(size=11, color="#333"), bgcolor="white")],
    ), source=source)


PANEL_TITLES = ("Delivered on time (% of programmes due)", "Median delay (months)",
                "Contract value still owed (USD bn)")


@functools.cache
def _panels() -> dict:
    """The layout of three panels side by side sharing the y axis (Plotly's ``make_subplots``, worked out once)."""
    layout = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.06,
                           subplot_titles=PANEL_TITLES).to_plotly_json()["layout"]
    layout.pop("template", None)
    return layout


def supplier_comparison(track: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Suppliers side by side: share delivered on time, median delay, value still owed."""
    panels = _panels()
    layout = {**panels, "xaxis": {**panels["xaxis"], "range": [0, 140], "tickvals": [0, 25, 50, 75, 100]},
              "xaxis2": dict(panels["xaxis2"]), "xaxis3": dict(panels["xaxis3"]),
              "annotations": [dict(a) for a in panels["annotations"]], "title": dict(text=title),
              "height": max(300, 160 + 60 * len(track)), "margin": dict(t=110)}
    traces = []
    if not track.empty:
        rows = track.sort_values("n_programmes", ascending=True)
        colors = [palette.supplier_color(str(c)) for c in rows["supplier_code"]]
        on_time_text = [f"{s:.0f}% ({int(n)} of {int(d)})" if d else "none due"
                        for s, n, d in zip(rows["on_time_share_pct"].fillna(0), rows["n_on_time"], rows["n_due"])]
        delay_text = [f"{m:.0f} (n={int(n)})" if pd.notna(m) else "no delay data"
                      for m, n in zip(rows["median_delay_months"], rows["n_with_delay"])]
        owed = rows["value_undelivered_usd_mn"].fillna(0) / 1000
        owed_text = [f"{v:.1f}" + (f" (+{int(u)} unvalued)" if u else "")
                     for v, u in zip(owed, rows["n_value_unknown"])]
        common = dict(y=rows["supplier"].tolist(), orientation="h", marker=dict(color=colors), showlegend=False,
                      textposition="outside", cliponaxis=False)
        traces = [
            trace("bar", x=rows["on_time_share_pct"].fillna(0).astype(float), text=on_time_text,
                  hovertemplate="%{y}: %{text}<extra></extra>", xaxis="x", yaxis="y", **common),
            trace("bar", x=rows["median_delay_months"].fillna(0).astype(float), text=delay_text,
                  hovertemplate="%{y}: %{text} months<extra></extra>", xaxis="x2", yaxis="y2", **common),
            trace("bar", x=owed.astype(float), text=owed_text, hovertemplate="%{y}: USD %{x:.1f} bn<extra></extra>",
                  xaxis="x3", yaxis="y3", **common),
        ]
        delays = rows["median_delay_months"].dropna()
        low, high = (min(0.0, delays.min()), max(0.0, delays.max())) if not delays.empty else (0.0, 1.0)
        layout["xaxis2"]["range"] = [float(low) * 1.5, float(high) * 1.6 + 1]
        layout["xaxis3"]["range"] = [0, max(float(owed.max()), 0.1) * 1.7]
    return build(traces, layout, source=source)


def lead_times(frame: pd.DataFrame, *, title: str, source: str) -> go.Figure:
    """Median years from order to first and to last delivery, one row per supplier and category.

    ``frame`` has the columns of the ``sipri_lead_times`` metric; rows keep its order (most deals first).
    """
    traces = []
    if not frame.empty:
        label = (frame["supplier"].astype(str) + " · " + frame["category"].astype(str)).tolist()
        deals = [f"{int(n)} deals, {int(u)} not fully delivered"
                 for n, u in zip(frame["n_deals"], frame["n_undelivered"])]
        for column, name, color in (("median_years_to_first", "to first delivery", PLANNED),
                                    ("median_years_to_last", "to last delivery (orders delivered in full)", DELAY)):
            traces.append(trace("bar", y=label, x=frame[column].astype(float), name=name, orientation="h",
                                marker=dict(color=color), customdata=deals,
                                hovertemplate="%{y}: %{x} years<br>%{customdata}<extra></extra>"))
    return build(traces, dict(
        title=dict(text=title), barmode="group", height=max(300, 160 + 36 * len(frame)),
        xaxis=dict(title=dict(text="Median years from order")), yaxis=dict(autorange="reversed"),
        legend=dict(orientation="h", y=1.02, yanchor="bottom"),
    ), source=source)
