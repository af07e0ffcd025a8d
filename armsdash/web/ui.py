"""Widgets and blocks that several pages share. Pages call these; they hold no logic of their own."""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Iterator

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from armsdash import config
from armsdash.charts import exports
from armsdash.contracts import CATEGORIES, CONTRACTS
from armsdash.ingest import templates
from armsdash.readings import sourcing
from armsdash.readings.headlines import Headline
from armsdash.web import auth, cache, state

PAGES = (
    ("pages/overview.py", "Overview", ""),
    ("pages/suppliers.py", "Suppliers", "suppliers"),
    ("pages/arsenal.py", "Arsenal", "arsenal"),
    ("pages/deliveries.py", "Deliveries", "deliveries"),
    ("pages/exposure.py", "Exposure", "exposure"),
    ("pages/update_data.py", "Update data", "update"),
)
_ENTRY_KEY = "_ui_entry_run"


def navigate():
    """The app's pages (``st.navigation``); returns the page this run shows."""
    return st.navigation([st.Page(path, title=title, url_path=url or None, default=not url)
                          for path, title, url in PAGES])


@contextlib.contextmanager
def entry_run() -> Iterator[None]:
    """Mark the page run that the entry drives (``dashboard.py`` wraps ``page.run()`` in it)."""
    st.session_state[_ENTRY_KEY] = True
    try:
        yield
    finally:
        st.session_state.pop(_ENTRY_KEY, None)


def require_entry() -> None:
    """Make sure ``dashboard.py`` drives this run; every page calls this first.

    With a ``pages/`` folder beside the entry script, Streamlit runs a page file alone (its old
    multipage mode) until some session has called ``st.navigation``; a fresh server's first deep
    link (``/deliveries?...``) would show the page without the entry's view and sidebar. Calling
    ``st.navigation`` is Streamlit's documented way out of that mode; the rerun then runs the
    entry, which opens the same page (a page's identity is its URL path).
    """
    if not st.session_state.get(_ENTRY_KEY):
        navigate()
        st.rerun()


_RUN_MEMO_KEY = "_ui_run_memo"


def _once_per_run(name: str, version: int, compute):
    """``compute()``, at most once per script run and data version (the sidebar, labels and links ask many times)."""
    memo = st.session_state.setdefault(_RUN_MEMO_KEY, {})
    if (name, version) not in memo:
        memo[(name, version)] = compute()
    return memo[(name, version)]


def recipient_options() -> pd.DataFrame:
    """Recipients that have data in the latest version: codes and names."""
    latest = cache.latest_version()
    return _once_per_run("recipients", latest, lambda: cache.metric("recipients", version=latest))


# -- the view and its link --------------------------------------------------------------------------
# The view (a state.ViewState) lives in st.session_state[VIEW_KEY] for the whole session, so it
# survives page changes; the URL is rewritten from it on every run. The URL is read into the
# view on a session's first run, and later only when it holds parameters this session did not
# write (a link followed inside the app, or the browser's back button). Widgets are not bound
# to the URL natively (bind="query-params"): that writes a selectbox's label, not its code,
# and cannot accept a country name or tell the reader why a value was refused.

VIEW_KEY = "view_state"
_WRITTEN_KEY = "view_params_written"
_NOTICES_KEY = "view_notices"
_PAGE_KEY = "view_page"
_CHARTS_KEY = "view_charts"
_FORMAT_KEY = "view_image_format"


def _page_name(page) -> str:
    """The page's name in state.PAGE_PARAMS (its URL path; the default page is ``overview``)."""
    return getattr(page, "url_path", "") or "overview"


def _page_params(name: str) -> tuple[str, ...]:
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


def _write_url(view: state.ViewState, page_name: str) -> None:
    """Make the URL's view parameters exactly those of ``view`` on this page (others are left alone)."""
    wanted = state.to_params(view, _page_params(page_name))
    if _url_params() != wanted:
        for name in state.PARAMS:
            if name in st.query_params and name not in wanted:
                del st.query_params[name]
        st.query_params.update(wanted)
    st.session_state[_WRITTEN_KEY] = wanted


