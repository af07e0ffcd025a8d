"""Overview: a recipient's dependency on its suppliers at a glance."""

import datetime as dt

import streamlit as st

from armsdash.charts import base
from armsdash.readings import delivery_view, headlines, sourcing
from armsdash.web import app, blocks, briefing, cache, escape, state, widgets
from armsdash.web.view import recipient_name, view

app.require_entry()

recipient = view().recipient
name = recipient_name(recipient)
today, mine = dt.date.today().isoformat(), dict(recipient=recipient)
shares, inventory, overview, late = cache.metrics_at_once(
    ("published_shares_by_period", mine), ("inventory_by_origin", mine),
    ("delivery_overview", dict(mine, as_of=today)), ("late_programmes", dict(mine, as_of=today)))

st.title(f"{escape.plain(name)}: arms-supply dependency")
st.caption("Share of imports measures deliveries over five years (SIPRI TIV); share of inventory measures "
           "the equipment in service. They answer different questions and are shown apart.")
blocks.headline_row(headlines.import_headlines(shares) + [headlines.inventory_headline(inventory)])
blocks.headline_row(delivery_view.overview_headlines(overview))
if not late.empty:
    st.caption("  \n".join(escape.plain(line) for line in [delivery_view.late_caption(late),
                                                            *delivery_view.late_lines(late)]))
if shares.empty:
    st.info(f"No published supplier shares for {escape.plain(name)} in the data.")
else:
    years = widgets.year_range((int(shares["period_start"].min()), int(shares["period_end"].max())),
                               label="Five-year periods within")
    shown = state.rows_within(shares, years)
    figure = blocks.figure(
        base.published_shares_over_time, shown,
        title=f"{name}: suppliers' shares of arms imports, by five-year period",
        source=sourcing.source_line(shown) + " · SIPRI trend-indicator values",
    )
    figure = blocks.with_events(figure, key="overview_events", years=years, by_year=True)
    blocks.chart(figure, key="overview_shares", data=shown, name="supplier shares", years=years)
blocks.sources_panel(sourcing.combine(shares, inventory, late))
briefing.view_outputs(f"{name}: arms-supply dependency", sources=sourcing.combine(shares, inventory, late))
