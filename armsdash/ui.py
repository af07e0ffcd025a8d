"""Widgets and blocks that several pages share. Pages call these; they hold no logic of their own."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from armsdash import cache, config, countries, sourcing
from armsdash.headlines import Headline


def recipient_options() -> pd.DataFrame:
    """Recipients that have data in the current version: codes and names."""
    return cache.metric("recipients")


def recipient_selector() -> str:
    """The sidebar's recipient picker, kept in the URL as ``?recipient=ISO3``; returns the code.

    An unknown or tampered ``recipient`` in the URL falls back to the default with a notice.
    """
    options = recipient_options()
    names = dict(zip(options["recipient_code"], options["recipient"]))
    if "recipient" not in st.session_state:
        requested = st.query_params.get("recipient")
        code = countries.code_for(requested) if requested else None
        if requested and code not in names:
            st.session_state["recipient_notice"] = "The link's recipient is not in the data; showing the default."
        fallback = config.DEFAULT_RECIPIENT if config.DEFAULT_RECIPIENT in names else next(iter(names), None)
        st.session_state["recipient"] = code if code in names else fallback
    choice = st.sidebar.selectbox("Recipient country", list(names), format_func=names.get, key="recipient")
    notice = st.session_state.pop("recipient_notice", None)
    if notice:
        st.sidebar.caption(notice)
    if choice and st.query_params.get("recipient") != choice:
        st.query_params["recipient"] = choice
    return choice


def recipient_name(code: str) -> str:
    """The display name of recipient ``code``."""
    options = recipient_options()
    match = options.loc[options["recipient_code"] == code, "recipient"]
    return str(match.iloc[0]) if not match.empty else code


def headline_row(headlines: list[Headline]) -> None:
    """Show headline figures side by side, each with its detail and source."""
    for column, item in zip(st.columns(len(headlines)), headlines):
        with column:
            label = f"{item.label} (estimate)" if item.is_estimate else item.label
            st.metric(label, item.value)
            st.caption(item.detail)
            if item.source:
                st.caption(item.source)


def chart(fig: go.Figure, *, key: str) -> None:
    """Show a figure full width, looking as it will when exported."""
    st.plotly_chart(fig, width="stretch", theme=None, key=key, config={"displaylogo": False})


def sources_panel(frame: pd.DataFrame, *, title: str = "Sources") -> None:
    """An expander listing the sources behind ``frame``, with dates and links, and the data version."""
    found = sourcing.sources_of(frame)
    with st.expander(f"{title} ({len(found)})"):
        st.caption(f"Data version {cache.latest_version()}")
        st.dataframe(
            found.rename(columns={"source_title": "title", "source_publisher": "publisher",
                                  "source_date": "published", "source_url": "link"}),
            hide_index=True, width="stretch",
            column_config={"link": st.column_config.LinkColumn("link")},
        )


def coming_next(title: str, items: list[str]) -> None:
    """A placeholder page that says what it will show."""
    st.title(title)
    st.info("This page is coming next. It will show:")
    for item in items:
        st.markdown(f"- {item}")
