"""Exposure: if this supplier stopped, what would be at risk."""

import datetime as dt

import streamlit as st

from armsdash import config
from armsdash.readings import delivery_view, releases, sourcing
from armsdash.web import app, blocks, briefing, cache, escape, widgets
from armsdash.web.view import recipient_name, view

app.require_entry()

recipient = view().recipient
name = recipient_name(recipient)
today, mine = dt.date.today().isoformat(), dict(recipient=recipient)
choices, inventory, shares = cache.metrics_at_once(
    ("delivery_choices", mine), ("inventory_by_origin", mine), ("published_shares_by_period", mine))

st.title(f"{escape.plain(name)}: if this supplier stopped")
options = delivery_view.exposure_supplier_choices(choices, inventory, shares)
if not options:
    st.info(f"No supplier data for {escape.plain(name)}.")
    st.stop()
fallback = config.RUSSIA_CODE if config.RUSSIA_CODE in options else next(iter(options))
supplier = widgets.supplier_picker(options, fallback=fallback)
prefer = widgets.release_choice(label="Recent imports: where two SIPRI releases cover a year, use")
exposure, backlog = cache.metrics_at_once(
    ("supplier_exposure", dict(mine, supplier=supplier, as_of=today, prefer=prefer)),
    ("delivery_backlog", dict(mine, supplier=supplier, as_of=today, top=delivery_view.SHOWN)))

st.caption("Inventory shares measure equipment in service (a stock, usually an estimate); import shares measure "
           "deliveries over five years (a flow). Programmes owed come from the delivery records, one claim each.")
figures = delivery_view.exposure_headlines(exposure)
for start in range(0, len(figures), 3):
    blocks.headline_row(figures[start:start + 3])
if not figures:
    st.info(f"No figures on {escape.plain(options[supplier])} as a supplier to {escape.plain(name)}.")
if recent := releases.recent_imports_years(exposure):
    used = cache.metric("tiv_year_sources", recipient=recipient, prefer=prefer, **dict(zip(("from", "to"), recent)))
    st.caption(f"{releases.RECENT_IMPORTS}: {releases.choice_note(used, prefer)}{releases.newer_release_clause(used)}")
if not backlog.empty:
    st.subheader(f"Programmes {escape.plain(options[supplier])} still owes")
    st.caption(delivery_view.shown_note(backlog, "the most value owed"))
    st.dataframe(delivery_view.backlog_table(backlog), hide_index=True, width="stretch", key="exposure_backlog",
                 column_config={"Link": st.column_config.LinkColumn("Link", display_text="source")})
blocks.sources_panel(sourcing.combine(exposure, backlog))
briefing.view_outputs(f"{name}: if this supplier stopped", sources=sourcing.combine(exposure, backlog))