def start_view(page) -> state.ViewState:
    """Set up the session's view for ``page`` (the entry calls this once per run, before ``page.run()``).

    Reads a link's parameters, shows a notice for each refused value, shows the pinned-data
    banner, the sidebar's recipient picker and "Copy link", and keeps the URL in step.
    """
    ss = st.session_state
    ss[_RUN_MEMO_KEY] = {}
    name = _page_name(page)
    incoming = _url_params()
    if VIEW_KEY not in ss:
        ss[VIEW_KEY], ss[_NOTICES_KEY] = _parse(incoming)
    elif incoming and incoming != ss.get(_WRITTEN_KEY):
        parsed, ss[_NOTICES_KEY] = _parse(incoming)
        attrs = {"from": "year_from", "to": "year_to"}
        ss[VIEW_KEY] = ss[VIEW_KEY].replace(**{attrs.get(p, p): getattr(parsed, attrs.get(p, p))
                                               for p in _page_params(name)})
    ss[_PAGE_KEY] = name
    ss[_CHARTS_KEY] = []
    ss[cache.PINNED_VERSION_KEY] = ss[VIEW_KEY].v
    recipient_selector()
    view = ss[VIEW_KEY]
    _write_url(view, name)
    for notice in ss.pop(_NOTICES_KEY, None) or []:
        st.info(notice, icon=":material/link_off:")
    pinned_banner()
    copy_link()
    return view


def view() -> state.ViewState:
    """The current view (recipient, years, pinned version, ...); the default view before ``start_view`` ran."""
    return st.session_state.get(VIEW_KEY, state.ViewState())


def _set_field(field: str, key: str, from_widget) -> None:
    """Widget callback: copy the widget's value into the view."""
    st.session_state[VIEW_KEY] = view().replace(**{field: from_widget(st.session_state[key])})


def _bound(field: str, key: str, to_widget, from_widget) -> dict:
    """Seed widget ``key`` from the view (unless it already shows it); return its callback kwargs."""
    if key not in st.session_state or from_widget(st.session_state[key]) != getattr(view(), field):
        st.session_state[key] = to_widget(getattr(view(), field))
    return {"key": key, "on_change": _set_field, "args": (field, key, from_widget)}


def recipient_selector() -> str:
    """The sidebar's recipient picker, kept in the URL as ``?recipient=ISO3``; returns the code."""
    options = recipient_options()
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
        ss[VIEW_KEY] = view().replace(year_from=None if first == lo else first, year_to=None if last == hi else last)

    first, last = st.slider(label, lo, hi, key=key, on_change=store, step=1)
    return int(first), int(last)


PERIOD_LABELS = {"5y": "Five-year periods", "year": "Yearly"}


def period_switch(*, label: str = "Show") -> str:
    """Five-year periods or yearly, kept in the URL as ``period``; returns ``5y`` or ``year``."""
    kwargs = _bound("period", "view_period", lambda p: p, str)
    return st.radio(label, state.PERIODS, format_func=PERIOD_LABELS.get, horizontal=True, **kwargs)


def supplier_focus(options: dict[str, str], *, label: str = "Supplier") -> str | None:
    """A supplier picker (``options``: code -> name) with "All suppliers", kept in the URL as ``supplier``."""
    choices = [None, *options]
    kwargs = _bound("supplier", "view_supplier", lambda c: c if c in options else None, lambda c: c)
    return st.selectbox(label, choices, format_func=lambda c: "All suppliers" if c is None else options[c],
                        **kwargs)


def category_filter(categories=None, *, label: str = "Category") -> str | None:
    """An equipment-category picker with "All categories", kept in the URL as ``category``."""
    choices = [None, *(categories or CATEGORIES)]
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


# -- pinned versions and links ----------------------------------------------------------------------

def _versions() -> pd.DataFrame:
    latest = cache.latest_version()
    return _once_per_run("data_versions", latest, lambda: cache.metric("data_versions", version=latest))


def _version_date(number: int) -> str | None:
    latest = cache.latest_version()

    def dates() -> dict[int, str]:
        rows = _versions()
        return {int(v): str(d) for v, d in zip(rows["version"], rows["created_date"]) if pd.notna(d)}

    # a dict once per run: the label is asked for by every chart, link and banner
    return _once_per_run("version_dates", latest, dates).get(int(number))


def version_label(version: int | None = None) -> str:
    """``Data version N (YYYY-MM-DD)`` for ``version`` (default: the version shown)."""
    number = cache.shown_version() if version is None else int(version)
    date = _version_date(number)
    return f"Data version {number} ({date})" if date else f"Data version {number}"


def _unpin() -> None:
    st.session_state[VIEW_KEY] = view().replace(v=None)


