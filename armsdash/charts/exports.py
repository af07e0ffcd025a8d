"""What leaves the dashboard: chart image settings, annotated figures, safe CSV, offline HTML snapshots.

Images are made by the reader's browser (Plotly's modebar camera button, set up by
``chart_config``), so the server needs no image engine. Whatever a file shows is
drawn into it: title, subtitle, source line and data version (``annotate_for_export``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone

import pandas as pd
import plotly.graph_objects as go

SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_SCALE = 1600, 900, 2
IMAGE_FORMATS = ("png", "svg")
# OWASP "CSV injection": cells starting with these are run as formulas by spreadsheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
FOOTER_NAME = "export-footer"  # the annotation holding the source line and data version
KEY_SENTENCE = "key_sentence"  # the key of a figure's ``layout.meta`` holding what the chart shows, in words
SOURCE_MARGIN_PX = 110
SOURCE_OFFSET_PX = 72


def slug(*parts: object, max_length: int = 80) -> str:
    """A file-name-safe lower-case ASCII slug of ``parts`` joined by ``-`` (``None``/empty parts skipped).

    ``slug("India", "supplier shares", 2009, 2023) == "india-supplier-shares-2009-2023"``.
    """
    words = []
    for part in parts:
        if part is None:
            continue
        text = unicodedata.normalize("NFKD", str(part)).encode("ascii", "ignore").decode().lower()
        text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
        if text:
            words.append(text)
    joined = "-".join(words)[:max_length].strip("-")
    return joined or "chart"


def chart_config(fig_name: str, *, subject: str | None = None, years: tuple[int, int] | None = None,
                 image_format: str = "png", width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT,
                 scale: int = SLIDE_SCALE) -> dict:
    """The ``config=`` for ``st.plotly_chart``: the modebar's download saves a slide-sized image.

    The file name says what it is: ``slug(subject, fig_name, *years)``, e.g.
    ``india-supplier-shares-2009-2023``. ``image_format`` is ``png`` (default, for slides)
    or ``svg`` (for print); anything else falls back to ``png``.
    """
    fmt = image_format if image_format in IMAGE_FORMATS else "png"
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": fmt,
            "filename": slug(subject, fig_name, *(years or ())),
            "width": int(width),
            "height": int(height),
            "scale": int(scale),
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def _text(value: object) -> str:
    """User or data text made literal for Plotly's label markup (which understands a few HTML tags)."""
    return html.escape(str(value), quote=False)


def annotate_for_export(fig: go.Figure, title: str, subtitle: str | None, source_line: str,
                        version_label: str) -> go.Figure:
    """A copy of ``fig`` with title, subtitle, source line and data version drawn into it.

    All four are plain text (escaped here). The source and version sit under the plot
    area, left-aligned, so every PNG/SVG/HTML made from the figure carries them.
    """
    out = go.Figure(fig)
    title_spec: dict = {"text": _text(title), "x": 0, "xanchor": "left", "xref": "paper"}
    if subtitle:
        title_spec["subtitle"] = {"text": _text(subtitle)}
    bottom = max(SOURCE_MARGIN_PX, int(out.layout.margin.b or 0))
    top = max(100 if subtitle else 70, int(out.layout.margin.t or 0))
    out.update_layout(title=title_spec, margin={"b": bottom, "t": top})
    footer = " · ".join(_text(part) for part in (source_line, version_label) if part)
    out.add_annotation(
        text=footer, name=FOOTER_NAME, xref="paper", yref="paper", x=0, y=0,
        xanchor="left", yanchor="top", yshift=-SOURCE_OFFSET_PX, showarrow=False, align="left",
        font={"size": 11, "color": "#555555"},
    )
    return out


def add_version_label(fig: go.Figure, version_label: str) -> go.Figure:
    """``fig``, changed in place, with its footer line (source) ending in ``version_label``; a footer is added if none.

    In place because copying a figure costs about 0.1 s, on every rerun of every chart.
    Idempotent: a footer that already names the version is left as it is.
    """
    out = fig
    label = _text(version_label)
    for note in out.layout.annotations:
        if note.name == FOOTER_NAME:
            if label not in (note.text or ""):
                note.text = f"{note.text} · {label}" if note.text else label
            return out
    out.update_layout(margin={"b": max(SOURCE_MARGIN_PX, int(out.layout.margin.b or 0))})
    out.add_annotation(
        text=label, name=FOOTER_NAME, xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="top",
        yshift=-SOURCE_OFFSET_PX, showarrow=False, align="left", font={"size": 11, "color": "#555555"},
    )
    return out


