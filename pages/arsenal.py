"""Arsenal: coming next."""

from armsdash import ui

ui.require_entry()

ui.coming_next('Arsenal', [
    'Inventory by country of origin, by service and category, with estimate flags',
    "An estimate of the arsenal's origin from deliveries and service lives",
])
