"""Key sentences of the sanctions-and-industry charts: plain sentences from the rows each chart draws.

Each function takes the frame the chart is built from (named in its docstring) and the recipient's name, and rounds
its numbers as the chart's hovers do (0.1 point). Pure: no Streamlit, no SQL, no Plotly.
"""

from __future__ import annotations

import pandas as pd

from armsdash.readings import share_sentences
from armsdash.readings.wording import count, pct, possessive

# How each exposure figure reads in a sentence ({period} is the figure's own period).
FIGURE_WORDS = {
    "Share of imports (SIPRI TIV, last five years)": "of {subject} arms imports (SIPRI TIV, {period})",
    "Share of the estimated arsenal (SIPRI TIV in service)": "of {subject} estimated arsenal ({period})",
    "Share of open programmes": "of {subject} open programmes",
    "Share of undelivered contract value": "of {subject} undelivered contract value",
}
LISTING_KINDS = ("listing: blocking sanction", "listing: secondary-sanctions list", "listing: export restriction")


def exposure(frame: pd.DataFrame, *, subject: str, **_: object) -> str:
    """The share of each figure whose maker is on any list, and the largest single authority and kind
    (``sanctions_exposure``, as ``exposure_bars`` draws it)."""
    if frame.empty:
        return f"No SIPRI deals or open programmes of {subject} are in the data, so no exposure can be worked out."
    whose = possessive(subject)
    overall = frame[frame["authority"] == "any"]
    parts = []
    for row in overall.itertuples(index=False):
        words = FIGURE_WORDS.get(str(row.figure), f"of {str(row.figure).lower()}")
        estimate = ", an estimate" if bool(row.is_estimate) else ""
        parts.append(f"{pct(0 if pd.isna(row.value) else row.value, 1)} "
                     + words.format(subject=whose, period=row.period) + estimate)
    if not parts:
        return f"No exposure of {subject} to listed makers can be worked out from the data."
    text = "Makers on any list account for " + "; ".join(parts)
    single = frame[(frame["authority"] != "any") & (frame["value"].fillna(0) > 0)]
    if not single.empty:
        top = single.sort_values(["value", "authority", "kind"], ascending=[False, True, True]).iloc[0]
        words = FIGURE_WORDS.get(str(top["figure"]), "").split(" (")[0].format(subject=whose, period="")
        text += (f". The largest single listing is {top['authority']} · {top['kind']}: "
                 f"{pct(top['value'], 1)} {words}".rstrip())
    return text + "."


def timeline(frame: pd.DataFrame, *, subject: str, **_: object) -> str:
    """How many listings and events the timeline marks and the first and latest listing (``sanctions_timeline``)."""
    if frame.empty:
        return f"No listings of {possessive(subject)} makers and no events in the data."
    listings = frame[frame["kind"].isin(LISTING_KINDS)].sort_values("event_day")
    events = frame[~frame["kind"].isin(LISTING_KINDS)]
    kinds = [f"{count(len(rows), str(kind).removeprefix('listing: ') + ' listing')}"
             for kind, rows in listings.groupby("kind", sort=True)]
    text = (f"Listings of {possessive(subject)} makers and their parents: " + ", ".join(kinds)
            if kinds else f"No listings of {possessive(subject)} makers")
    if not listings.empty:
        first, latest = listings.iloc[0], listings.iloc[-1]
        text += (f"; the first, {first['label']} ({first['date_text']}); the latest, {latest['label']} "
                 f"({latest['date_text']})")
    if not events.empty:
        marked = [count(len(rows), f"{kind} event") for kind, rows in events.groupby("kind", sort=True)]
        text += ". Other events marked: " + ", ".join(marked)
    return text + "."


def shares_with_events(frame: pd.DataFrame, *, subject: str, **_: object) -> str:
    """The supplier shares by year (``supplier_shares_by_year``) with sanctions and wars marked: the shares' story."""
    return share_sentences.computed_shares(frame, subject=subject, by="year")


def licence(frame: pd.DataFrame, *, subject: str, measure: str = "units", **_: object) -> str:
    """Each main origin's share built in the recipient's country in the last period shown (``licence_share_by_origin``
    as ``licence_lines`` draws it)."""
    column = "local_units_pct" if measure == "units" else "local_tiv_pct"
    shown = frame.dropna(subset=[column]) if not frame.empty else frame
    if shown.empty:
        return f"No SIPRI deliveries to {subject} in the data, so licence production cannot be shown."
    last = shown.sort_values("period_start")["period"].iloc[-1]
    rows = shown[shown["period"] == last].sort_values([column, "supplier"], ascending=[False, True])
    unit = "units delivered" if measure == "units" else "SIPRI TIV delivered"
    parts = [f"{row.supplier} {pct(getattr(row, column), 1)}" for row in rows.head(3).itertuples(index=False)]
    return (f"Share of {unit} to {subject} in {last} built in {subject} under licence or assembled, by origin "
            f"(read from SIPRI's register comments): {'; '.join(parts)}.")
