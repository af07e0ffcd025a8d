"""Opening a page's lazy table panel (``blocks.table_panel``) under AppTest: its table is sent only once opened."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest


def open_panel(at: AppTest, key: str) -> AppTest:
    """Open the panel ``key`` (as a click on it does: its state set, then a rerun) and return ``at``."""
    at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def panel_table(at: AppTest, key: str, column: str) -> pd.DataFrame:
    """The table with ``column`` on the page once the panel ``key`` is open."""
    open_panel(at, key)
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)
