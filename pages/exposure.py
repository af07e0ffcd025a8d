"""Exposure: coming next."""

from armsdash import ui

ui.coming_next('Exposure', [
    'What is at risk if one supplier stopped: inventory, programmes owed, recent imports',
])
