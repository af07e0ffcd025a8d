"""Turning the source columns that every metric returns into lines and tables a reader sees."""

from __future__ import annotations

import pandas as pd

SOURCE_COLUMNS = ("source_id", "source_title", "source_publisher", "source_url", "source_date")


def sources_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The distinct sources cited by ``frame`` (one row each), newest first."""
    present = [c for c in SOURCE_COLUMNS if c in frame.columns]
    if "source_id" not in present or frame.empty:
        return pd.DataFrame(columns=list(SOURCE_COLUMNS))
    found = frame[present].drop_duplicates("source_id")
    if "source_date" in found.columns:
        found = found.sort_values("source_date", ascending=False, na_position="last")
    return found.reset_index(drop=True)


def combine(*frames: pd.DataFrame) -> pd.DataFrame:
    """The source columns of several metric frames stacked, for one sources panel."""
    parts = [f[[c for c in SOURCE_COLUMNS if c in f.columns]] for f in frames if "source_id" in f.columns]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(SOURCE_COLUMNS))


def source_line(frame: pd.DataFrame, *, prefix: str = "Source", limit: int = 3) -> str:
    """One line naming the publishers and dates behind ``frame``, e.g. for under a chart."""
    found = sources_of(frame)
    if found.empty:
        return f"{prefix}: none recorded"
    parts = []
    for row in found.itertuples(index=False):
        who = getattr(row, "source_publisher", None)
        who = str(who).split(" (")[0] if isinstance(who, str) and who else str(row.source_id)
        when = getattr(row, "source_date", None)
        label = f"{who} ({when})" if isinstance(when, str) and when else str(who)
        if label not in parts:
            parts.append(label)
    shown = "; ".join(parts[:limit])
    more = f"; +{len(parts) - limit} more (see Sources)" if len(parts) > limit else ""
    plural = "s" if len(parts) > 1 else ""
    return f"{prefix}{plural}: {shown}{more}"
