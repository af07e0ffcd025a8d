"""What the sanctions-and-industry figures mean: headlines, tables and sentences from metric DataFrames (pure)."""

from __future__ import annotations

import pandas as pd

from armsdash.readings import sourcing
from armsdash.readings.headlines import Headline

EXPOSURE_NOTE = (
    "A figure counts an item when its maker is on a list on the chosen day (a listing dated only by month or year "
    "counts from the end of that month or year). Makers come from the systems table: a deal or programme without "
    "a recorded maker counts in the total, never as listed. Imports and arsenal are SIPRI TIV (a flow over five "
    "years and an estimated stock); programmes and value come from the delivery records. The CAATSA 231 list is "
    "not a sanction: it marks whom a significant transaction would expose to secondary sanctions."
)
LOCAL_NOTE = ("Built in country: read from SIPRI's register comments ('produced under licence in ...', 'assembled "
              "from kits'); empty where a deal says only that some were.")
HEADLINE_LABELS = {
    "Share of imports (SIPRI TIV, last five years)": "Imports from listed makers",
    "Share of the estimated arsenal (SIPRI TIV in service)": "Arsenal from listed makers",
    "Share of open programmes": "Open programmes with a listed maker",
    "Share of undelivered contract value": "Undelivered value with a listed maker",
}
UNIT_WORDS = {"tiv_mn": "m TIV", "programmes": "programmes", "usd_mn": "USD m"}


def no_systems(name: str) -> str:
    """The sentence shown when a recipient has no systems recorded."""
    return (f"No systems in service are recorded for {name}, so no maker, licence producer or listing can be shown "
            "for them. Load a systems file on Update data to add them.")


def exposure_headlines(frame: pd.DataFrame) -> list[Headline]:
    """One headline per figure: the share whose maker is on any list (``sanctions_exposure``, authority 'any')."""
    rows = frame[frame["authority"] == "any"]
    found = []
    for row in rows.itertuples(index=False):
        unit = UNIT_WORDS.get(row.amount_unit, row.amount_unit)
        value = "no total" if pd.isna(row.value) else f"{row.value:.1f} %"
        digits = 0 if row.amount_unit == "programmes" else 1
        detail = (f"{row.listed_amount:,.{digits}f} of {row.total_amount:,.{digits}f} {unit} ({row.period}); "
                  f"{row.basis}")
        source = sourcing.source_line(rows[rows["figure"] == row.figure])
        found.append(Headline(HEADLINE_LABELS.get(row.figure, row.figure), value, detail, source,
                              bool(row.is_estimate)))
    return found


def exposure_sentence(frame: pd.DataFrame, name: str, day: str) -> str:
    """What the exposure amounts to in words, for under the headlines."""
    rows = frame[(frame["authority"] == "any") & (frame["listed_amount"] > 0)]
    if frame.empty:
        return f"No SIPRI deals or open programmes of {name} are in the data, so no exposure can be worked out."
    if rows.empty:
        return f"On {day} no maker of {name}'s recorded deals or open programmes is on a list in the data."
    groups = frame[(frame["authority"] != "any") & (frame["listed_amount"] > 0)]
    named = ", ".join(sorted(set(groups["authority"] + " " + groups["kind"])))
    return f"On {day} makers of {name}'s arms are listed by: {named}."


def _number_text(values: pd.Series, digits: int = 0) -> pd.Series:
    """Numbers as a table shows them ("1820", "69.7"), and an empty cell where there is none (never 'None')."""
    return values.map(lambda value: "" if pd.isna(value) else f"{float(value):.{digits}f}")


def systems_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The systems as the page shows them, one row each: origin, maker(s), licence producer, local share, every
    count with its year and source, and the listings; an empty cell where a value is missing."""
    local = frame["local_share_pct"].where(frame["n_deals_partial"] == 0)
    shown = pd.DataFrame({
        "Origin": frame["origin"].fillna(frame["origin_code"]),
        "System": frame["system"],
        "Maker": frame["maker"],
        "Licence producer": frame["licence_producer"],
        "Built in country (% of SIPRI units)": _number_text(local, 1).str.removesuffix(".0"),
        "Units delivered (SIPRI)": _number_text(frame["units_delivered"]),
        "In service (year, source)": frame["in_service_counts"],
        "Maker's listings on the day": frame["maker_listings"].fillna("none in the data"),
        "Maker source": frame["maker_source_id"],
        "Designations source": frame["source_id"],
    })
    return shown.fillna("")


def parents_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The maker's chain of ownership per system (``maker_parents``), with listings on the day; an empty cell where
    a value is missing."""
    return pd.DataFrame({
        "System": frame["system"],
        "Relation": frame["relation"],
        "Entity": frame["entity"],
        "Country": frame["country_code"],
        "Listings on the day": frame["listings"].fillna("none in the data"),
        "Source": frame["source_id"],
    }).fillna("")


def licence_check(systems: pd.DataFrame, figures: pd.DataFrame) -> str:
    """Su-30MKI as read from SIPRI's comments beside the published '222 of 272 built by HAL' (or '' without data)."""
    su30 = systems[systems["system"] == "Su-30MKI"].head(1)
    published = figures[(figures["system"] == "Su-30MKI") & (figures["unit"] == "aircraft")]
    if su30.empty or published.empty:
        return ""
    row = su30.iloc[0]
    quoted = "; ".join(f"{r.figure}: {r.value:,.0f} ({r.source_id})" for r in published.itertuples(index=False))
    return (f"Check: SIPRI's register comments give {row.local_units:,.0f} of {row.units_delivered:,.0f} "
            f"Su-30 delivered to this recipient as built in the country. Published: {quoted}.")


def main_origins(frame: pd.DataFrame, top: int = 4) -> pd.DataFrame:
    """The rows of the ``top`` origins with most units built in the country (``licence_share_by_origin``)."""
    ranked = frame.groupby("supplier_code")["local_units"].sum().sort_values(ascending=False)
    keep = [code for code, local in ranked.items() if local > 0][:top]
    return frame[frame["supplier_code"].isin(keep)].reset_index(drop=True)
