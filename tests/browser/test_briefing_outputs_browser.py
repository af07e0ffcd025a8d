"""Briefing outputs in a real browser: the embed view (``?embed=true``) shows only charts, their key sentences and
sources (no sidebar, widgets, developer toolbar or error); each chart's key sentence is its accessible name; the
briefing pack downloads as PPTX and PDF holding the sentence and the pinned link; the citation has copy buttons."""

import pytest

from tests.support.live_server import open_page

pytestmark = pytest.mark.browser


def test_embedded_view_shows_only_charts_sentences_and_sources(live_server, page):
    open_page(page, live_server + "/suppliers?recipient=IND&embed=true")
    charts = page.locator("[data-testid=stPlotlyChart]")
    assert charts.count() == 3  # shares, published vs computed, concentration (no comparison chosen)
    assert page.locator("[data-testid=stPlotlyChart] text", has_text="Source").count() >= 3
    # as read: escape.plain puts a zero-width space after a colon (no autolink), which the eye does not see
    sentences = [text.replace("\u200b", "") for text in page.locator("[data-testid=stMarkdown]").all_inner_texts()]
    for index in range(3):  # each chart's key sentence is its accessible name and is written under it
        label = charts.nth(index).get_attribute("aria-label")
        assert label and label in sentences
    for hidden in ("stSidebar", "stSidebarNav", "stToolbar", "stHeading", "stSlider", "stButton",
                   "stDownloadButton", "stDataFrame", "stException", "stAlertContentError"):
        assert page.locator(f"[data-testid={hidden}]").count() == 0, hidden


def test_briefing_pack_downloads_as_pptx_and_pdf_and_the_citation_copies(live_server, page):
    import io

    from pptx import Presentation
    from pypdf import PdfReader

    open_page(page, live_server + "/?recipient=IND")
    sentence = page.locator("[data-testid=stPlotlyChart]").first.get_attribute("aria-label")  # its accessible name
    assert sentence.startswith("The share of India's arms imports from Russia fell")
    assert sentence in page.locator("[data-testid=stMarkdown]").all_inner_texts()  # and written under it
    page.get_by_role("button", name="Download for a briefing").click()
    files = {}
    for label, suffix in (("PowerPoint", ".pptx"), ("PDF", ".pdf")):
        button = page.locator("[data-testid=stDownloadButton]", has_text=label)
        button.wait_for(timeout=120_000)
        with page.expect_download(timeout=60_000) as download:
            button.click()
        assert download.value.suggested_filename == f"india-arms-supply-dependency-v1{suffix}"
        files[suffix] = open(download.value.path(), "rb").read()
    slides = list(Presentation(io.BytesIO(files[".pptx"])).slides)
    assert len(slides) == 2  # the cover and the Overview's one chart
    assert sentence in " ".join(s.text_frame.text for s in slides[1].shapes if s.has_text_frame)
    pdf_text = " ".join(PdfReader(io.BytesIO(files[".pdf"])).pages[1].extract_text().split())
    assert sentence in pdf_text and "v=1" in pdf_text

    page.get_by_role("button", name="Cite this view").click()
    citation = page.locator("[data-testid=stCode]", has_text="accessed").first
    citation.wait_for()
    assert "recipient=IND" in citation.inner_text() and "Data version 1" in citation.inner_text()
    assert page.locator("[data-testid=stCode] button").count() >= 2  # st.code's copy buttons
    assert page.locator("[data-testid=stException]").count() == 0
