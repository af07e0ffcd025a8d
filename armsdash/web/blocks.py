"""Blocks pages show: headline figures, charts with their key sentence and data, the sources panel, the view's
snapshot; and the embed view (charts, key sentences and sources only)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from armsdash.charts import exports, sanctions_charts
from armsdash.readings import sourcing
from armsdash.readings.headlines import Headline
from armsdash.web import cache, escape
from armsdash.web.links import IMAGE_FORMAT_KEY, version_label, view_link
from armsdash.web.view import current_page, recipient_name, view

_CHARTS_KEY = "view_charts"
_HEADLINES_KEY = "view_headlines"


def embedded() -> bool:
    """True when the view is opened with Streamlit's embed option (``?embed=true``): charts, key sentences and
    sources only (``show_embedded``)."""
    return bool(st.context.is_embedded)


def headline_row(headlines: list[Headline]) -> None:
    """Show headline figures side by side, each with its detail and source (and keep them for the briefing pack)."""
    st.session_state.setdefault(_HEADLINES_KEY, []).extend(
        f"{item.label}{' (estimate)' if item.is_estimate else ''}: {item.value} — {item.detail}"
        for item in headlines)
    if embedded():
        return
    for column, item in zip(st.columns(len(headlines)), headlines):
        with column:
            label = f"{item.label} (estimate)" if item.is_estimate else item.label
            st.metric(label, escape.plain(item.value))  # a value may name a supplier; labels are the app's words
            st.caption(escape.plain(item.detail))
            if item.source:
                st.caption(escape.plain(item.source))


def headline_rows(headlines: list[Headline], *, per_row: int = 3) -> None:
    """``headlines`` in rows of ``per_row`` (``headline_row`` each)."""
    for start in range(0, len(headlines), per_row):
        headline_row(headlines[start:start + per_row])


def figure(build_figure, *args, **kwargs) -> go.Figure:
    """``build_figure(*args, **kwargs)`` (a function of ``armsdash.charts``) labelled with the data version shown.

    Built once per data version and arguments and shared by every session (``cache.figure``): a
    rerun that shows the same chart again pays no Plotly validation.
    """
    return cache.figure(build_figure, version_label(), *args, subject=recipient_name(view().recipient), **kwargs)


def start_page() -> None:
    """Forget the previous run's charts and headlines (the entry calls this before each page)."""
    st.session_state[_CHARTS_KEY] = []
    st.session_state[_HEADLINES_KEY] = []


def charts_shown() -> list[go.Figure]:
    """The figures this run has shown, in order (for the view's exports)."""
    return [fig for fig, _name, _data in st.session_state.get(_CHARTS_KEY, [])]


def charts_data() -> list[pd.DataFrame]:
    """The data behind this run's charts, where a page gave it."""
    return [data for _fig, _name, data in st.session_state.get(_CHARTS_KEY, []) if data is not None]


def headlines_shown() -> list[str]:
    """The headline figures this run has shown, one line each (for the briefing pack's cover)."""
    return list(st.session_state.get(_HEADLINES_KEY, []))


def _draw(fig: go.Figure, key: str, config: dict) -> None:
    """The chart, its key sentence under it and as its alternative text for screen readers."""
    sentence = exports.key_sentence(fig)
    st.plotly_chart(fig, width="stretch", theme=None, key=key, config=config, alt=sentence)
    if sentence:
        st.markdown(escape.plain(sentence))


def show_embedded() -> None:
    """Draw the charts this run recorded, each with its key sentence (its source is drawn into it): the embed view."""
    for index, (fig, name, _data) in enumerate(st.session_state.get(_CHARTS_KEY, [])):
        _draw(fig, f"embed_chart_{index}", exports.chart_config(name, subject=recipient_name(view().recipient)))


def chart(fig: go.Figure, *, key: str, data: pd.DataFrame | None = None, name: str | None = None,
          years: tuple[int, int] | None = None) -> None:
    """Show a figure full width as it will export, with "Download data (CSV)" and a "Table view" of ``data``.

    The data version is drawn into the figure's source line and its key sentence is shown under it; the modebar's
    camera saves a 1600×900 image named ``<recipient>-<name>-<years>``. The chart also goes into the
    page's "Download this view (HTML)" and briefing pack. Opened embedded, the chart is only recorded: the entry
    draws it after the page (``show_embedded``).
    """
    shown = exports.add_version_label(fig, version_label())
    config = exports.chart_config(name or key, subject=recipient_name(view().recipient), years=years,
                                  image_format=st.session_state.get(IMAGE_FORMAT_KEY, "png"))
    st.session_state.setdefault(_CHARTS_KEY, []).append((shown, name or key, data))
    if embedded():
        return
    _draw(shown, key, config)
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
                       file_name=exports.slug(recipient_name(view().recipient), current_page(),
                                              f"v{cache.shown_version()}") + ".html",
                       key="view_snapshot", icon=":material/description:",
                       help="One file with the charts, their data and sources; opens without a network.")


def sources_panel(frame: pd.DataFrame, *, title: str = "Sources") -> None:
    """An expander listing the sources behind ``frame``, with dates and links, and the data version."""
    found = sourcing.sources_of(frame)
    # Lazy: the table is built and sent only once the panel is opened (a rerun).
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


def table_panel(title: str, rows: Callable[[], pd.DataFrame], *, key: str, column_config: dict | None = None) -> None:
    """An expander showing the frame ``rows()`` returns as a table, made and sent only once opened (e.g. the rows
    behind a figure).

    Closed, it costs the page nothing: the rows are neither queried nor shaped, no table is sent, and the browser
    neither loads nor runs the table's code (1.2 MB of it, shared by every ``st.dataframe``) before the page's first
    chart. The row count is inside, not in the label: a label that changed with a filter would make a new panel,
    closed again.
    """
    with st.expander(title, key=key, on_change="rerun") as panel:
        if panel.open:
            frame = rows()
            st.caption(f"{len(frame):,} rows")
            st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config)


def with_events(fig: go.Figure, *, key: str, years: tuple[int, int], by_year: bool = False) -> go.Figure:
    """A "Mark events" toggle; when on, ``fig`` with the recipient's and every recipient's events of ``years`` marked.

    The events (table ``events``) name their sources under the toggle; ``by_year`` for a chart whose x axis is years.
    """
    if not st.toggle("Mark events (sanctions, contracts, deliveries, wars, policy)", key=key):
        return fig
    events = sanctions_charts.events_in(cache.metric("recipient_events", recipient=view().recipient), years)
    st.caption(sourcing.source_line(events, prefix="Event source") if not events.empty else "No events in these years.")
    return sanctions_charts.event_annotations(fig, events, by_year=by_year)
