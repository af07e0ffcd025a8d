"""Suppliers: each supplier's share of a recipient's arms imports, how concentrated they are, and comparisons."""

import streamlit as st

from armsdash.charts import dependency_charts as charts
from armsdash.readings import dependency, releases
from armsdash.web import app, blocks, briefing, cache, escape, widgets
from armsdash.web.view import recipient_name, recipient_options, view

app.require_entry()
recipient = view().recipient
name = recipient_name(recipient)
st.title(f"{escape.plain(name)}: suppliers of major arms")
prefer = widgets.release_choice()
loaded = cache.metric("tiv_releases", recipient=recipient, prefer=prefer)
bounds = dependency.year_bounds(loaded)
if bounds is None:
    st.info(f"No SIPRI deliveries to {escape.plain(name)} are loaded, so shares cannot be computed. Load a SIPRI "
            "export on Update data; published shares are on the Overview.")
    st.stop()

left, middle, right = st.columns(3)
with left:
    by = "period" if widgets.period_switch(label="Shares by") == "5y" else "year"
form = middle.radio("Chart", ["stacked bars", "lines"], key="sup_form", horizontal=True)
top = right.slider("Suppliers shown (the rest as Other)", 1, 10, 5, key="sup_top")
first, last = widgets.year_range(bounds)
combine = st.toggle("Count the Soviet Union with Russia", value=True, key="sup_combine")
params = {"recipient": recipient, "from": first, "to": last, "combine_russia": int(combine), "prefer": prefer}
used = cache.metric("tiv_year_sources", recipient=recipient, prefer=prefer, **{"from": first, "to": last})
source = dependency.sipri_source_line(loaded) + releases.newer_release_clause(used)
st.caption(releases.choice_note(used, prefer))

shares = cache.metric("supplier_shares_by_period" if by == "period" else "supplier_shares_by_year", top=top, **params)
if shares.empty:
    st.info(f"No deliveries to {escape.plain(name)} in {first}–{last}.")
else:
    draw = charts.shares_stacked if form == "stacked bars" else charts.shares_lines
    figure = blocks.figure(draw, shares, by=by, source=source,
                           title=f"{name}: suppliers' shares of arms imports, {first}–{last}")
    if by == "year":  # events sit at their year; five-year periods have no place for them
        figure = blocks.with_events(figure, key="sup_events", years=(first, last), by_year=True)
    blocks.chart(figure, key="sup_shares", data=shares, name="supplier shares", years=(first, last))
if loaded["method"].eq("register_even_split").any():
    st.caption("Years covered only by SIPRI's classic trade register split each deal's TIV evenly over its "
               "delivery years (the register does not give the yearly split), so those shares are approximate.")
blocks.table_panel("Which SIPRI release each year comes from", lambda: releases.year_sources_table(used),
                   key="sup_year_sources")

st.subheader("Published shares beside computed ones")
compared = cache.metric("published_vs_computed", recipient=recipient)
if compared.empty:
    st.info(f"No published supplier shares for {escape.plain(name)} in the data.")
else:
    blocks.chart(blocks.figure(charts.published_vs_computed, compared,
                               title="SIPRI's published share and the share computed here",
                               source=dependency.matched_release_line(compared)), key="sup_pvc",
                 data=dependency.comparison_table(compared), name="published and computed shares")

st.subheader("Concentration")
window = 5 if st.toggle("Rolling five-year window", value=True, key="sup_rolling") else 1
concentration = cache.metric("concentration", window=window, **params)
st.markdown(escape.plain(dependency.concentration_reading(concentration, name)))
blocks.chart(blocks.figure(charts.concentration_lines, concentration, source=source,
                           title=f"{name}: supplier concentration (Herfindahl–Hirschman index)"),
             key="sup_hhi", data=concentration, name="concentration", years=(first, last))

st.subheader("Compare recipients")
options = recipient_options(cache.shown_version())
chosen = widgets.compare_picker(dict(zip(options["recipient_code"], options["recipient"])), label="Recipients (2–5)")
if not chosen:
    st.info("Choose two to five recipients to compare, e.g. India, Pakistan, China, Viet Nam and Egypt.")
else:
    compare = cache.metric("concentration_compare", recipients=",".join(chosen), window=window,
                           **{k: v for k, v in params.items() if k != "recipient"})
    blocks.chart(blocks.figure(charts.concentration_compare, compare, title="Supplier concentration compared",
                               source=source), key="sup_compare_chart", data=compare,
                 name="concentration compared", years=(first, last))
blocks.sources_panel(compared)
briefing.view_outputs(f"{name}: suppliers of major arms", sources=compared)
