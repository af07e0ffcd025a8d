"""Key sentences of the delivery charts: one or two plain sentences from the rows each chart draws.

Numbers are rounded as the charts' labels and hovers show them. Pure: no Streamlit, no SQL, no Plotly.
"""

from __future__ import annotations

import pandas as pd

from armsdash.readings.wording import count, pct


def late_programmes(delays: pd.DataFrame) -> pd.Series:
    """True for programmes the timeline draws with a red delay: a promised date, a completion, a positive delay."""
    if delays.empty:
        return pd.Series(dtype=bool)
    return (delays["promised_by"].notna() & delays["contract_start"].notna()
            & (delays["delay_months"].fillna(0) > 0) & delays["completion_by"].notna())


def delivery_timeline(frame: pd.DataFrame, **_: object) -> str:
    """How many programmes shown are late against their promise, and the longest delay (``delivery_delays``)."""
    if frame.empty:
        return "No contracted programmes in the selection."
    late = frame[late_programmes(frame)]
    shown = count(len(frame), "programme")
    if late.empty:
        return f"None of the {shown} shown was delivered or is expected after its original promised date."
    worst = late.sort_values(["delay_months", "system"], ascending=[False, True]).iloc[0]
    is_open = worst.get("is_open")
    still = "is" if pd.notna(is_open) and bool(is_open) else "was"
    return (f"{len(late)} of the {shown} shown were delivered, or are expected, after their original promised date; "
            f"the longest delay is the {worst['system']} ({worst['supplier']}), which {still} "
            f"{int(worst['delay_months'])} months late.")


def supplier_comparison(track: pd.DataFrame, **_: object) -> str:
    """Best on-time record, longest median delay and most value owed among suppliers (``supplier_track_record``)."""
    if track.empty:
        return "No supplier track record in the selection."
    parts = []
    due = track[track["n_due"].fillna(0) > 0]
    if not due.empty:
        best = due.sort_values(["on_time_share_pct", "supplier"], ascending=[False, True]).iloc[0]
        parts.append(f"{best['supplier']} delivered {pct(best['on_time_share_pct'])} of its programmes due on time "
                     f"({int(best['n_on_time'])} of {int(best['n_due'])})")
    delayed = track.dropna(subset=["median_delay_months"])
    if not delayed.empty:
        slow = delayed.sort_values(["median_delay_months", "supplier"], ascending=[False, True]).iloc[0]
        parts.append(f"{slow['supplier']} has the longest median delay, {slow['median_delay_months']:.0f} months")
    owed = track.dropna(subset=["value_undelivered_usd_mn"])
    owed = owed[owed["value_undelivered_usd_mn"] > 0]
    if not owed.empty:
        most = owed.sort_values(["value_undelivered_usd_mn", "supplier"], ascending=[False, True]).iloc[0]
        parts.append(f"{most['supplier']} owes the most contract value, USD "
                     f"{most['value_undelivered_usd_mn'] / 1000:.1f} bn")
    if not parts:
        return f"No programme of the {count(len(track), 'supplier')} shown is due yet."
    return "; ".join(parts) + "."


def _years(value: float) -> str:
    return f"{float(value):g} year" + ("" if float(value) == 1 else "s")


def lead_times(frame: pd.DataFrame, **_: object) -> str:
    """Shortest and longest median time to first delivery, and the most undelivered orders (``sipri_lead_times``)."""
    timed = frame.dropna(subset=["median_years_to_first"]) if not frame.empty else frame
    if timed.empty:
        return "No deliveries with an order year in the SIPRI register for this selection."
    labelled = timed.assign(label=timed["supplier"].astype(str) + " · " + timed["category"].astype(str))
    ordered = labelled.sort_values(["median_years_to_first", "label"])
    fast, slow = ordered.iloc[0], ordered.iloc[-1]
    text = (f"In the SIPRI trade register, the median time from order to first delivery ranges from "
            f"{_years(fast['median_years_to_first'])} ({fast['label']}) to {_years(slow['median_years_to_first'])} "
            f"({slow['label']})")
    pending = labelled[labelled["n_undelivered"].fillna(0) > 0]
    if not pending.empty:
        most = pending.sort_values(["n_undelivered", "label"], ascending=[False, True]).iloc[0]
        text += (f"; {most['label']} has the most orders not fully delivered, {int(most['n_undelivered'])} of "
                 f"{count(most['n_deals'], 'deal')}")
    return text + "."
