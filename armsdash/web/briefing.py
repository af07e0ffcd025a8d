"""What a page offers for a briefing, in one call at its foot: the HTML snapshot, the briefing pack (PowerPoint and
PDF, one slide per chart) and "Cite this view"."""

from __future__ import annotations

import datetime as dt
import logging

import pandas as pd
import streamlit as st

from armsdash.charts import briefing, exports, images
from armsdash.readings import citation, sourcing
from armsdash.web import blocks, cache, escape
from armsdash.web.links import version_label, view_link

CITE_OPEN_KEY = "cite_open"
_PACK_KEY = "briefing_pack"  # (the pinned link it was built for, pptx bytes, pdf bytes)
_LOG = logging.getLogger(__name__)


def view_outputs(title: str, sources: pd.DataFrame | None = None) -> None:
    """The view's downloads and citation: "Download this view (HTML)", "Download for a briefing", "Cite this view".

    ``title`` names the view (and the files); ``sources`` (frames with the source columns) are cited, by default
    the sources of the charts' data. Nothing is drawn in the embed view.
    """
    if blocks.embedded():
        return
    cited = sources if sources is not None else sourcing.combine(*blocks.charts_data())
    snapshot, pack, cite = st.columns(3)
    with snapshot:
        blocks.snapshot_download(title, sources=cited)
    with pack:
        pack_download(title, cited)
    with cite:
        cite_view(title, cited)


def view_citation(title: str, sources: pd.DataFrame) -> citation.Citation:
    """The citation of this view: pinned link, data version shown, today's date."""
    return citation.cite(title, sources, version=version_label(), link=view_link(pinned=True),
                         accessed=dt.date.today())


def cite_view(title: str, sources: pd.DataFrame) -> None:
    """A "Cite this view" popover: the citation as plain text and as a footnote, each with a copy button."""
    # Lazy, like "Copy link": the citation is made and sent only once the popover is opened.
    with st.popover("Cite this view", icon=":material/format_quote:", width="stretch", key=CITE_OPEN_KEY,
                    on_change="rerun") as box:
        if not box.open:
            return
        cited = view_citation(title, sources)
        st.caption("Plain text")
        st.code(cited.plain(), language=None, wrap_lines=True)
        st.caption("Footnote")
        st.code(cited.footnote(), language=None, wrap_lines=True)


@st.cache_resource(show_spinner=False)
def _engine_problem() -> str | None:
    return images.engine_problem()  # looked up once per process: it reads the file system


def build_pack(title: str, sources: pd.DataFrame, progress=None) -> tuple[bytes, bytes]:
    """The briefing pack of this view as (PowerPoint, PDF) bytes; ``progress(done, total)`` after each image."""
    figures = blocks.charts_shown()
    label, link = version_label(), view_link(pinned=True)
    pngs = images.render_png(figures, progress=(lambda n: progress(n, len(figures))) if progress else None)
    pack = briefing.Pack(title, link, label, view_citation(title, sources).plain(), blocks.headlines_shown(),
                         [briefing.slide_for(fig, png, version=label, link=link) for fig, png in zip(figures, pngs)])
    return briefing.pptx_bytes(pack), briefing.pdf_bytes(pack)


def pack_download(title: str, sources: pd.DataFrame) -> None:
    """"Download for a briefing": builds the pack with a progress bar, then offers the PowerPoint file and the PDF.

    Says plainly why when this server cannot render chart images.
    """
    problem = _engine_problem()
    if problem:
        st.caption(f"Download for a briefing is unavailable. {escape.plain(problem)}")
        return
    link = view_link(pinned=True)
    held = st.session_state.get(_PACK_KEY)
    if held and held[0] != link:  # another view or data version: the pack no longer matches what is shown
        st.session_state.pop(_PACK_KEY)
        held = None
    count = len(blocks.charts_shown())
    if st.button("Download for a briefing", icon=":material/slideshow:", key="briefing_build", width="stretch",
                 help=f"A PowerPoint file and a PDF: a cover and one slide per chart ({count}) with its key "
                      "sentence, source, data version and the pinned link."):
        bar = st.progress(0.0, text=f"Rendering {count} chart images…")
        try:
            built = build_pack(title, sources, lambda done, total: bar.progress(
                done / max(total, 1), text=f"Rendered {done} of {total} chart images…"))
        except Exception as exc:  # an image engine failing (Chromium crash, timeout) must not reach the reader
            _LOG.exception("briefing pack failed")
            bar.empty()
            st.error(f"The briefing pack could not be made: {escape.plain(exc)}")
            return
        bar.empty()
        held = st.session_state[_PACK_KEY] = (link, *built)
    if held:
        name = exports.slug(title, f"v{cache.shown_version()}")
        left, right = st.columns(2)
        left.download_button("PowerPoint", data=held[1], file_name=f"{name}.pptx", on_click="ignore",
                             mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                             key="briefing_pptx", icon=":material/download:")
        right.download_button("PDF", data=held[2], file_name=f"{name}.pdf", mime="application/pdf",
                              on_click="ignore", key="briefing_pdf", icon=":material/download:")
