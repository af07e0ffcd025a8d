"""What the Deliveries and Exposure pages say, worked out from metric DataFrames (pure, testable)."""

from __future__ import annotations

import pandas as pd

from armsdash.readings import sourcing
from armsdash.readings.headlines import Headline

ALL = "all"
# Programmes a delivery page lists at most (the longest delays first): a timeline of a hundred thousand rows
# says nothing, and sending it would hold up every viewer; the statistics count them all.
SHOWN = 100
CLAIM_COLUMNS = ["programme_id", "promised", "promised_by", "is_used", "source_id", "source_title",
                 "source_publisher", "source_url", "source_date"]

CLAIM_RULE = (
    "Each programme's delay counts from its **original promise**: the earliest promised date any source gives "
    "for the contract as signed. A later, re-planned date is shown beside it as the latest plan and never "
    "replaces it; the months between the original promise and the latest expected date are the **slip since the "
    "original promise**. Where sources disagree, the other figures (status, units, value, latest plan) come from "
    "the **most recently published claim that states a readable promised date**; the other claims are listed "
    "beside it and marked on the timeline with open circles."
)
DATE_RULE = (
    "Dates are counted to the month, and a date means the **last month it allows**: '2023' = December 2023, "
    "'early 2022' = April 2022, a range such as '2021-2027' = its end. Delay = months from the original "
    "promised month to the delivery month; for open programmes past their original promise, to the latest "
    "expected month while it is ahead, else to today. An open programme is not late before its original promise "
    "has passed, however far it has been re-planned. *Delay by source*: from the earliest promise to the latest "
    "one a source gives for the contract as signed (a date already past when the source was published; a date "
    "still ahead may be a new plan). Text in brackets is a remark ('2025-03 (first)' reads as March 2025); "
    "unreadable dates count as missing."
)
DATA_NOTE = (
    "Timeline, table, track record and backlog: the delivery records (press reports and SIPRI register entries, "
    "one row per source). Lead times: the SIPRI trade register, where it has been loaded on Update data — it "
    "covers every deal, but only to the year."
)

DELAY_LABEL = "Delay vs original promise (months)"
SLIP_LABEL = "Slip since original promise (months)"

TABLE_COLUMNS = {
    "system": "System", "supplier": "Supplier", "category": "Category", "contract_year": "Contract",
    "contract_value_usd_mn": "Value (USD mn)", "units_ordered": "Ordered", "units_delivered": "Delivered",
    "status": "Status", "promised": "Original promise", "current_promise": "Latest plan",
    "actual_or_expected": "Actual or expected", "expected_by": "Latest expected",
    "delay_months": DELAY_LABEL, "slip_months": SLIP_LABEL, "excluded_reason": "No delay because",
    "claims": "Who says what",
    "source_publisher": "Figures from", "source_date": "Published", "source_url": "Link",
}


TRACK_COLUMNS = {
    "supplier": "Supplier", "n_programmes": "Programmes", "n_due": "Due", "n_on_time": "On time",
    "on_time_share_pct": "On time (% of due)", "median_delay_months": "Median delay (months)",
    "mean_delay_months": "Mean delay (months)", "max_delay_months": "Longest delay (months)",
    "n_late_now": "Late now", "n_open": "Open", "units_owed": "Units owed",
    "value_undelivered_usd_mn": "Value owed (USD mn)", "n_no_promised_date": "No promised date",
}


def track_table(track: pd.DataFrame) -> pd.DataFrame:
    """The supplier track record as the page's table shows it."""
    return track[list(TRACK_COLUMNS)].rename(columns=TRACK_COLUMNS).round(1)


BACKLOG_COLUMNS = {
    "system": "System", "category": "Category", "status": "Status", "units_owed": "Units owed",
    "units_ordered": "Ordered", "value_undelivered_usd_mn": "Value owed (USD mn)",
    "promised_by": "Original promise", "expected_by": "Latest expected", "delay_months": DELAY_LABEL,
    "slip_months": SLIP_LABEL, "source_id": "Source", "source_url": "Link",
}


def _month(column: pd.Series) -> pd.Series:
    """Dates as 'Dec 2023' (an empty cell where missing, never 'None')."""
    return pd.to_datetime(column).dt.strftime("%b %Y").fillna("")


