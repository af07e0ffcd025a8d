"""Deliveries: every contracted programme on a timeline, suppliers' track records, SIPRI lead times."""

import datetime as dt

import streamlit as st

from armsdash.charts import delivery_charts
from armsdash.readings import delivery_view, sourcing
from armsdash.web import app, blocks, briefing, cache, escape, widgets
from armsdash.web.view import recipient_name, view

app.require_entry()

recipient = view().recipient
name = recipient_name(recipient)
today, mine = dt.date.today().isoformat(), dict(recipient=recipient)
ALL, SHOWN = delivery_view.ALL, delivery_view.SHOWN
cache.prefetch(("supplier_track_record", dict(mine, as_of=today)))  # unfiltered, as first drawn: runs meanwhile
everything, choices, lead_times = cache.metrics_at_once(
    ("delivery_delays", dict(mine, as_of=today, top=SHOWN)), ("delivery_choices", mine), ("sipri_lead_times", mine))

st.title(f"{escape.plain(name)}: deliveries and delays")
st.caption(delivery_view.DATA_NOTE)
if choices.empty:
    st.info(f"No delivery records for {escape.plain(name)} in the data. Upload them on Update data.")
    st.stop()

first, last = delivery_view.contract_years(choices)
left, middle, right = st.columns(3)
with left:
    supplier = widgets.supplier_picker({c: n for c, n in delivery_view.supplier_choices(choices).items()
                                        if c != ALL})
with middle:
    category = widgets.category_picker([c for c in delivery_view.category_choices(choices) if c != ALL])
with right:
    years = widgets.year_range((first, max(last, first + 1)), label="Contract signed")
supplier, category = supplier or ALL, category or ALL
filters = dict(mine, as_of=today, category=category, **delivery_view.contract_span(years, first, last))

delays = (everything if delivery_view.keeps_everything(everything, supplier, category, years)
          else cache.metric("delivery_delays", supplier=supplier, top=SHOWN, **filters))
claims, cited_by = delivery_view.claims_of(delays), sourcing.source_line(delays)
st.subheader("Promised against actual or expected delivery")
st.markdown(delivery_view.CLAIM_RULE)
st.caption(escape.plain(delivery_view.shown_note(delays) + " " + delivery_view.exclusion_note(delays)))

blocks.chart(blocks.with_events(blocks.figure(
    delivery_charts.delivery_timeline, delays, as_of=dt.date.fromisoformat(today), claims=claims,
    title=f"{name}: contracted programmes, promised vs actual or expected delivery",
    source=cited_by + " · delivery records"), key="deliveries_events", years=(years[0], 2100)),
    key="deliveries_timeline")
blocks.table_panel("Programmes: dates, delays and who says what", lambda: delivery_view.programme_table(delays),
                   key="deliveries_table", column_config={"Link": st.column_config.LinkColumn(display_text="source"),
                                                          "Contract": st.column_config.NumberColumn(format="%d")})
with st.expander("How dates and delays are counted"):
    st.markdown(delivery_view.DATE_RULE)

track = cache.metric("supplier_track_record", **filters)
st.subheader("Supplier track record")
st.caption("On time = delivered no later than the promised month, as a share of programmes due (delivered, or "
           "open past their promise). The category and contract filters apply; the supplier filter does not.")
blocks.chart(blocks.figure(
    delivery_charts.supplier_comparison, track, title=f"{name}: suppliers' delivery track record",
    source=cited_by +
    " · delivery records, one claim per programme"), key="deliveries_suppliers",
    data=delivery_view.track_table(track), name="supplier track record")

st.subheader("Lead times in the SIPRI trade register")
if lead_times.empty:
    st.info("The SIPRI trade register is not loaded for this recipient; load it on Update data to see "
            "order-to-delivery lead times and undelivered orders for every deal.")
else:
    st.caption("Years from order to first and to last delivery (last only for orders delivered in full); "
               "undelivered = fewer units delivered than ordered, or nothing delivered yet. Source: SIPRI.")
    blocks.chart(blocks.figure(
        delivery_charts.lead_times, lead_times.head(20), source=delivery_view.lead_time_source(lead_times),
        title=f"{name}: order-to-delivery lead times (SIPRI register, 20 largest groups)"), key="deliveries_leads",
        data=lead_times, name="lead times")
blocks.sources_panel(cited := sourcing.combine(delays, claims))
briefing.view_outputs(f"{name}: deliveries and delays", sources=cited)
