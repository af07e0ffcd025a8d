"""A view's state <-> the URL's query parameters (the public, stable link interface).

Parameters (documented in the README; names never change):

==========  =====================================================  ==================
name        value                                                   absent means
==========  =====================================================  ==================
recipient   ISO3 code (a country name is accepted and normalised)   ``DEFAULT_RECIPIENT``
            (always written in links, so they outlive a change of default)
compare     2-5 comma-separated ISO3 codes (names accepted)         no comparison
supplier    ISO3 code of a supplier to focus on                     all suppliers
from, to    first and last year shown (inclusive)                   the data's range
period      ``5y`` (five-year periods) or ``year``                  ``5y``
category    equipment category                                      all categories
prefer      ``split`` (SIPRI's yearly split where available) or     ``split``
            ``newest`` (the newest release): where two SIPRI releases cover a year
date        day listings are shown for, YYYY-MM-DD                  today
v           data version the link is pinned to                      latest (unpinned)
==========  =====================================================  ==================

``parse`` never raises: a value that is unknown, out of range, repeated, too long
or not of the right shape falls back to its default and adds one short notice.
A reversed year range (``from`` after ``to``) is swapped, not reset, since the
reader most likely meant the same span. Notices never repeat the link's raw text
unless it is short and plain (letters, digits, spaces and ``.,'()-``), so they
are safe to show with ``st.warning`` (which renders Markdown).
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from armsdash import config, countries

DEFAULT_RECIPIENT = config.DEFAULT_RECIPIENT
PERIODS = ("5y", "year")
DEFAULT_PERIOD = "5y"
# Which SIPRI release a year's TIV comes from where two cover it (queries/macros/06_tiv_yearly_for.sql).
PREFERENCES = config.RELEASE_PREFERENCES
DEFAULT_PREFER = PREFERENCES[0]
COMPARE_MIN, COMPARE_MAX = 2, 5
PARAMS = ("recipient", "compare", "supplier", "from", "to", "period", "category", "prefer", "date", "v")
MAX_VALUE_LENGTH = 200

# The parameters each page reads; a page's link carries only these.
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "overview": ("recipient", "from", "to", "v"),
    "suppliers": ("recipient", "compare", "from", "to", "period", "prefer", "v"),
    "arsenal": ("recipient", "v"),
    "deliveries": ("recipient", "supplier", "category", "from", "to", "v"),
    "exposure": ("recipient", "supplier", "prefer", "v"),
    "sanctions": ("recipient", "date", "v"),
    "update": ("v",),
}

_YEAR = re.compile(r"^\d{4}$")
_VERSION = re.compile(r"^\d{1,9}$")
_PLAIN = re.compile(r"^[A-Za-z0-9 .,'()\-]{1,40}$")


@dataclass(frozen=True)
class ViewState:
    """What a view shows; every field maps to one URL parameter (``year_from`` is ``from``)."""

    recipient: str = DEFAULT_RECIPIENT
    compare: tuple[str, ...] = ()
    supplier: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    period: str = DEFAULT_PERIOD
    category: str | None = None
    prefer: str = DEFAULT_PREFER
    date: str | None = None  # YYYY-MM-DD; None is today
    v: int | None = None

    @property
    def pinned(self) -> bool:
        """True when the view is pinned to a data version (``v`` in the link)."""
        return self.v is not None

    def years(self, bounds: tuple[int, int]) -> tuple[int, int]:
        """The year range shown, with absent ends taken from ``bounds``."""
        lo = self.year_from if self.year_from is not None else bounds[0]
        hi = self.year_to if self.year_to is not None else bounds[1]
        return lo, hi

    def day(self) -> datetime.date:
        """The day the view shows listings for: ``date``, else today."""
        return datetime.date.fromisoformat(self.date) if self.date else datetime.date.today()

    def replace(self, **changes: object) -> ViewState:
        """A copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)


def _shown(value: str) -> str:
    """The value as a notice may quote it: plain short text in backticks, otherwise nothing."""
    return f" `{value}`" if _PLAIN.match(value) else ""


def _single(params: Mapping[str, object], name: str, notices: list[str]) -> str | None:
    """The one value of ``name`` in ``params`` (stripped), or None when absent, repeated or unusable."""
    if name not in params:
        return None
    raw = params[name]
    if isinstance(raw, (list, tuple)):
        values = {str(item) for item in raw}
        if len(values) > 1:
            notices.append(f"The link gives `{name}` more than once; using the default.")
            return None
        raw = next(iter(values), "")
    text = str(raw).strip()
    if not text:
        return None
    if len(text) > MAX_VALUE_LENGTH or any(ord(ch) < 32 for ch in text):
        notices.append(f"The link's `{name}` is not a valid value; using the default.")
        return None
    return text


def _country(text: str, known: Iterable[str]) -> str | None:
    """The code for ``text`` if it names a country in ``known``."""
    code = countries.code_for(text)
    return code if code is not None and code in set(known) else None


FIRST_DAY = f"{config.FIRST_YEAR}-01-01"


