"""Key sentences of the supplier-dependency charts: one or two plain sentences from the rows each chart draws.

Each function takes the frame the chart is built from (named in its docstring) and the recipient's name, and rounds
its numbers as the chart's labels and hovers do. Pure: no Streamlit, no SQL, no Plotly.
"""

from __future__ import annotations

import pandas as pd

from armsdash.readings.dependency import hhi_band
from armsdash.readings.wording import count, direction, pct, period_label, possessive, years_phrase

OTHER_CODE = "OTHER"


def _share_story(rows: pd.DataFrame, subject: str, decimals: int, basis: str) -> str:
    """How the share of the largest supplier over the whole range changed from its first shown period to the last,
    and who else led or came next in the last.

    ``rows`` has columns x (label, in chart order), supplier_code, supplier and share_pct.
    """
    named = rows[rows["supplier_code"] != OTHER_CODE].dropna(subset=["share_pct"])
    if named.empty:
        return f"No supplier shares of {possessive(subject)} arms imports in the selection."
    last = list(dict.fromkeys(rows["x"]))[-1]
    totals = (named.groupby(["supplier_code", "supplier"], as_index=False, sort=False)["share_pct"].sum()
              .sort_values(["share_pct", "supplier"], ascending=[False, True]))
    code, name = totals.iloc[0]["supplier_code"], totals.iloc[0]["supplier"]
    mine = named[named["supplier_code"] == code]
    first, start = mine["x"].iloc[0], pct(mine["share_pct"].iloc[0], decimals)
    at_end = mine.loc[mine["x"] == last, "share_pct"]
    end = pct(at_end.iloc[0], decimals) if not at_end.empty else None
    if first == last:
        return f"{name} supplied {start} of {possessive(subject)} arms imports in {period_label(last)} ({basis})."
    whose = f"The share of {possessive(subject)} arms imports from {name}"
    if end is None:
        text = f"{whose} was {start} in {period_label(first)}; it is not shown in {period_label(last)}"
    elif direction(start, end) == "was unchanged":
        text = f"{whose} was {start} in both {period_label(first)} and {period_label(last)}"
    else:
        text = f"{whose} {direction(start, end)} from {start} in {period_label(first)} to {end} in {period_label(last)}"
    at_last = named[named["x"] == last]
    rest = at_last[at_last["supplier_code"] != code].sort_values(["share_pct", "supplier"], ascending=[False, True])
    if not rest.empty:
        second = rest.iloc[0]
        role = "next" if not at_end.empty and at_end.max() >= second["share_pct"] else "the largest supplier"
        text += f"; {second['supplier']} was {role} in {period_label(last)} with {pct(second['share_pct'], decimals)}"
    return f"{text} ({basis})."


def published_shares(frame: pd.DataFrame, *, subject: str, **_: object) -> str:
    """Overview's published shares by five-year period (``published_shares_by_period``), whole percent."""
    if frame.empty:
        return f"No published supplier shares for {subject} in the selection."
    rows = frame.sort_values(["period_end", "period_start"]).assign(x=lambda f: f["period"])
    return _share_story(rows, subject, 0, "SIPRI's published shares of trend-indicator values, by five-year period")


def computed_shares(frame: pd.DataFrame, *, subject: str, by: str = "period", **_: object) -> str:
    """Suppliers' computed shares (``supplier_shares_by_period`` or ``_by_year``), to 0.1 point as the hover shows."""
    if frame.empty:
        return f"No deliveries to {subject} in the selection."
    if by == "period":
        order = frame.sort_values(["period_start", "supplier_rank"])
        partial = order["is_partial"].astype(bool) if "is_partial" in order.columns else False
        rows = order.assign(x=order["period"].where(~partial, order["period"] + "*"))
        basis = "computed from SIPRI trend-indicator values, by five-year period"
    else:
        rows = frame.sort_values(["year", "supplier_rank"]).assign(x=lambda f: f["year"].astype(int).astype(str))
        basis = "computed from SIPRI trend-indicator values, by year"
    return _share_story(rows, subject, 1, basis)


def published_vs_computed(frame: pd.DataFrame, **_: object) -> str:
    """The largest gap between SIPRI's published share and the computed one (``published_vs_computed``)."""
    pairs = frame.dropna(subset=["published_share_pct", "computed_share_pct"]) if not frame.empty else frame
    if pairs.empty:
        return "No published share can be compared with a computed one in the selection."
    # as the chart: where sources differ for a supplier and period, the newest is drawn
    pairs = pairs.sort_values("source_date", na_position="first").drop_duplicates(["supplier", "period"], keep="last")
    gaps = pairs.assign(gap=(pairs["computed_share_pct"] - pairs["published_share_pct"]).abs())
    worst = gaps.sort_values(["gap", "supplier"], ascending=[False, True]).iloc[0]
    return (f"Across {count(len(pairs), 'supplier and period', 'suppliers and periods')}, the share computed here "
            f"from SIPRI's trend-indicator values is at most {worst['gap']:.1f} points from SIPRI's published share: "
            f"{worst['supplier']} in {worst['period']}, {pct(worst['published_share_pct'])} published and "
            f"{pct(worst['computed_share_pct'], 1)} computed.")


