"""Controls that change the view (state.ViewState): each reads its value from the view and writes it back."""

from __future__ import annotations

import datetime

import streamlit as st

from armsdash.contracts import CATEGORIES
from armsdash.web import cache, state
from armsdash.web.view import recipient_options, update, view

PERIOD_LABELS = {"5y": "Five-year periods", "year": "Yearly"}
PREFER_LABELS = {"split": "SIPRI's yearly split where available", "newest": "Newest release"}


def _set_field(field: str, key: str, from_widget) -> None:
    """Widget callback: copy the widget's value into the view."""
    update(**{field: from_widget(st.session_state[key])})


def _bound(field: str, key: str, to_widget, from_widget) -> dict:
    """Seed widget ``key`` from the view (unless it already shows it); return its callback kwargs.

    Compared as the widget would show the view's value: another page may have left a value in the
    widget's key that this page's options lack (Deliveries' "All suppliers" on Exposure).
    """
    shown = to_widget(getattr(view(), field))
    if key not in st.session_state or st.session_state[key] != shown:
        st.session_state[key] = shown
    return {"key": key, "on_change": _set_field, "args": (field, key, from_widget)}


def recipient_selector() -> str:
    """The sidebar's recipient picker, kept in the URL as ``?recipient=ISO3``; returns the code."""
    options = recipient_options(cache.shown_version())  # a pinned link lists the recipients and names it had
    names = dict(zip(options["recipient_code"], options["recipient"]))
    if not names:
        st.sidebar.caption("No recipients in the data yet.")
        return view().recipient
    fallback = next(iter(names))
    kwargs = _bound("recipient", "recipient", lambda code: code if code in names else fallback, str)
    return st.sidebar.selectbox("Recipient country", list(names), format_func=names.get, **kwargs)


def year_range(bounds: tuple[int, int], *, label: str = "Years") -> tuple[int, int]:
    """A year-range slider kept in the URL as ``from``/``to``; returns (first, last) within ``bounds``.

    At the full range the parameters are left out of the link.
    """
    lo, hi = int(bounds[0]), int(bounds[1])
    if lo >= hi:
        return lo, hi
    clamp = lambda y: min(max(y, lo), hi)  # noqa: E731
    ss = st.session_state
    key = "view_years"
    shown = tuple(clamp(y) for y in view().years((lo, hi)))
    if key not in ss or tuple(ss[key]) != shown:
        ss[key] = shown

    def store() -> None:
        first, last = ss[key]
        update(year_from=None if first == lo else first, year_to=None if last == hi else last)

    first, last = st.slider(label, lo, hi, key=key, on_change=store, step=1)
    return int(first), int(last)


def period_switch(*, label: str = "Show") -> str:
    """Five-year periods or yearly, kept in the URL as ``period``; returns ``5y`` or ``year``."""
    kwargs = _bound("period", "view_period", lambda p: p, str)
    return st.radio(label, state.PERIODS, format_func=PERIOD_LABELS.get, horizontal=True, **kwargs)


def release_choice(*, label: str = "Where two SIPRI releases cover a year, use") -> str:
    """SIPRI's yearly split where available or the newest release, kept in the URL as ``prefer``; returns it."""
    kwargs = _bound("prefer", "view_prefer", lambda p: p, str)
    return st.radio(label, state.PREFERENCES, format_func=PREFER_LABELS.get, horizontal=True, **kwargs,
                    help="SIPRI revises its history in every release and advises using the latest; its delivery-year "
                         "export gives SIPRI's own yearly split, which the trade register lacks (the app then "
                         "spreads each deal evenly over its delivery years). The yearly split is the default: it "
                         "reproduces SIPRI's published shares.")


def supplier_picker(options: dict[str, str], *, label: str = "Supplier", fallback: str | None = None) -> str | None:
    """A supplier picker (``options``: code -> name), kept in the URL as ``supplier``.

    Without ``fallback`` it offers "All suppliers" (None); with one, a supplier not in ``options``
    shows ``fallback`` and there is no "all".
    """
    choices = list(options) if fallback is not None else [None, *options]
    kwargs = _bound("supplier", "view_supplier", lambda c: c if c in choices else fallback, lambda c: c)
    return st.selectbox(label, choices, format_func=lambda c: "All suppliers" if c is None else options[c], **kwargs)


def category_picker(categories=None, *, label: str = "Category") -> str | None:
    """An equipment-category picker with "All categories", kept in the URL as ``category``."""
    choices = [None, *(categories if categories is not None else CATEGORIES)]
    kwargs = _bound("category", "view_category", lambda c: c if c in choices else None, lambda c: c)
    return st.selectbox(label, choices, format_func=lambda c: "All categories" if c is None else c, **kwargs)


def compare_picker(options: dict[str, str], *, label: str = "Compare with") -> tuple[str, ...]:
    """Pick 2-5 recipients to compare (``options``: code -> name), kept in the URL as ``compare``.

    Returns the codes, or ``()`` while fewer than two are picked.
    """
    as_view = lambda picked: tuple(picked) if len(picked) >= state.COMPARE_MIN else ()  # noqa: E731
    key = "view_compare"
    if key not in st.session_state or as_view(st.session_state[key]) != view().compare:
        st.session_state[key] = [c for c in view().compare if c in options]
    st.multiselect(label, list(options), format_func=options.get, max_selections=state.COMPARE_MAX,
                   key=key, on_change=_set_field, args=("compare", key, as_view))
    return view().compare


def date_picker(*, label: str = "On") -> datetime.date:
    """A day picker kept in the URL as ``date`` (left out of the link while it shows today); returns the day."""
    today = datetime.date.today()
    first = datetime.date.fromisoformat(state.FIRST_DAY)
    kwargs = _bound("date", "view_date", lambda text: state.ViewState(date=text).day(),
                    lambda day: None if day is None or day >= today else day.isoformat())
    return st.date_input(label, min_value=first, max_value=today, format="YYYY-MM-DD", **kwargs) or today