def set_key_sentence(fig: go.Figure, sentence: str) -> go.Figure:
    """``fig``, changed in place, carrying its key sentence (in ``layout.meta``), which every export shows with it."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.layout.meta = {**meta, KEY_SENTENCE: str(sentence)}
    return fig


def key_sentence(fig: go.Figure) -> str | None:
    """The key sentence ``set_key_sentence`` gave ``fig``, if any."""
    meta = fig.layout.meta
    return str(meta[KEY_SENTENCE]) if isinstance(meta, dict) and meta.get(KEY_SENTENCE) else None


def footer_text(fig: go.Figure) -> str | None:
    """The source-and-version line ``annotate_for_export`` drew into ``fig``, if any."""
    for note in fig.layout.annotations:
        if note.name == FOOTER_NAME:
            return html.unescape(note.text)
    return None


def _neutralise(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMBER.match(value):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` in which text cells a spreadsheet would run as a formula start with ``'``.

    Numbers stay numbers, negative ones included (in numeric columns and as text like ``-5``).
    """
    out = df.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_string_dtype(series) or series.dtype == object:
            out[column] = series.map(_neutralise, na_action="ignore")
    out.columns = [_neutralise(str(c)) for c in out.columns]
    return out


def csv_bytes(df: pd.DataFrame) -> bytes:
    """``df`` as UTF-8 CSV (with a byte-order mark, so Excel reads accents), safe to open in a spreadsheet.

    Lines end in CRLF (RFC 4180), which also makes the writer quote cells holding a lone CR.
    """
    return neutralise_formulas(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _safe_link(url: str | None) -> str | None:
    """``url`` if it is an http(s) link, else None (so no ``javascript:`` link is ever written)."""
    if url and re.match(r"^https?://", str(url).strip(), re.IGNORECASE):
        return str(url).strip()
    return None


def _sources_list(sources_df: pd.DataFrame | None) -> str:
    if sources_df is None or sources_df.empty:
        return "<p>No sources are cited by what is shown.</p>"
    items = []
    for row in sources_df.to_dict("records"):
        pick = lambda *names: next(  # noqa: E731
            (row[n] for n in names if n in row and pd.notna(row[n]) and str(row[n])), None)
        title = pick("title", "source_title", "source_id") or "untitled source"
        publisher = pick("publisher", "source_publisher")
        date = pick("published_date", "source_date", "published")
        url = _safe_link(pick("url", "source_url", "link"))
        text = html.escape(str(title))
        if url:
            text = f'<a href="{html.escape(url)}" rel="noopener noreferrer">{text}</a>'
        details = ", ".join(html.escape(str(x)) for x in (publisher, date) if x)
        items.append(f"<li>{text}{' — ' + details if details else ''}</li>")
    return "<ul>" + "".join(items) + "</ul>"


_STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222} h1{font-size:1.6em} .meta{color:#555} figure{margin:1.5em 0}
table{border-collapse:collapse;font-size:.9em} th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left}
details{margin:1em 0}
"""


def snapshot_html(title: str, figures: Sequence[go.Figure], tables: Mapping[str, pd.DataFrame],
                  sources_df: pd.DataFrame | None, live_url: str | None, version_label: str) -> str:
    """One self-contained HTML page of a view that opens offline: charts, their data, sources, live link.

    plotly.js is inlined once (about 5 MB), so the file needs no network. Every text
    from users or data is escaped; the live link is written only if it is http(s).
    """
    parts = []
    for index, fig in enumerate(figures):
        sentence = key_sentence(fig)
        caption = f"<figcaption>{html.escape(sentence)}</figcaption>" if sentence else ""
        parts.append("<figure>" + fig.to_html(include_plotlyjs=index == 0, full_html=False,
                                              config={"displaylogo": False}) + caption + "</figure>")
    for caption, frame in tables.items():
        parts.append(f"<details><summary>Data: {html.escape(str(caption))}</summary>"
                     + frame.to_html(index=False, escape=True, na_rep="", border=0) + "</details>")
    link = _safe_link(live_url)
    live = (f'<p>Live view: <a href="{html.escape(link)}">{html.escape(link)}</a></p>' if link else "")
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(str(title))}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{html.escape(str(title))}</h1>"
        f"<p class=\"meta\">{html.escape(str(version_label))} · saved {made}</p>{live}"
        + "".join(parts)
        + "<h2>Sources</h2>" + _sources_list(sources_df)
        + "</body></html>\n"
    )
