"""The Overview's headline figures, worked out from metric DataFrames (pure, testable)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from armsdash import config
from armsdash.readings import sourcing


@dataclass(frozen=True)
class Headline:
    """One headline figure as the Overview shows it."""

    label: str
    value: str
    detail: str
    source: str
    is_estimate: bool = False


def _latest_period(shares: pd.DataFrame) -> pd.DataFrame:
    if shares.empty:
        return shares
    end = shares["period_end"].max()
    start = shares.loc[shares["period_end"] == end, "period_start"].min()
    return shares[(shares["period_end"] == end) & (shares["period_start"] == start)]


def import_headlines(shares: pd.DataFrame) -> list[Headline]:
    """Top supplier and Russia's share of imports in the latest period with published figures."""
    latest = _latest_period(shares)
    if latest.empty:
        missing = Headline("Top supplier", "no data", "No published supplier shares for this recipient", "")
        return [missing, Headline("Russia's share of imports", "no data", "", "")]
    period = str(latest["period"].iloc[0])
    top = latest.sort_values(["share_pct", "supplier"], ascending=[False, True]).iloc[0]
    result = [Headline(
        f"Top supplier, {period}", f"{top['supplier']} {top['share_pct']:.0f}%",
        "share of imports of major arms (SIPRI TIV)",
        sourcing.source_line(latest[latest.supplier_code == top.supplier_code]),
    )]
    russia = latest[latest["supplier_code"] == config.RUSSIA_CODE]
    if russia.empty:
        result.append(Headline(f"Russia's share of imports, {period}", "not reported",
                               "no published figure for Russia in this period", sourcing.source_line(latest)))
    else:
        result.append(Headline(f"Russia's share of imports, {period}", f"{russia['share_pct'].iloc[0]:.0f}%",
                               "share of imports of major arms (SIPRI TIV)", sourcing.source_line(russia)))
    return result


def inventory_headline(inventory: pd.DataFrame) -> Headline:
    """Share of the inventory of Russian origin: the newest published estimate, marked as such."""
    russian = inventory[(inventory["origin_code"] == config.RUSSIA_CODE) & inventory["share_pct"].notna()]
    if russian.empty:
        return Headline("Inventory of Russian origin", "no estimate", "no published estimate for this recipient", "")
    newest = russian.sort_values(["as_of_year", "share_pct"], ascending=[False, True]).iloc[0]
    flag = "estimate" if bool(newest["is_estimate"]) else "reported"
    return Headline(
        "Inventory of Russian origin", f"~{newest['share_pct']:.0f}%",
        f"{flag}, {int(newest['as_of_year'])}: {newest['service_or_category']} — a stock, not a flow of imports",
        sourcing.source_line(russian.loc[[newest.name]]), is_estimate=bool(newest["is_estimate"]),
    )
