"""How to cite a view: title, publishers of the data behind it, their releases, the data version, date accessed and
the pinned link, as plain text and as a footnote (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from armsdash.readings import sourcing
from armsdash.readings.wording import first_part

DASHBOARD = "Arms-supply dependency dashboard"


@dataclass(frozen=True)
class Citation:
    """The parts of a citation of one view."""

    title: str
    publishers: str  # "SIPRI; The Hindu"
    releases: str    # "SIPRI, 2025-03-10; The Hindu, 2024-11-02"
    version: str     # "Data version 3 (2026-12-03)"
    accessed: dt.date
    link: str

    def plain(self) -> str:
        """One line for a note or an e-mail."""
        return (f"{self.title}. Data: {self.releases}. {DASHBOARD}, {self.version}. Accessed {_day(self.accessed)}. "
                f"{self.link}")

    def footnote(self) -> str:
        """A footnote in the usual note style: publisher, title in quotes, where, version, link, date accessed."""
        return (f"{self.publishers}, \u201c{self.title}\u201d, {DASHBOARD}, {self.version}, {self.link} "
                f"(accessed {_day(self.accessed)}).")


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def cite(title: str, sources: pd.DataFrame, *, version: str, link: str, accessed: dt.date) -> Citation:
    """The citation of a view titled ``title`` showing data from ``sources`` (frames with the source columns).

    Each publisher is named once, with the date of its newest source used (its release); at most four are named.
    """
    found = sourcing.sources_of(sources)
    releases: dict[str, str] = {}
    for row in found.itertuples(index=False):  # newest first
        who = first_part(getattr(row, "source_publisher", None)) or str(row.source_id)
        when = getattr(row, "source_date", None)
        releases.setdefault(who, f"{who}, {when}" if isinstance(when, str) and when else who)
    names = list(releases)
    more = f" and {len(names) - 4} more" if len(names) > 4 else ""
    publishers = ("; ".join(names[:4]) + more) if names else "sources not recorded"
    released = ("; ".join(list(releases.values())[:4]) + more) if names else "sources not recorded"
    return Citation(str(title), publishers, released, version, accessed, link)
