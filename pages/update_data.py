"""Update data: coming next."""

from armsdash import ui

ui.require_entry()

ui.coming_next('Update data', [
    'Upload CSV files with validation, preview, commit, history and undo',
])