def _blank_text(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with an empty cell where a text value is missing (numbers stay numbers, empty where missing)."""
    text = table.select_dtypes(include=["object", "str"]).columns
    return table.assign(**{column: table[column].fillna("") for column in text})


def backlog_table(backlog: pd.DataFrame) -> pd.DataFrame:
    """The programmes still owed as a table shows them (largest value owed first, as the metric sorts)."""
    table = backlog[list(BACKLOG_COLUMNS)].rename(columns=BACKLOG_COLUMNS)
    return _blank_text(table.assign(**{"Value owed (USD mn)": table["Value owed (USD mn)"].round(1),
                                       "Original promise": _month(table["Original promise"]),
                                       "Latest expected": _month(table["Latest expected"])}))


def late_lines(late: pd.DataFrame) -> list[str]:
    """One plain-text line per programme late against its original promise (``late_programmes``), e.g.
    'S-400 Triumf (Russia): 48 months late against the original promise of 2023 (36 to 48 by source); latest plan
    2021-2027, latest expected Dec 2027; slip since the original promise 48 months'."""
    lines = []
    for row, expected in zip(late.itertuples(index=False), _month(late["expected_by"])):
        spread = _delay_range(row.delay_min_months, row.delay_max_months)
        by_source = f" ({spread} by source)" if " to " in spread else ""
        plan = f"latest plan {row.current_promise}, " if row.current_promise != row.promised else ""
        slip = "" if pd.isna(row.slip_months) else f"; slip since the original promise {int(row.slip_months)} months"
        lines.append(f"{row.system} ({row.supplier}): {int(row.delay_months)} months late against the original "
                     f"promise of {row.promised}{by_source}; {plan}latest expected {expected}{slip}")
    return lines


def late_caption(late: pd.DataFrame) -> str:
    """What the Overview's list of late programmes holds, and the rule its delays follow."""
    total = int(late["n_late"].iloc[0]) if not late.empty else 0
    shown = f"the {len(late)} longest of {total}" if total > len(late) else f"all {total}"
    return (f"Open programmes past their original promise ({shown}; see Deliveries): the delay counts from the "
            "earliest promised date any source gives for the contract as signed to the latest expected date or "
            "today; a later re-plan is shown as the latest plan and does not reset it.")


def lead_time_source(lead_times: pd.DataFrame) -> str:
    """The source line of the SIPRI lead-time chart: the register releases the deals come from."""
    releases = sorted({r for ids in lead_times["release_ids"].dropna() for r in str(ids).split(", ")})
    return "Source: SIPRI Arms Transfers Database" + (f" ({', '.join(releases)})" if releases else "")


def supplier_choices(delays: pd.DataFrame) -> dict[str, str]:
    """``{code: name}`` of the suppliers in ``delays``, with 'all' first."""
    pairs = delays[["supplier_code", "supplier"]].drop_duplicates().sort_values("supplier")
    return {ALL: "All suppliers", **dict(zip(pairs["supplier_code"], pairs["supplier"]))}


def category_choices(delays: pd.DataFrame) -> list[str]:
    """The categories in ``delays``, with 'all' first."""
    return [ALL, *sorted(delays["category"].dropna().unique())]


def contract_years(delays: pd.DataFrame) -> tuple[int, int]:
    """The first and last contract year in ``delays`` (a fallback span when there are none)."""
    years = delays["contract_year"].dropna()
    return (int(years.min()), int(years.max())) if not years.empty else (2000, 2030)


def keeps_everything(everything: pd.DataFrame, supplier: str, category: str, years: tuple[int, int]) -> bool:
    """True when the filters keep every programme of ``everything`` (the recipient's unfiltered delays): the
    filtered rows are then those rows, in the same order, and need no query of their own."""
    if supplier != ALL or category != ALL:
        return False
    listed = everything["contract_year"].dropna()
    return listed.empty or (years[0] <= listed.min() and listed.max() <= years[1])


def contract_span(years: tuple[int, int], first: int, last: int) -> dict[str, int]:
    """The contract-year parameters of a delivery metric for the chosen ``years``: none when they hold every
    programme's year (``first`` to ``last``), so the unfiltered result, fetched before the filters were drawn,
    serves."""
    return {} if years[0] <= first and last <= years[1] else {"contract_from": years[0], "contract_to": years[1]}


def claims_of(delays: pd.DataFrame) -> pd.DataFrame:
    """Every claim of the programmes in ``delays`` (their ``claims_list``), one row each: what the timeline marks
    as other promised dates and the sources panel lists."""
    rows = [{"programme_id": pid, **claim}
            for pid, claims in zip(delays["programme_id"], delays["claims_list"]) for claim in claims]
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS).astype({"promised_by": "datetime64[ns]"})


def shown_note(frame: pd.DataFrame, what: str = "the longest delays") -> str:
    """'' when ``frame`` holds every programme that matches; else how many of how many it shows."""
    if frame.empty or int(frame["n_matching"].iloc[0]) <= len(frame):
        return ""
    return (f"Showing the {len(frame)} programmes with {what} of {int(frame['n_matching'].iloc[0]):,} that match; "
            "the figures and the track record count them all.")


