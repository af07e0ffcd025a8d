"""Data versions and links: version labels, the pinned-data banner, the view's link and "Copy link"."""

from __future__ import annotations

import urllib.parse

import pandas as pd
import streamlit as st

from armsdash.charts import exports
from armsdash.web import cache, state
from armsdash.web.view import current_page, once_per_run, page_params, update, view

IMAGE_FORMAT_KEY = "view_image_format"


def _version_date(number: int) -> str | None:
    latest = cache.latest_version()

    def dates() -> dict[int, str]:
        rows = cache.metric("data_versions", version=latest)
        return {int(v): str(d) for v, d in zip(rows["version"], rows["created_date"]) if pd.notna(d)}

    # a dict once per run: the label is asked for by every chart, link and banner
    return once_per_run("version_dates", latest, dates).get(int(number))


def version_label(version: int | None = None) -> str:
    """``Data version N (YYYY-MM-DD)`` for ``version`` (default: the version shown)."""
    number = cache.shown_version() if version is None else int(version)
    date = _version_date(number)
    return f"Data version {number} ({date})" if date else f"Data version {number}"


def _unpin() -> None:
    update(v=None)


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
    name = current_page()
    current = view().replace(v=cache.shown_version() if pinned else None)
    query = urllib.parse.urlencode(state.to_params(current, page_params(name)))
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
    # Lazy, like the Sources panel: the links and the format choice are sent only once it is opened.
    with st.sidebar.popover("Copy link", icon=":material/link:", width="stretch", key="copy_link_open",
                            on_change="rerun") as box:
        if not box.open:
            return
        st.caption(f"Pinned to {version_label().lower()}: readers see these numbers even after later uploads.")
        st.code(view_link(pinned=True), language=None, wrap_lines=True)
        st.caption("Always the latest data:")
        st.code(view_link(pinned=False), language=None, wrap_lines=True)
        st.radio("Chart image downloads", exports.IMAGE_FORMATS, key=IMAGE_FORMAT_KEY, horizontal=True,
                 format_func={"png": "PNG (slides)", "svg": "SVG (print)"}.get, persist_state="session")