def _day(text: str) -> str | None:
    """``text`` as YYYY-MM-DD if it is a real day from ``FIRST_DAY`` to today, else None."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return text if FIRST_DAY <= text and day <= datetime.date.today() else None


def default_recipient(known_recipients: Iterable[str]) -> str:
    """``DEFAULT_RECIPIENT`` if it has data, else the first known recipient in code order."""
    known = sorted(set(known_recipients))
    if DEFAULT_RECIPIENT in known or not known:
        return DEFAULT_RECIPIENT
    return known[0]


def _year(name: str, text: str | None, bounds: tuple[int, int], notices: list[str]) -> int | None:
    if text is None:
        return None
    if _YEAR.match(text) and bounds[0] <= int(text) <= bounds[1]:
        return int(text)
    notices.append(f"The link's `{name}` year{_shown(text)} is outside the data "
                   f"({bounds[0]}-{bounds[1]}); using the default.")
    return None


def parse(params: Mapping[str, object], *, known_recipients: Iterable[str], known_suppliers: Iterable[str],
          latest_version: int, year_bounds: tuple[int, int],
          categories: Iterable[str]) -> tuple[ViewState, list[str]]:
    """Read a view from URL parameters; return it and one notice per value that fell back.

    ``params`` maps names to a string, or to a list of strings for repeated keys
    (``st.query_params.to_dict()`` or ``{k: st.query_params.get_all(k)}``).
    Unknown parameter names are ignored. Never raises.
    """
    notices: list[str] = []
    recipients = set(known_recipients)
    suppliers = set(known_suppliers)
    lo, hi = sorted(year_bounds)
    fields: dict[str, object] = {"recipient": default_recipient(recipients)}

    text = _single(params, "recipient", notices)
    if text is not None:
        code = _country(text, recipients)
        if code is None:
            notices.append(f"The link's recipient{_shown(text)} has no data here; showing the default.")
        else:
            fields["recipient"] = code

    text = _single(params, "compare", notices)
    if text is not None:
        codes: list[str] = []
        for item in filter(None, (part.strip() for part in text.split(","))):
            code = _country(item, recipients)
            if code is None:
                notices.append(f"The link's comparison country{_shown(item)} has no data here; left out.")
            elif code not in codes:
                codes.append(code)
        if len(codes) > COMPARE_MAX:
            notices.append(f"A comparison takes at most {COMPARE_MAX} countries; the first {COMPARE_MAX} are shown.")
            codes = codes[:COMPARE_MAX]
        if len(codes) < COMPARE_MIN:
            notices.append(f"A comparison needs at least {COMPARE_MIN} countries with data; none is shown.")
            codes = []
        fields["compare"] = tuple(codes)

    text = _single(params, "supplier", notices)
    if text is not None:
        code = _country(text, suppliers)
        if code is None:
            notices.append(f"The link's supplier{_shown(text)} has no data here; showing all suppliers.")
        else:
            fields["supplier"] = code

    year_from = _year("from", _single(params, "from", notices), (lo, hi), notices)
    year_to = _year("to", _single(params, "to", notices), (lo, hi), notices)
    if year_from is not None and year_to is not None and year_from > year_to:
        notices.append(f"The link's years were reversed; showing {year_to}-{year_from}.")
        year_from, year_to = year_to, year_from
    fields["year_from"], fields["year_to"] = year_from, year_to

    text = _single(params, "period", notices)
    if text is not None:
        if text.lower() in PERIODS:
            fields["period"] = text.lower()
        else:
            notices.append(f"The link's period{_shown(text)} is not `5y` or `year`; using `5y`.")

    text = _single(params, "category", notices)
    if text is not None:
        by_folded = {str(c).lower(): str(c) for c in categories}
        if text.lower() in by_folded:
            fields["category"] = by_folded[text.lower()]
        else:
            notices.append(f"The link's category{_shown(text)} is not known; showing all categories.")

    text = _single(params, "prefer", notices)
    if text is not None:
        if text.lower() in PREFERENCES:
            fields["prefer"] = text.lower()
        else:
            notices.append(f"The link's prefer{_shown(text)} is not `split` or `newest`; using `split` "
                           "(SIPRI's yearly split where available).")
    text = _single(params, "date", notices)
    if text is not None:
        day = _day(text)
        if day is None:
            notices.append(f"The link's date{_shown(text)} is not a day from {FIRST_DAY} to today (YYYY-MM-DD); "
                           "showing today.")
        else:
            fields["date"] = day

    text = _single(params, "v", notices)
    if text is not None:
        if _VERSION.match(text) and 1 <= int(text) <= latest_version:
            fields["v"] = int(text)
        else:
            notices.append(f"The link's data version{_shown(text)} does not exist (latest is "
                           f"{latest_version}); showing the latest data.")

    return ViewState(**fields), notices


def to_params(state: ViewState, names: Iterable[str] | None = None) -> dict[str, str]:
    """The URL parameters for ``state``, leaving out defaults (and names not in ``names``, if given).

    ``recipient`` is always written: the default recipient is a setting that may change,
    and a link must keep showing the country it was made for.
    """
    default = ViewState()
    values = {
        "recipient": state.recipient,
        "compare": ",".join(state.compare) or None,
        "supplier": state.supplier,
        "from": state.year_from,
        "to": state.year_to,
        "period": state.period if state.period != default.period else None,
        "category": state.category,
        "prefer": state.prefer if state.prefer != default.prefer else None,
        "date": state.date,
        "v": state.v,
    }
    wanted = set(PARAMS if names is None else names)
    return {name: str(value) for name, value in values.items() if value is not None and name in wanted}


def for_page(state: ViewState, page: str) -> ViewState:
    """``state`` with the fields page ``page`` does not read reset to their defaults."""
    used = PAGE_PARAMS[page]
    default = ViewState()
    attr = {"from": "year_from", "to": "year_to"}
    changes = {attr.get(n, n): getattr(default, attr.get(n, n)) for n in PARAMS if n not in used}
    return dataclasses.replace(state, **changes)


def rows_within(frame, years: tuple[int, int], *, start: str = "period_start", end: str = "period_end"):
    """The rows of ``frame`` whose span ``start``-``end`` lies wholly inside ``years`` (inclusive)."""
    first, last = years
    return frame[(frame[start] >= first) & (frame[end] <= last)].reset_index(drop=True)