def pinned_banner() -> None:
    """On a pinned view: which data version it shows and, if there is newer data, a way to the latest."""
    pinned = view().v
    if pinned is None:
        return
    latest = cache.latest_version()
    if pinned < latest:
        st.info(f"Data as of version {pinned} ({_version_date(pinned)}) — newer data available "
                f"(version {latest}, {_version_date(latest)}).", icon=":material/history:")
        st.button("View latest", on_click=_unpin, key="view_latest")
    else:
        st.caption(f"Pinned to {version_label(pinned).lower()}, the latest.")


def view_link(*, pinned: bool = True) -> str:
    """The link to this view on this page; ``pinned`` adds ``v`` (the version shown) so its numbers never change."""
    name = st.session_state.get(_PAGE_KEY, "overview")
    current = view().replace(v=cache.shown_version() if pinned else None)
    query = urllib.parse.urlencode(state.to_params(current, _page_params(name)))
    path = "" if name == "overview" else name
    base = "/"
    url = st.context.url
    if url:
        parts = urllib.parse.urlsplit(url)
        prefix = parts.path.rstrip("/")
        for page_path in state.PAGE_PARAMS:
            if prefix.endswith("/" + page_path):
                prefix = prefix[: -len(page_path) - 1]
        base = f"{parts.scheme}://{parts.netloc}{prefix}/"
    return base + path + (f"?{query}" if query else "")


def copy_link() -> None:
    """The sidebar's "Copy link": a link pinned to the data shown, and one that always shows the latest."""
    # Lazy, like the Sources panel: the links and the format choice are sent only once it is opened
    # (two code blocks, a radio and captions on every run otherwise, drawn beside each page's first chart).
    with st.sidebar.popover("Copy link", icon=":material/link:", width="stretch", key="copy_link_open",
                            on_change="rerun") as box:
        if not box.open:
            return
        st.caption(f"Pinned to {version_label().lower()}: readers see these numbers even after later uploads.")
        st.code(view_link(pinned=True), language=None, wrap_lines=True)
        st.caption("Always the latest data:")
        st.code(view_link(pinned=False), language=None, wrap_lines=True)
        st.radio("Chart image downloads", exports.IMAGE_FORMATS, key=_FORMAT_KEY, horizontal=True,
                 format_func={"png": "PNG (slides)", "svg": "SVG (print)"}.get, persist_state="session")


def recipient_name(code: str) -> str:
    """The display name of recipient ``code``."""
    latest = cache.latest_version()
    names = _once_per_run("recipient_names", latest,
                          lambda: {str(c): str(n) for c, n in zip(recipient_options()["recipient_code"],
                                                                  recipient_options()["recipient"])})
    return names.get(code, code)


def headline_row(headlines: list[Headline]) -> None:
    """Show headline figures side by side, each with its detail and source."""
    for column, item in zip(st.columns(len(headlines)), headlines):
        with column:
            label = f"{item.label} (estimate)" if item.is_estimate else item.label
            st.metric(label, item.value)
            st.caption(item.detail)
            if item.source:
                st.caption(item.source)


def figure(build_figure, *args, **kwargs) -> go.Figure:
    """``build_figure(*args, **kwargs)`` (a function of ``armsdash.charts``) labelled with the data version shown.

    Built once per data version and arguments and shared by every session (``cache.figure``): a
    rerun that shows the same chart again pays no Plotly validation.
    """
    return cache.figure(build_figure, version_label(), *args, **kwargs)


def chart(fig: go.Figure, *, key: str, data: pd.DataFrame | None = None, name: str | None = None,
          years: tuple[int, int] | None = None) -> None:
    """Show a figure full width as it will export, with "Download data (CSV)" and a "Table view" of ``data``.

    The data version is drawn into the figure's source line; the modebar's camera saves a
    1600×900 image named ``<recipient>-<name>-<years>``. The chart also goes into the
    page's "Download this view (HTML)".
    """
    shown = exports.add_version_label(fig, version_label())
    subject = recipient_name(view().recipient)
    config = exports.chart_config(name or key, subject=subject, years=years,
                                  image_format=st.session_state.get(_FORMAT_KEY, "png"))
    st.plotly_chart(shown, width="stretch", theme=None, key=key, config=config)
    st.session_state.setdefault(_CHARTS_KEY, []).append((shown, name or key, data))
    if data is not None:
        left, right = st.columns([1, 3])
        left.download_button("Download data (CSV)", data=lambda: exports.csv_bytes(data), mime="text/csv",
                             file_name=config["toImageButtonOptions"]["filename"] + ".csv",
                             on_click="ignore", key=f"{key}_csv", icon=":material/download:")
        with right.expander("Table view", key=f"{key}_table", on_change="rerun") as table:
            if table.open:  # sent only when opened: a closed table costs the page nothing
                st.dataframe(data, hide_index=True, width="stretch")


