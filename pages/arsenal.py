"""Arsenal: a recipient's equipment by country of origin — published estimates and an estimate from deliveries."""

import streamlit as st

from armsdash.charts import dependency_charts as charts
from armsdash.readings import dependency, sourcing
from armsdash.web import app, blocks, briefing, cache, escape
from armsdash.web.view import recipient_name, view

app.require_entry()
recipient = view().recipient
name = recipient_name(recipient)
st.title(f"{escape.plain(name)}: arsenal by origin")
st.info(dependency.SHARE_VS_STOCK)

st.subheader("Published estimates")
inventory = cache.metric("inventory_by_origin", recipient=recipient)
if inventory.empty:
    st.info(f"No published estimate of {escape.plain(name)}'s inventory by origin in the data.")
else:
    blocks.chart(blocks.figure(charts.inventory_published, inventory, source=sourcing.source_line(inventory),
                               title=f"{name}: share of the inventory by origin, as published"), key="ars_published",
                 data=dependency.inventory_table(inventory), name="inventory by origin")

st.subheader("Estimate from deliveries")
releases = cache.metric("deal_releases", recipient=recipient)
bounds = dependency.year_bounds(releases)
if bounds is None:
    st.info(f"No SIPRI deals for {escape.plain(name)} are loaded, so no estimate from deliveries can be made.")
else:
    left, middle, right = st.columns(3)
    as_of = left.number_input("In service in", bounds[0], bounds[1] + 10, bounds[1], key="ars_as_of")
    measure = middle.radio("Measure", ["tiv", "units"], key="ars_measure", horizontal=True,
                           format_func={"tiv": "SIPRI TIV", "units": "units"}.get)
    combine = right.toggle("Count the Soviet Union with Russia", value=True, key="ars_combine")
    estimate = cache.metric("arsenal_from_deliveries", recipient=recipient, as_of=int(as_of),
                            combine_russia=int(combine))
    source = dependency.deals_source_line(releases)
    gap = dependency.coverage_warning(releases, estimate, int(as_of))
    if gap:
        st.warning(escape.plain(gap))
    if estimate.empty:
        st.info(f"No delivered weapon is still within its assumed service life in {as_of}.")
    else:
        blocks.chart(blocks.figure(
            charts.arsenal_estimate, estimate, measure=measure, source=source,
            title=f"{name}: equipment in service in {as_of} by origin",
            assumption=dependency.assumption_text(estimate, int(as_of))), key="ars_estimate")

    st.subheader("Russia's weight: how the figures differ")
    combined = cache.metric("arsenal_from_deliveries", recipient=recipient, as_of=int(as_of), combine_russia=1)
    published = cache.metric("published_shares_by_period", recipient=recipient)
    figures = dependency.russia_figures(combined, inventory, published)
    if figures.empty:
        st.info(f"No figures on Russian-origin equipment for {escape.plain(name)}.")
    else:
        cited = source + " · " + sourcing.source_line(sourcing.combine(inventory, published))
        blocks.chart(blocks.figure(charts.russia_figures, figures, source=cited,
                                   title="Share of Russian (incl. Soviet) origin, by measure"), key="ars_russia")
        for row in figures.itertuples(index=False):
            st.caption(f"**{escape.plain(row.figure)}** ({escape.plain(row.kind)}): {escape.plain(row.basis)}")
        st.caption("They differ because they count different things: what arrived recently (imports), what is "
                   "still in service by an assumed service life (this estimate), and what analysts counted as "
                   "in service by their own, unstated or narrower, basis (the published estimates).")
blocks.sources_panel(sourcing.combine(inventory))
briefing.view_outputs(f"{name}: arsenal by origin", sources=sourcing.combine(inventory))
