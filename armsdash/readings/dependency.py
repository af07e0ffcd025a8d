"""Supplier dependency: readings, labels and comparison tables the pages show (pure; no Streamlit, no SQL)."""

from __future__ import annotations

import math

import pandas as pd

from armsdash.readings import sourcing

# The usual convention (US DOJ/FTC merger guidelines, 2010): below 1,500 unconcentrated,
# 1,500-2,500 moderately concentrated, above 2,500 highly concentrated.
HHI_MODERATE = 1500
HHI_HIGH = 2500
SIPRI_ATTRIBUTION = "SIPRI Arms Transfers Database"
RUSSIA_COMBINED = "Russia (incl. Soviet Union)"
SHARE_VS_STOCK = (
    "Share of imports counts what arrived in a period (SIPRI TIV, a flow); share of inventory counts what is "
    "in service today (a stock), so decades-old Soviet and Russian equipment still weighs in the inventory "
    "long after the imports have moved to other suppliers."
)


def hhi_band(hhi: float | None) -> str:
    """The usual reading of a Herfindahl-Hirschman index (0-10,000): un-, moderately or highly concentrated."""
    if hhi is None or (isinstance(hhi, float) and math.isnan(hhi)):
        return "no deliveries"
    if hhi > HHI_HIGH:
        return "highly concentrated"
    if hhi >= HHI_MODERATE:
        return "moderately concentrated"
    return "unconcentrated"


def concentration_reading(frame: pd.DataFrame, recipient: str) -> str:
    """One sentence on the latest year with deliveries in a ``concentration`` frame."""
    measured = frame.dropna(subset=["hhi"]) if not frame.empty else frame
    if measured.empty:
        return f"No SIPRI deliveries to {recipient} in the selected years, so concentration cannot be measured."
    last = measured.sort_values("year").iloc[-1]
    span = (f"{int(last['window_start'])}–{int(last['window_end'])}" if last["window_start"] != last["window_end"]
            else str(int(last["year"])))
    return (f"{recipient}, {span}: HHI {last['hhi']:,.0f} — {hhi_band(last['hhi'])} "
            f"(above {HHI_HIGH:,} is highly concentrated); top supplier {last['top_supplier']} "
            f"with {last['top_share_pct']:.0f}% of imports.")


def _date(value: object) -> str:
    stamp = pd.Timestamp(value) if value is not None and not pd.isna(value) else None
    return f"{stamp.day} {stamp:%b %Y}" if stamp is not None else "date not recorded"


def _years(row) -> str:
    """The years a release gives, as runs (``1950–1999, 2024–2025``) where the row has them."""
    runs = getattr(row, "year_runs", None)
    if isinstance(runs, str) and runs:
        return runs
    return f"{int(row.first_year)}–{int(row.last_year)}"


def sipri_source_line(releases: pd.DataFrame, *, computed: bool = True) -> str:
    """The line under a chart of SIPRI-derived figures: attribution, release date(s), and how years were split.

    ``releases`` has the columns of the ``tiv_releases`` metric.
    """
    if releases.empty:
        return f"Source: {SIPRI_ATTRIBUTION} — no SIPRI data loaded for this recipient"
    parts = []
    for row in releases.itertuples(index=False):
        how = ("SIPRI's delivery-year split" if row.method == "delivery_year"
               else "register TIV split evenly over delivery years")
        parts.append(f"Data generated {_date(row.data_generated)}, {_years(row)}, {how}")
    prefix = "shares computed from SIPRI TIV" if computed else "SIPRI TIV"
    return f"Source: {SIPRI_ATTRIBUTION} ({'; '.join(parts)}) — {prefix}"


def deals_source_line(releases: pd.DataFrame) -> str:
    """The line under the deliveries-based arsenal estimate: the releases of the deals and the settings file.

    ``releases`` has the columns of the ``deal_releases`` metric.
    """
    if releases.empty:
        return f"Source: {SIPRI_ATTRIBUTION} — no SIPRI deals loaded for this recipient"
    parts = []
    for row in releases.itertuples(index=False):
        span = "" if pd.isna(row.first_year) else f", deliveries {int(row.first_year)}–{int(row.last_year)}"
        parts.append(f"Data generated {_date(row.data_generated)}{span}")
    return (f"Source: {SIPRI_ATTRIBUTION} ({'; '.join(parts)}) · service lives assumed in data/service_life.csv "
            "· estimate computed here")


def coverage_warning(releases: pd.DataFrame, estimate: pd.DataFrame, as_of: int) -> str | None:
    """A warning when the deals used start too late to hold everything still in service in ``as_of``.

    ``releases``: ``deal_releases``; ``estimate``: ``arsenal_from_deliveries`` (for the longest service
    life assumed). Equipment delivered before the first listed year is missing, which matters when that
    year is later than ``as_of`` minus the longest service life.
    """
    if releases.empty or releases["first_year"].isna().all():
        return None
    lives = estimate["service_life_years"].dropna() if not estimate.empty else pd.Series(dtype=float)
    longest_life = int(lives.max()) if not lives.empty else 40
    first = int(releases["first_year"].min())
    if first <= as_of - longest_life:
        return None
    return (f"The deals loaded list deliveries from {first} only, so equipment delivered earlier and still in "
            f"service in {as_of} is missing from this estimate; load SIPRI's trade register for the full history.")