def snapshot_download(title: str, sources: pd.DataFrame | None = None) -> None:
    """A "Download this view (HTML)" button: the page's charts, their data and sources in one offline file."""
    charts = list(st.session_state.get(_CHARTS_KEY, []))
    frames = [data for _fig, _name, data in charts if data is not None]
    cited = sourcing.sources_of(sources if sources is not None else sourcing.combine(*frames))
    label = version_label()
    link = view_link(pinned=True)
    tables = {chart_name: data for _fig, chart_name, data in charts if data is not None}

    def build() -> bytes:
        return exports.snapshot_html(title, [fig for fig, _n, _d in charts], tables, cited, link, label).encode()

    st.download_button("Download this view (HTML)", data=build, mime="text/html", on_click="ignore",
                       file_name=exports.slug(recipient_name(view().recipient), st.session_state.get(_PAGE_KEY),
                                              f"v{cache.shown_version()}") + ".html",
                       key="view_snapshot", icon=":material/description:",
                       help="One file with the charts, their data and sources; opens without a network.")


def sources_panel(frame: pd.DataFrame, *, title: str = "Sources") -> None:
    """An expander listing the sources behind ``frame``, with dates and links, and the data version."""
    found = sourcing.sources_of(frame)
    # Lazy: the table is built and sent only once the panel is opened (a rerun), so it does not hold
    # up the first chart; every chart names its sources in its own source line meanwhile.
    with st.expander(f"{title} ({len(found)})", key="sources_panel", on_change="rerun") as panel:
        if not panel.open:
            return
        st.caption(version_label())
        st.dataframe(
            found.rename(columns={"source_title": "title", "source_publisher": "publisher",
                                  "source_date": "published", "source_url": "link"}),
            hide_index=True, width="stretch",
            column_config={"link": st.column_config.LinkColumn("link")},
        )


def editor_gate() -> bool:
    """Show the editor login and return True when this session may write.

    The password (``ARMSDASH_EDITOR_PASSWORD`` or ``[editor] password``) always works, offline too;
    where ``[auth]`` is configured, editors listed in ``[editor] emails`` may log in with the
    organisation's identity provider instead (``st.login``).
    """
    if st.session_state.get("editor"):
        return True
    oidc = auth.oidc_available(st.secrets)
    if oidc:
        if st.user.is_logged_in:
            if auth.oidc_editor(st.user.get("email"), st.secrets):
                return True
            st.warning("You are logged in, but your account is not listed as an editor ([editor] emails).")
        else:
            st.button("Log in with your organisation's account", on_click=st.login, key="oidc_login")
    if not auth.uploads_enabled(st.secrets):
        if not oidc:
            st.info(auth.HOW_TO_ENABLE)
        return False
    with st.form("login"):
        password = st.text_input("Editor password", type="password", key="password")
        if st.form_submit_button("Log in") and auth.check_password(password, st.secrets):
            st.session_state["editor"] = True
            st.rerun()
        elif password:
            st.error("Wrong password.")
    return False


def template_downloads() -> None:
    """An expander with, for each table users may upload, its template and its column guide."""
    with st.expander("Templates: download, fill in Excel, save as CSV UTF-8", key="templates_open",
                     on_change="rerun") as box:
        if not box.open:  # 21 elements and 14 files a run otherwise, for something opened rarely
            return
        for table, spec in CONTRACTS.items():
            label, template, guide = st.columns([3, 1, 1])
            label.markdown(f"**{spec.label}** (`{table}`): {spec.description}")
            template.download_button("Template", lambda t=table: templates.template_csv(t), f"{table}_template.csv",
                                     "text/csv", key=f"template_{table}", on_click="ignore")
            guide.download_button("Column guide", lambda t=table: templates.columns_csv(t), f"{table}_columns.csv",
                                  "text/csv", key=f"guide_{table}", on_click="ignore")


def finish_write(message: str) -> None:
    """After an upload or undo: drop cached figures, reset the uploader, show ``message`` on the rerun."""
    cache.invalidate()
    st.session_state["round"] = st.session_state.get("round", 0) + 1
    st.session_state["upload_done"] = message
    st.rerun()
