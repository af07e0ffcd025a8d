"""A left margin wide enough for a chart's category labels, worked out before the browser draws it.

With ``automargin`` (on for every axis in the house template) Plotly draws the whole figure, measures the tick
labels, and when they need more room than the margin gives, widens the margin and draws the whole figure again.
On a page's first load in the browser that second drawing cost 20-60 ms of main-thread time per chart with long
category labels (the delivery timeline, the suppliers' track record, the lead times, ...), and every chart of a
page is drawn before the first one is shown. A margin already as wide as the labels need leaves Plotly nothing to
grow: it draws once. ``automargin`` stays on, so where a reader's browser draws the labels wider than estimated
here (another font), Plotly still widens the margin, as before.

Widths are estimated with Arial's advance widths: Chromium draws Plotly's default font stack (``"Open Sans",
verdana, arial, sans-serif``) with Arial, or Liberation Sans (its metric twin), where neither of the first two is
installed, as on Debian and in the Kaleido exports. The estimate ignores kerning: for labels with many kerned
pairs it is up to ~3 px wider than drawn, and the margin that much wider than Plotly's own (the plot area that
much narrower); for the bundled data's charts it is Plotly's margin to the pixel.
"""

from __future__ import annotations

import math

UNITS_PER_EM = 2048
# Arial / Liberation Sans advance widths in font units, U+0020..U+007E then U+00A0..U+00FF (measured in Chromium).
_ASCII = (
    "569 569 727 1139 1139 1821 1366 391 682 682 797 1196 569 682 569 569 1139 1139 1139 1139 1139 1139 1139 1139 "
    "1139 1139 569 569 1196 1196 1196 1139 2079 1366 1366 1479 1479 1366 1251 1593 1479 569 1024 1366 1139 1706 1479 "
    "1593 1366 1593 1479 1366 1251 1479 1366 1933 1366 1366 1251 569 569 569 961 1139 682 1139 1139 1024 1139 1139 "
    "569 1139 1139 455 455 1024 455 1706 1139 1139 1139 1139 682 1024 569 1139 1024 1479 1024 1024 1024 684 532 684 "
    "1196"
)
_LATIN1 = (
    "569 682 1139 1139 1139 1139 532 1139 682 1509 758 1139 1196 0 1509 1131 819 1124 682 682 682 1180 1100 569 682 "
    "682 748 1139 1708 1708 1708 1251 1366 1366 1366 1366 1366 1366 2048 1479 1366 1366 1366 1366 569 569 569 569 "
    "1479 1479 1593 1593 1593 1593 1593 1196 1593 1479 1479 1479 1479 1366 1366 1251 1139 1139 1139 1139 1139 1139 "
    "1821 1024 1139 1139 1139 1139 569 569 569 569 1139 1139 1139 1139 1139 1139 1139 1124 1251 1139 1139 1139 1139 "
    "1024 1139 1024"
)
ADVANCE = {
    **{chr(0x20 + i): int(w) for i, w in enumerate(_ASCII.split())},
    **{chr(0xA0 + i): int(w) for i, w in enumerate(_LATIN1.split())},
    "–": 1139, "—": 2048, "‘": 455, "’": 455, "“": 682, "”": 682,
    "…": 2048, "•": 717, "€": 1139, "−": 1196, "×": 1196,
}
UNKNOWN = UNITS_PER_EM  # any other character: a full em, wider than most, so the margin errs wide
# What Plotly's left margin adds to the widest y tick label, for an axis without tick marks: 12.2-12.6 px gave
# Plotly's own margins exactly for the six charts with long labels (Chromium 156, Liberation Sans). An estimate up
# to 1 px short still spares the second drawing: Plotly redraws only for a margin change of more than 1 px.
LABEL_GAP_PX = 12.5
DEFAULT_FONT_PX = 12
DEFAULT_MARGIN_PX = 80  # Plotly's default left margin


def text_width(text: str, size: float = DEFAULT_FONT_PX) -> float:
    """The width in px of ``text`` set in Arial at ``size`` px, kerning ignored."""
    return sum(ADVANCE.get(ch, UNKNOWN) for ch in text) * size / UNITS_PER_EM


def _category_labels(traces: list[dict], layout: dict) -> list[str] | None:
    """The text labels of the y axis ``y``, or None when they are not all plain text (numbers, dates, markup)."""
    labels = list((layout.get("yaxis") or {}).get("categoryarray") or [])
    for trace in traces:
        if trace.get("yaxis", "y") == "y" and trace.get("y") is not None:
            labels.extend(trace["y"])
    if not labels or not all(isinstance(label, str) for label in labels):
        return None
    if any(mark in label for label in labels for mark in "<>&\n"):  # Plotly reads tags and entities in labels
        return None
    return labels


def left_margin(traces: list[dict], layout: dict) -> int | None:
    """The left margin (px) the y axis' category labels need, or None when this cannot tell (see ``seed_left``)."""
    yaxis, xaxis = layout.get("yaxis") or {}, layout.get("xaxis") or {}
    font = {**(layout.get("font") or {}), **(yaxis.get("tickfont") or {})}
    if (yaxis.get("side", "left") != "left" or yaxis.get("showticklabels") is False or yaxis.get("automargin") is False
            or (yaxis.get("title") or {}).get("text") or yaxis.get("ticks") or yaxis.get("tickvals") is not None
            or yaxis.get("anchor", "x") != "x" or (xaxis.get("domain") or [0])[0] != 0 or font.get("family")):
        return None
    labels = _category_labels(traces, layout)
    if labels is None:
        return None
    size = font.get("size") or DEFAULT_FONT_PX
    return math.ceil(max(text_width(label, size) for label in set(labels)) + LABEL_GAP_PX)


def seed_left(traces: list[dict], layout: dict) -> dict:
    """``layout`` with its left margin widened to what its y axis' category labels need, if that is more.

    Only for a y axis of plain-text categories on the left of a plot starting at the figure's left edge, without
    title or tick marks, in the default font family; any other layout is returned unchanged.
    """
    needed = left_margin(traces, layout)
    margin = dict(layout.get("margin") or {})
    if needed is None or needed <= (margin.get("l") or DEFAULT_MARGIN_PX):
        return layout
    margin["l"] = needed
    return {**layout, "margin": margin}
