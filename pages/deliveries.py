"""Deliveries: coming next."""

from armsdash import ui

ui.coming_next('Deliveries', [
    'Contracted programmes on a timeline: promised against actual or expected delivery',
    "Each supplier's delivery track record",
])