def year_bounds(releases: pd.DataFrame) -> tuple[int, int] | None:
    """The first and last year a ``tiv_releases`` or ``deal_releases`` frame covers, or None without data."""
    known = releases.dropna(subset=["first_year", "last_year"]) if not releases.empty else releases
    if known.empty:
        return None
    return int(known["first_year"].min()), int(known["last_year"].max())


def assumption_text(estimate: pd.DataFrame, as_of: int) -> str:
    """State the arsenal estimate's assumption: the service life of each category, as the metric used it."""
    lives = (estimate[estimate["category"] != "all categories"]
             .dropna(subset=["service_life_years"])
             .drop_duplicates("category").sort_values("category"))
    listed = ", ".join(f"{r.category} {int(r.service_life_years)} y" for r in lives.itertuples(index=False))
    return (f"Estimate: weapons delivered and still in service in {as_of}, assuming a fixed service life after "
            f"delivery ({listed or 'no categories in service'}); deliveries split evenly over the listed years.")


def russia_figures(estimate: pd.DataFrame, inventory: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Every figure for Russia's weight in one table: deliveries-based estimate, published inventory, imports.

    ``estimate``: ``arsenal_from_deliveries`` with combine_russia=1; ``inventory``: ``inventory_by_origin``;
    ``published``: ``published_shares_by_period``. Returns columns figure, share_pct, kind, basis.
    """
    rows = []
    total = estimate[(estimate["category"] == "all categories") & (estimate["origin_code"] == "RUS")]
    if not total.empty:
        row = total.iloc[0]
        year = int(row["as_of_year"])
        rows.append((f"Deliveries still in service, by TIV ({year})", row["tiv_share_pct"], "deliveries-based estimate",
                     "SIPRI register deliveries still within their assumed service life, weighted by TIV"))
        rows.append((f"Deliveries still in service, by units ({year})", row["units_share_pct"],
                     "deliveries-based estimate",
                     "the same deliveries counted as items, so many small items (missiles) weigh heavily"))
    russian = (inventory[inventory["origin_code"] == "RUS"].dropna(subset=["share_pct"]) if not inventory.empty
               else inventory)
    for row in russian.itertuples(index=False):
        publisher = getattr(row, "source_publisher", None)
        who = str(publisher).split(" (")[0] if isinstance(publisher, str) and publisher else str(row.source_id)
        year = f"{int(row.as_of_year)}" if not pd.isna(row.as_of_year) else "undated"
        rows.append((f"{row.service_or_category} ({year}), {who}", row.share_pct, "published inventory estimate",
                     str(row.note or row.service_or_category)))
    imports = published[published["supplier_code"] == "RUS"] if not published.empty else published
    if not imports.empty:
        last = imports.sort_values(["period_end", "source_date"]).iloc[-1]
        rows.append((f"SIPRI: share of imports {last['period']}", last["share_pct"], "published import share",
                     "deliveries in five years only (a flow, not what is in service)"))
    return pd.DataFrame(rows, columns=["figure", "share_pct", "kind", "basis"])


def inventory_table(inventory: pd.DataFrame) -> pd.DataFrame:
    """The published inventory estimates as a table for readers: plain column names, estimate flag in words."""
    table = inventory[["service_or_category", "origin_label", "share_pct", "units", "as_of_year", "is_estimate",
                       "source_title", "note"]].copy()
    table["is_estimate"] = table["is_estimate"].map(lambda e: "estimate" if bool(e) else "reported")
    return table.rename(columns={"service_or_category": "service or category", "origin_label": "origin",
                                 "share_pct": "share (%)", "as_of_year": "year", "is_estimate": "flag",
                                 "source_title": "source"})


def comparison_table(compared: pd.DataFrame) -> pd.DataFrame:
    """``published_vs_computed`` as a table for readers: plain column names, shares rounded to 0.1 point."""
    table = compared[["period", "supplier", "published_share_pct", "computed_share_pct", "difference_pts",
                      "years_with_data", "source_title", "release_ids"]].round(1)
    return table.rename(columns={"published_share_pct": "published (%)", "computed_share_pct": "computed (%)",
                                 "difference_pts": "difference (points)", "years_with_data": "years with TIV",
                                 "source_title": "published in", "release_ids": "computed from SIPRI release"})


def matched_release_line(compared: pd.DataFrame) -> str:
    """``published_vs_computed``'s source line: the published figures' sources, and the SIPRI release matching each."""
    ids = sorted({str(i) for i in compared["release_ids"].dropna()}) if not compared.empty else []
    return (f"{sourcing.source_line(compared)} · computed from {SIPRI_ATTRIBUTION}, the release matching each "
            "figure's publication: "
            + (", ".join(ids) or "none loaded"))