def concentration(frame: pd.DataFrame, *, subject: str, **_: object) -> str:
    """The HHI's change from the first to the last year shown and the last top supplier (``concentration``)."""
    measured = frame.dropna(subset=["hhi"]).sort_values("year") if not frame.empty else frame
    if measured.empty:
        return f"No SIPRI deliveries to {subject} in the selected years, so concentration cannot be measured."
    first, last = measured.iloc[0], measured.iloc[-1]
    when_last = years_phrase(last["window_start"], last["window_end"])
    end = f"{last['hhi']:,.0f}"
    if len(measured) == 1:
        text = f"{possessive(subject)} supplier concentration (HHI, 0–10,000) was {end} {when_last}"
    else:
        start = f"{first['hhi']:,.0f}"
        text = (f"{possessive(subject)} supplier concentration (HHI, 0–10,000) {direction(start, end)} from {start} "
                f"{years_phrase(first['window_start'], first['window_end'])} to {end} {when_last}")
    return (f"{text}, {hhi_band(last['hhi'])}; {last['top_supplier']} supplied "
            f"{pct(last['top_share_pct'])} of imports.")


def concentration_compare(frame: pd.DataFrame, **_: object) -> str:
    """The most and least concentrated recipients in the last year with figures (``concentration_compare``)."""
    measured = frame.dropna(subset=["hhi"]) if not frame.empty else frame
    if measured.empty:
        return "No SIPRI deliveries to the recipients compared in the selected years."
    year = measured["year"].max()
    latest = measured[measured["year"] == year].sort_values(["hhi", "recipient"], ascending=[False, True])
    top, bottom = latest.iloc[0], latest.iloc[-1]
    when = years_phrase(top["window_start"], top["window_end"])
    text = (f"Of the {count(frame['recipient_code'].nunique(), 'recipient')} compared, {top['recipient']} had the most "
            f"concentrated suppliers {when} (HHI {top['hhi']:,.0f}, {hhi_band(top['hhi'])}; {top['top_supplier']} "
            f"{pct(top['top_share_pct'])})")
    if len(latest) > 1:
        text += f" and {bottom['recipient']} the least (HHI {bottom['hhi']:,.0f}, {hhi_band(bottom['hhi'])})"
    return text + "."


def inventory_published(frame: pd.DataFrame, *, subject: str, **_: object) -> str:
    """The largest origin in each published inventory estimate, newest first (``inventory_by_origin``)."""
    rated = frame.dropna(subset=["share_pct"]) if not frame.empty else frame
    if rated.empty:
        return f"No published estimate of {possessive(subject)} inventory by origin."
    rated = rated.assign(year=rated["as_of_year"].map(lambda y: "undated" if pd.isna(y) else str(int(y))),
                         flag=rated["is_estimate"].map(lambda e: "estimate" if bool(e) else "reported"))
    bars = (rated.sort_values(["as_of_year", "share_pct"], ascending=[False, False], na_position="last")
            .drop_duplicates(["service_or_category", "year", "flag"]))
    parts = [f"{row.origin_label} {pct(row.share_pct)} of {row.service_or_category} ({row.year}, {row.flag})"
             for row in bars.head(3).itertuples(index=False)]
    more = f"; and {count(len(bars) - 3, 'more estimate')}" if len(bars) > 3 else ""
    return f"{possessive(subject)} inventory by origin as published, newest first: {'; '.join(parts)}{more}."


def arsenal_estimate(frame: pd.DataFrame, *, subject: str, measure: str = "tiv", **_: object) -> str:
    """The two largest origins of the deliveries-based estimate, all categories (``arsenal_from_deliveries``)."""
    share = "tiv_share_pct" if measure == "tiv" else "units_share_pct"
    totals = frame[frame["category"] == "all categories"].dropna(subset=[share]) if not frame.empty else frame
    if totals.empty:
        return f"Estimate: no delivered weapon of {subject} is still within its assumed service life."
    ranked = totals.sort_values([share, "origin"], ascending=[False, True])
    year = int(ranked["as_of_year"].iloc[0])
    named = [f"{row.origin} {pct(getattr(row, share), 1)}" for row in ranked.head(2).itertuples(index=False)]
    unit = "SIPRI TIV" if measure == "tiv" else "units"
    return (f"Estimate: of the weapons delivered to {subject} and still within their assumed service life in {year}, "
            f"by {unit}: {' and '.join(named)}.")


def russia_figures(frame: pd.DataFrame, *, subject: str = "", **_: object) -> str:
    """The lowest and highest figure for Russia's weight (``dependency.russia_figures``), whole percent."""
    rated = frame.dropna(subset=["share_pct"]) if not frame.empty else frame
    if rated.empty:
        return "No figures on the share of Russian (incl. Soviet) origin."
    ordered = rated.sort_values(["share_pct", "figure"])
    low, high = ordered.iloc[0], ordered.iloc[-1]
    if len(ordered) == 1:
        return f"The only figure for the Russian (incl. Soviet) share is {pct(low['share_pct'])} ({low['figure']}, " \
               f"{low['kind']})."
    return (f"Figures for the Russian (incl. Soviet) share run from {pct(low['share_pct'])} to "
            f"{pct(high['share_pct'])}: lowest, {low['figure']} ({low['kind']}); highest, {high['figure']} "
            f"({high['kind']}). They count different things.")
