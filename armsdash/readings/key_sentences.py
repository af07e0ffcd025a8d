"""The key sentence of every chart: which sentence builder reads which chart's data.

A chart is named by its builder in ``armsdash.charts`` (``shares_stacked``, ``delivery_timeline``, ...); its key
sentence is made from the same frame and options, so it changes with the filters, and is the chart's alternative
text and the line under it in every export. Pure: no Streamlit, no SQL, no Plotly.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from armsdash.readings import delivery_sentences, industry_sentences, share_sentences

SENTENCES: dict[str, Callable[..., str]] = {
    "published_shares_over_time": share_sentences.published_shares,
    "shares_stacked": share_sentences.computed_shares,
    "shares_lines": share_sentences.computed_shares,
    "published_vs_computed": share_sentences.published_vs_computed,
    "concentration_lines": share_sentences.concentration,
    "concentration_compare": share_sentences.concentration_compare,
    "inventory_published": share_sentences.inventory_published,
    "arsenal_estimate": share_sentences.arsenal_estimate,
    "russia_figures": share_sentences.russia_figures,
    "delivery_timeline": delivery_sentences.delivery_timeline,
    "supplier_comparison": delivery_sentences.supplier_comparison,
    "lead_times": delivery_sentences.lead_times,
    "exposure_bars": industry_sentences.exposure,
    "timeline": industry_sentences.timeline,
    "shares_lines_with_events": industry_sentences.shares_with_events,
    "licence_lines": industry_sentences.licence,
}


def key_sentence(chart: str, frame: pd.DataFrame, *, subject: str, **options: object) -> str | None:
    """The key sentence of chart ``chart`` drawn from ``frame`` with ``options`` (the builder's keyword arguments).

    ``subject`` is the recipient's name. None for a chart without a sentence builder (the page then shows none).
    """
    build = SENTENCES.get(chart)
    if build is None or not isinstance(frame, pd.DataFrame):
        return None
    return build(frame, subject=subject, **options)
