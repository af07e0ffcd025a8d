"""Sanctions & industry: who makes what a recipient fields, who is listed, what is built at home."""

import streamlit as st

from armsdash.charts import sanctions_charts as charts
from armsdash.readings import dependency, industry, sourcing
from armsdash.web import app, blocks, briefing, cache, escape, widgets
from armsdash.web.view import recipient_name, view

app.require_entry()
recipient = view().recipient
name = recipient_name(recipient)
st.title(f"{escape.plain(name)}: sanctions and industry")
day = widgets.date_picker(label="Listings in force on").isoformat()
on_day = {"recipient": recipient, "as_of": day}

st.subheader("Systems by origin: maker, licence producer, listings")
systems, exposure = cache.metrics_at_once(("industry_systems", on_day), ("sanctions_exposure", on_day))
if systems.empty:
    st.info(escape.plain(industry.no_systems(name)))
else:
    blocks.table_panel("The systems", lambda: industry.systems_table(systems), key="sanc_systems")
    checked = industry.licence_check(systems, cache.metric("licence_figures"))
    st.caption(escape.plain(f"{checked} {industry.LOCAL_NOTE}"))

st.subheader("Exposure to listed makers")
st.caption(industry.EXPOSURE_NOTE)
st.markdown(escape.plain(industry.exposure_sentence(exposure, name, day)))
blocks.headline_rows(industry.exposure_headlines(exposure), per_row=2)
if not exposure.empty:
    blocks.chart(blocks.figure(charts.exposure_bars, exposure, source=sourcing.source_line(exposure),
                               title=f"{name}: share whose maker is listed on {day}, by authority and kind"),
                 key="sanc_exposure", data=exposure, name="exposure to listed makers")
    blocks.table_panel("Rows behind each figure", lambda: cache.metric("sanctions_exposure_rows", **on_day),
                       key="sanc_rows")

st.subheader("Listings and events beside the supplier shares")
timeline = cache.metric("sanctions_timeline", recipient=recipient)
bounds = dependency.year_bounds(releases := cache.metric("tiv_releases", recipient=recipient))
left, right = st.columns(2)
with left:
    if timeline.empty:
        st.info(escape.plain(f"No listings of {name}'s makers and no events in the data."))
    else:
        blocks.chart(blocks.figure(charts.timeline, timeline, source=sourcing.source_line(timeline),
                                   title="Listings of the makers and their parents, and events"),
                     key="sanc_timeline", data=timeline, name="listings and events")
with right:
    if bounds is None:
        st.info(escape.plain(f"No SIPRI deliveries to {name} are loaded, so supplier shares cannot be computed."))
    else:
        shares = cache.metric("supplier_shares_by_year", recipient=recipient, top=5, combine_russia=1,
                              **{"from": max(bounds[0], 2000), "to": bounds[1]})
        blocks.chart(blocks.figure(charts.shares_lines_with_events, shares, timeline,
                                   source=dependency.sipri_source_line(releases),
                                   title=f"{name}: suppliers' shares of imports by year, sanctions marked"),
                     key="sanc_shares", data=shares, name="supplier shares")

st.subheader("Co-producing spares: the maker's parents and their listings")
if (parents := cache.metric("maker_parents", **on_day)).empty:
    st.info(escape.plain(industry.no_systems(name)))
else:
    blocks.table_panel("The makers and their parents", lambda: industry.parents_table(parents), key="sanc_parents")

st.subheader("Built at home: licence production read from SIPRI's register")
licence = cache.metric("licence_share_by_origin", recipient=recipient)
if licence.empty:
    st.info(escape.plain(f"No SIPRI deals of {name} are loaded."))
else:
    measure = st.radio("Measure", ["units", "tiv"], key="sanc_measure", horizontal=True,
                       format_func={"units": "units delivered", "tiv": "SIPRI TIV"}.get)
    blocks.chart(blocks.figure(charts.licence_lines, industry.main_origins(licence), measure=measure,
                               source=dependency.deals_source_line(cache.metric("deal_releases", recipient=recipient)),
                               title=f"{name}: share of each origin's deliveries built in {name}"),
                 key="sanc_licence", data=licence, name="licence production")
    blocks.table_panel("Deals behind it, as each comment reads", key="sanc_licence_deals",
                       rows=lambda: cache.metric("licence_deals", recipient=recipient))
cited = sourcing.combine(cache.metric("industry_sources", recipient=recipient), exposure, timeline)
blocks.sources_panel(cited)
briefing.view_outputs(f"{name}: sanctions and industry", sources=cited)
