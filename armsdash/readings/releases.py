"""Which SIPRI release each year of a computed share comes from, in words and as a table (pure; no SQL)."""

from __future__ import annotations

import pandas as pd

LAYOUT_NAMES = {"trade_register": "trade register", "delivery_year": "transfers by delivery year"}
METHOD_NAMES = {"delivery_year": "SIPRI's yearly split",
                "register_even_split": "each deal split evenly over its delivery years"}
RECENT_IMPORTS = "Share of recent imports (SIPRI TIV)"  # supplier_exposure's figure computed from TIV
CHOICE_WORDS = {"split": "SIPRI's yearly split where available", "newest": "the newest release"}


def _date(value: object) -> str:
    if value is None or pd.isna(value):
        return "date not recorded"
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def _release(layout: object, generated: object) -> str:
    return f"{LAYOUT_NAMES.get(str(layout), str(layout))}, data generated {_date(generated)}"


def year_ranges(years: list[int]) -> str:
    """Years as runs: ``[2000, 2001, 2002, 2024]`` -> ``2000–2002, 2024``."""
    runs: list[list[int]] = []
    for year in sorted(set(int(y) for y in years)):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def _runs(sources: pd.DataFrame) -> list[tuple[list[int], pd.Series]]:
    """Consecutive years with the same release used and the same newer release, with one row of each run."""
    keyed = sources.assign(newer=sources["newer_release_id"].fillna("")).sort_values(["year", "release_id"])
    runs: list[tuple[list[int], pd.Series]] = []
    for _key, group in keyed.groupby(["release_id", "newer"], sort=False):
        years = [int(y) for y in group["year"]]
        start = 0
        for i in range(1, len(years) + 1):
            if i == len(years) or years[i] != years[i - 1] + 1:
                runs.append((years[start:i], group.iloc[start]))
                start = i
    return sorted(runs, key=lambda run: run[0][0])


def year_sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """``tiv_year_sources`` for readers: one row per run of years from the same release, and a newer one covering it."""
    rows = []
    for years, row in _runs(sources):
        newer = "" if pd.isna(row["newer_release_id"]) else _release(row["newer_layout"], row["newer_data_generated"])
        rows.append({"years": year_ranges(years), "release used": _release(row["layout"], row["data_generated"]),
                     "TIV per year": METHOD_NAMES.get(str(row["method"]), str(row["method"])),
                     "newer release also covering these years": newer})
    return pd.DataFrame(rows, columns=["years", "release used", "TIV per year",
                                       "newer release also covering these years"])


def newer_release_clause(sources: pd.DataFrame) -> str:
    """A clause for a chart's source line naming the years a newer release covers but the view does not use."""
    newer = sources.dropna(subset=["newer_release_id"]) if not sources.empty else sources
    if newer.empty:
        return ""
    parts = []
    for (layout, generated), group in newer.groupby(["newer_layout", "newer_data_generated"], dropna=False):
        parts.append(f"{year_ranges(group['year'].tolist())} also in the newer {_release(layout, generated)}")
    return " · " + "; ".join(parts) + " (not used)"


def recent_imports_years(exposure: pd.DataFrame) -> tuple[int, int] | None:
    """The years of ``supplier_exposure``'s share of recent imports (its ``period``, e.g. ``2021–2025``), or None."""
    rows = exposure[exposure["figure"] == RECENT_IMPORTS] if not exposure.empty else exposure
    if rows.empty:
        return None
    first, _dash, last = str(rows["period"].iloc[0]).partition("–")
    return (int(first), int(last)) if first.isdigit() and last.isdigit() else None


def choice_note(sources: pd.DataFrame, prefer: str) -> str:
    """One sentence: which release the shares shown take each year from, and what the other choice would change."""
    if sources.empty:
        return "No SIPRI deliveries in the years shown."
    shown = f"Each year's TIV comes from {CHOICE_WORDS.get(prefer, prefer)}"
    newer = sources.dropna(subset=["newer_release_id"])
    if prefer == "newest" or newer.empty:
        return shown + ("; no newer release covers the years shown." if prefer != "newest"
                        else ", as SIPRI advises (it revises its history in every release).")
    return (f"{shown}: {year_ranges(newer['year'].tolist())} from an older release although a newer one covers "
            "them (SIPRI advises using the latest release). Choose “Newest release” to use it.")
