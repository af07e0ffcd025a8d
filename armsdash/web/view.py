"""The view (a state.ViewState) in the session and in the URL: read and written here only.

The view lives in st.session_state[VIEW_KEY] for the whole session, so it survives page changes; the
URL is rewritten from it on every run. The URL is read into the view on a session's first run, and
later only when it holds parameters this session did not write (a link followed inside the app, or
the browser's back button). Widgets are not bound to the URL natively (bind="query-params"): that
writes a selectbox's label, not its code, and cannot accept a country name or say why a value was refused.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from armsdash import config
from armsdash.contracts import CATEGORIES
from armsdash.web import cache, state

VIEW_KEY = "view_state"
PAGE_KEY = "view_page"
_WRITTEN_KEY = "view_params_written"
_RUN_MEMO_KEY = "_view_run_memo"
_ATTRS = {"from": "year_from", "to": "year_to"}


def once_per_run(name: str, version: int, compute):
    """``compute()``, at most once per script run and data version (the sidebar, labels and links ask many times)."""
    memo = st.session_state.setdefault(_RUN_MEMO_KEY, {})
    if (name, version) not in memo:
        memo[(name, version)] = compute()
    return memo[(name, version)]


def recipient_options(version: int | None = None) -> pd.DataFrame:
    """Recipients that have data in ``version`` (default: the latest): codes and names."""
    number = cache.latest_version() if version is None else int(version)
    return once_per_run("recipients", number, lambda: cache.metric("recipients", version=number))


def recipient_name(code: str) -> str:
    """The display name of recipient ``code`` in the data version shown (a pinned link shows the names it had)."""
    shown = cache.shown_version()
    options = recipient_options(shown)
    names = once_per_run("recipient_names", shown,
                         lambda: {str(c): str(n) for c, n in zip(options["recipient_code"], options["recipient"])})
    return names.get(code, code)


def page_name(page) -> str:
    """The page's name in state.PAGE_PARAMS (its URL path; the default page is ``overview``)."""
    return getattr(page, "url_path", "") or "overview"


def page_params(name: str) -> tuple[str, ...]:
    return state.PAGE_PARAMS.get(name, state.PARAMS)


def _url_params() -> dict[str, object]:
    """The view's parameters in the URL: a string each, or a list when a key is repeated."""
    found: dict[str, object] = {}
    for name in state.PARAMS:
        values = st.query_params.get_all(name)
        if values:
            found[name] = values[0] if len(values) == 1 else list(values)
    return found


def _parse(params: dict[str, object]) -> tuple[state.ViewState, list[str]]:
    latest = cache.latest_version()
    suppliers = cache.metric("suppliers", version=latest)
    return state.parse(
        params, known_recipients=recipient_options()["recipient_code"].tolist(),
        known_suppliers=suppliers["supplier_code"].tolist(), latest_version=latest,
        year_bounds=config.YEAR_BOUNDS, categories=CATEGORIES,
    )


def _write_url(shown: state.ViewState, name: str) -> None:
    """Make the URL's view parameters exactly those of ``shown`` on page ``name`` (others are left alone)."""
    wanted = state.to_params(shown, page_params(name))
    if _url_params() != wanted:
        for param in state.PARAMS:
            if param in st.query_params and param not in wanted:
                del st.query_params[param]
        st.query_params.update(wanted)
    st.session_state[_WRITTEN_KEY] = wanted


def start(page) -> list[str]:
    """Set up the session's view for ``page`` (the entry calls this once per run, before ``page.run()``).

    Reads a link's parameters into the view, keeps the URL in step; returns a notice per refused value.
    """
    ss = st.session_state
    ss[_RUN_MEMO_KEY] = {}
    name = page_name(page)
    incoming = _url_params()
    notices: list[str] = []
    if VIEW_KEY not in ss:
        ss[VIEW_KEY], notices = _parse(incoming)
    elif incoming and incoming != ss.get(_WRITTEN_KEY):
        parsed, notices = _parse(incoming)
        ss[VIEW_KEY] = ss[VIEW_KEY].replace(**{_ATTRS.get(p, p): getattr(parsed, _ATTRS.get(p, p))
                                               for p in page_params(name)})
    ss[PAGE_KEY] = name
    ss[cache.PINNED_VERSION_KEY] = ss[VIEW_KEY].v
    _write_url(ss[VIEW_KEY], name)
    return notices


def view() -> state.ViewState:
    """The current view (recipient, years, pinned version, ...); the default view before ``start`` ran."""
    return st.session_state.get(VIEW_KEY, state.ViewState())


def update(**changes: object) -> None:
    """Change fields of the view (widgets' callbacks); the URL follows on the next run."""
    st.session_state[VIEW_KEY] = view().replace(**changes)


def current_page() -> str:
    """The name of the page this run shows."""
    return st.session_state.get(PAGE_KEY, "overview")
