"""Suppliers: coming next."""

from armsdash import ui

ui.require_entry()

ui.coming_next('Suppliers', [
    "Each supplier's share of imports (SIPRI TIV) by five-year period and by year",
    'Concentration: top-supplier share and the Herfindahl–Hirschman index',
    'Published shares beside computed ones',
])
