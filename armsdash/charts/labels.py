"""Text from the data inside a Plotly figure shown as text: no live links.

Plotly renders a few HTML tags in any text it draws (titles, trace names, tick labels, hover text,
annotations), among them ``<a href>``, which makes a supplier named ``<a href="https://...">`` a live
link inside the chart. The builders write only ``<br>``, ``<b>``, ``<i>``, ``<sup>`` and ``<sub>``, and
``<extra></extra>`` in hover templates (Plotly's box for the trace name, left empty);
every other tag in a figure came from the data and is written as ``&lt;`` so Plotly shows it literally.
"""

from __future__ import annotations

import re

import numpy as np
import plotly.graph_objects as go

_FOREIGN_TAG = re.compile(r"(?i)<(?!/?(?:br|b|i|em|sup|sub|extra)\s*/?>)(?=\s*/?\s*[a-z])")


def inert(text: str) -> str:
    """``text`` with every tag but the builders' own (line breaks, bold, italics, sub/superscripts) made literal."""
    return _FOREIGN_TAG.sub("&lt;", text) if "<" in text else text


def _clean(value):
    if isinstance(value, str):
        return inert(value)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_clean(v) for v in value)
    if isinstance(value, np.ndarray) and value.dtype == object:
        return np.array([_clean(v) for v in value], dtype=object)
    return value


def _has_tag(value) -> bool:
    if isinstance(value, str):
        return "<" in value and _FOREIGN_TAG.search(value) is not None
    if isinstance(value, dict):
        return any(_has_tag(v) for v in value.values())
    if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == object):
        return any(_has_tag(v) for v in value)
    return False


def without_links(fig: go.Figure) -> go.Figure:
    """``fig``, or a copy with every tag from the data made literal text (the usual figure has none: no copy)."""
    spec = fig.to_dict()
    if not _has_tag(spec):
        return fig
    return go.Figure(_clean(spec))
