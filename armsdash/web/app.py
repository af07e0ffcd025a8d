"""The app's frame: the pages, the navigation and what the entry (dashboard.py) does around each page."""

from __future__ import annotations

import streamlit as st

from armsdash import config
from armsdash.web import blocks, cache, escape, links, upload_check, view, widgets

# (file, title, url_path); the first is the default page, served at /
PAGES = (
    ("pages/overview.py", "Overview", None),
    ("pages/suppliers.py", "Suppliers", "suppliers"),
    ("pages/arsenal.py", "Arsenal", "arsenal"),
    ("pages/deliveries.py", "Deliveries", "deliveries"),
    ("pages/exposure.py", "Exposure", "exposure"),
    ("pages/sanctions.py", "Sanctions & industry", "sanctions"),
    ("pages/update.py", "Update data", "update"),
)

_ENTRY_RUN_KEY = "_app_entry_run"  # set by the entry while it runs a page


NOTICE_SECONDS = 5


def navigate():
    """Streamlit's navigation over PAGES (the public ``st.navigation``); returns the page to run.

    Embedded (``?embed=true``) the navigation is hidden: an intranet page shows one view.
    """
    pages = [st.Page(path, title=title, default=not url_path, **({"url_path": url_path} if url_path else {}))
             for path, title, url_path in PAGES]
    return st.navigation(pages, position="hidden" if blocks.embedded() else "sidebar")


def run_entry() -> None:
    """What dashboard.py does on every run: navigation, the view, the sidebar, then the page."""
    page = navigate()
    if page.url_path != "update":
        upload_check.forget(st.session_state)  # an upload's held check (as big as the file, twice) ends with its page
    cache.pin_version()  # one data version for everything this run shows
    notices = view.start(page)
    embedded = blocks.embedded()
    if not embedded:  # embedded: no sidebar, no banner; the view's link fixes what it shows
        widgets.recipient_selector()
        links.copy_link()
    for notice in notices:
        st.info(escape.plain(notice), icon=":material/link_off:")
    if not embedded:
        links.pinned_banner()
    if config.store_url() is not None:
        _shared_store_notice()
    blocks.start_page()
    st.session_state[_ENTRY_RUN_KEY] = True
    try:
        if embedded:
            _run_embedded(page)
        else:
            page.run()
    finally:
        st.session_state.pop(_ENTRY_RUN_KEY, None)


def _run_embedded(page) -> None:
    """Run ``page`` into a placeholder that is then cleared, and draw only its charts with their key sentences.

    The page's own drawing is left as it is (its widgets still read the view from the link); only the charts,
    which carry their source lines, stay. A page that stops early (an empty state) keeps its message.
    """
    page_area = st.empty()
    with page_area.container():
        page.run()
    page_area.empty()
    blocks.show_embedded()


@st.fragment(run_every=NOTICE_SECONDS)
def _shared_store_notice() -> None:
    """Team mode: the notice while PostgreSQL cannot be reached, looked at again every few seconds on its own, so a
    page left open says so (and stops saying so) without a click."""
    if notice := cache.shared_store_notice():
        st.warning(notice, icon=":material/cloud_off:")


def require_entry() -> None:
    """Make sure dashboard.py drives this run; every page calls this first.

    Until some session has called ``st.navigation``, Streamlit treats the ``pages/`` folder as an
    old-style multipage app, so a fresh server's first deep link (``/deliveries?...``) runs the page
    file alone. Calling the public ``st.navigation`` ends that mode; the rerun then runs the entry,
    which opens the same page (a page's id depends only on its URL path).
    """
    if not st.session_state.get(_ENTRY_RUN_KEY):
        navigate()
        st.rerun()