def exclusion_note(delays: pd.DataFrame) -> str:
    """How many programmes the delay statistics leave out, and why."""
    if delays.empty:
        return "No programmes on record for this selection."
    reasons = delays["excluded_reason"].dropna().value_counts()
    counted = len(delays) - int(reasons.sum())
    missing = int(reasons.get("no promised date", 0))
    left_out = ", ".join(f"{n} {reason}" for reason, n in reasons.items())
    return (f"{counted} of {len(delays)} programmes have a delay figure; {missing} are left out of the delay "
            f"statistics for lack of a promised date." + (f" Left out in all: {left_out}." if left_out else ""))


def programme_table(delays: pd.DataFrame) -> pd.DataFrame:
    """The programmes as the page's table shows them: readable column names, worst delay first."""
    table = delays.sort_values("delay_months", ascending=False, na_position="last")
    table = table.assign(expected_by=_month(table["expected_by"]))
    shown = table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    shown.insert(list(TABLE_COLUMNS).index("delay_months") + 1, "Delay by source (months)",
                 [_delay_range(low, high) for low, high in zip(table["delay_min_months"], table["delay_max_months"])])
    return _blank_text(shown)


def _delay_range(low, high) -> str:
    """'36 to 48' where the claims of a programme give different delays; one number where they agree."""
    if pd.isna(low):
        return ""
    return f"{int(low)}" if low == high else f"{int(low)} to {int(high)}"


def _money(value_mn: float) -> str:
    return f"USD {value_mn / 1000:.1f} bn" if value_mn >= 1000 else f"USD {value_mn:.0f} mn"


def overview_headlines(overview: pd.DataFrame) -> list[Headline]:
    """Programmes delayed now, median delay, and value undelivered with the supplier that owes most."""
    row = overview.iloc[0] if not overview.empty else None
    if row is None or not row["n_programmes"]:
        return [Headline("Programmes delayed now", "no data", "no delivery records for this recipient", "")]
    source = "Source: delivery records (see Deliveries)"
    median = row["median_delay_months"]
    owed = row["value_undelivered_usd_mn"]
    top = f"most owed by {row['top_supplier']} ({_money(row['top_supplier_value_usd_mn'])})" \
        if isinstance(row["top_supplier"], str) else "no stated value owed"
    return [
        Headline("Programmes delayed now", f"{int(row['n_late_now'])} of {int(row['n_open'])} open",
                 "open and past their original promised date", source),
        Headline("Median delay", "—" if pd.isna(median) else f"{median:.0f} months",
                 f"over {int(row['n_with_delay'])} programmes; {int(row['n_no_promised_date'])} without a "
                 "promised date left out", source),
        Headline("Contract value undelivered", "—" if pd.isna(owed) else _money(owed), top, source),
    ]


def _figure_value(row) -> str:
    if pd.isna(row.value):
        return "not stated"
    if row.unit == "share_pct":
        return f"{row.value:.0f}%"
    if row.unit == "usd_mn":
        return _money(row.value)
    return f"{row.value:.0f} {row.unit}" if row.unit != "programmes" else f"{row.value:.0f}"


def exposure_headlines(exposure: pd.DataFrame) -> list[Headline]:
    """One headline per exposure figure: value, period and basis, source, estimate flag."""
    result = []
    for position, row in enumerate(exposure.itertuples(index=False)):
        scope = "" if row.category in {"all categories", "major arms"} else f"{row.category} · "
        ids = str(row.source_id).split(", ") if isinstance(row.source_id, str) else []
        if len(ids) == 1:
            source = sourcing.source_line(exposure.iloc[[position]])
        else:
            source = f"Sources: delivery records ({len(ids)} sources, see Deliveries)" if ids else ""
        detail = scope + (f"{row.period} · {row.basis}" if row.basis else str(row.period))
        result.append(Headline(row.figure, _figure_value(row), detail, source, is_estimate=bool(row.is_estimate)))
    return result


def exposure_supplier_choices(*frames: pd.DataFrame) -> dict[str, str]:
    """``{code: name}`` of the suppliers any of ``frames`` names (delivery, inventory or import data)."""
    names: dict[str, str] = {}
    for frame in frames:
        for code_column, name_column in (("supplier_code", "supplier"), ("origin_code", "origin_label")):
            if code_column in frame.columns and name_column in frame.columns:
                for code, label in frame[[code_column, name_column]].dropna().itertuples(index=False):
                    names.setdefault(str(code), str(label))
    return dict(sorted(names.items(), key=lambda item: item[1]))
