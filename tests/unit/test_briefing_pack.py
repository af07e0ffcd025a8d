"""The briefing pack read back: PowerPoint (python-pptx) and PDF (pypdf) hold each chart's title, image, key sentence,
source, data version and pinned link; chart images are rendered on the server; citations; the viewer toolbar."""

from __future__ import annotations

import datetime as dt
import io
import tomllib
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from armsdash.charts import base, briefing, exports, images
from armsdash.readings import citation

ROOT = Path(__file__).resolve().parents[2]
LINK = "https://dash.example/suppliers?recipient=IND&v=3"
VERSION = "Data version 3 (2026-12-01)"
SENTENCE = "The share of India's arms imports from Russia fell from 76% in 2009–13 to 36% in 2019–23."


def _png(width: int = 320, height: int = 180) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _figure() -> go.Figure:
    fig = base.build([base.trace("bar", x=["a", "b"], y=[1, 2])], {"title": {"text": "India: shares &amp; more"}},
                     source="Source: SIPRI (2024-03-11)")
    exports.add_version_label(fig, VERSION)
    return exports.set_key_sentence(fig, SENTENCE)


def _pack(n_slides: int = 2) -> briefing.Pack:
    slides = [briefing.slide_for(_figure(), _png(), version=VERSION, link=LINK) for _ in range(n_slides)]
    return briefing.Pack("India: suppliers of major arms", LINK, VERSION, "India: suppliers. Data: SIPRI, 2024.",
                         ["Top supplier, 2019–23: Russia 36% — share of imports"], slides)


def test_slide_takes_title_source_and_sentence_from_the_figure():
    slide = briefing.slide_for(_figure(), _png(), version=VERSION, link=LINK)
    assert (slide.title, slide.source, slide.sentence) == ("India: shares & more", "Source: SIPRI (2024-03-11)",
                                                           SENTENCE)


def test_powerpoint_has_a_slide_per_chart_with_image_sentence_source_version_and_link():
    deck = Presentation(io.BytesIO(briefing.pptx_bytes(_pack(2))))
    slides = list(deck.slides)
    assert len(slides) == 3  # cover + one per chart
    cover = " ".join(s.text_frame.text for s in slides[0].shapes if s.has_text_frame)
    assert "India: suppliers of major arms" in cover and "Top supplier, 2019–23" in cover
    for slide in slides[1:]:
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for expected in ("India: shares & more", SENTENCE, "Source: SIPRI (2024-03-11)", VERSION, LINK):
            assert expected in texts
        assert [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        links = [r.hyperlink.address for s in slide.shapes if s.has_text_frame
                 for p in s.text_frame.paragraphs for r in p.runs if r.hyperlink.address]
        assert links == [LINK]


def test_pdf_has_the_same_content_with_images_and_links():
    reader = PdfReader(io.BytesIO(briefing.pdf_bytes(_pack(2))))
    assert len(reader.pages) == 3
    for page in reader.pages[1:]:
        text = " ".join(page.extract_text().split())
        for expected in ("India: shares & more", SENTENCE, "Source: SIPRI (2024-03-11)", VERSION, LINK):
            assert expected in text
        assert len(page.images) == 1
        uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", []) if a.get_object().get("/A")]
        assert LINK in uris


def test_a_view_without_charts_still_gives_a_cover():
    assert len(Presentation(io.BytesIO(briefing.pptx_bytes(_pack(0)))).slides) == 1
    assert len(PdfReader(io.BytesIO(briefing.pdf_bytes(_pack(0)))).pages) == 1


def test_chart_images_are_rendered_on_the_server_at_print_resolution():
    """One Chromium renders them, with progress after each; also where the caller's thread runs an event loop
    (Playwright's sync API does, in the browser tests' process)."""
    import asyncio
    import concurrent.futures

    assert images.engine_problem() is None, "Debian's chromium is needed (make test installs it)"
    done = []

    async def inside_a_loop():
        return images.render_png([_figure(), _figure()], progress=done.append)

    # a thread of its own: this test process may already run a loop here (the browser tests' Playwright does)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pngs = pool.submit(asyncio.run, inside_a_loop()).result()
    assert all(png.startswith(b"\x89PNG") for png in pngs) and done == [1, 2]
    assert briefing._png_size(pngs[0]) == (images.SLIDE_WIDTH_PX * 2, images.SLIDE_HEIGHT_PX * 2)


def test_missing_chromium_is_said_plainly(monkeypatch):
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kw: None))
    assert "Chromium is not installed" in images.engine_problem()
    with pytest.raises(images.ImageEngineMissing, match="make run"):
        images.render_png([_figure()])


def test_citation_plain_and_footnote():
    sources = pd.DataFrame([
        {"source_id": "a", "source_publisher": "SIPRI", "source_date": "2024-03-11", "source_title": "Fact sheet"},
        {"source_id": "b", "source_publisher": "SIPRI", "source_date": "2023-03-13", "source_title": "Fact sheet"},
        {"source_id": "c", "source_publisher": "The Hindu (mirror)", "source_date": "2022-01-02", "source_title": "x"},
    ])
    cited = citation.cite("India: suppliers of major arms", sources, version=VERSION, link=LINK,
                          accessed=dt.date(2026, 12, 3))
    assert cited.plain() == (
        "India: suppliers of major arms. Data: SIPRI, 2024-03-11; The Hindu, 2022-01-02. Arms-supply dependency "
        f"dashboard, {VERSION}. Accessed 3 December 2026. {LINK}")
    assert cited.footnote() == (
        "SIPRI; The Hindu, \u201cIndia: suppliers of major arms\u201d, Arms-supply dependency dashboard, "
        f"{VERSION}, {LINK} (accessed 3 December 2026).")


def test_readers_get_the_viewer_toolbar():
    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["toolbarMode"] == "viewer"


def test_snapshot_html_carries_each_key_sentence():
    page = exports.snapshot_html("t", [_figure()], {}, None, LINK, VERSION)
    assert "<figcaption>The share of India&#x27;s arms imports from Russia fell" in page
