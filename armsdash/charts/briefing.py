"""The briefing pack: one slide (PowerPoint) and one page (PDF) per chart, each with its title, image, key sentence,
source line, data version and the pinned link back; a cover with the view's title, headline figures and citation.

Pure file makers (python-pptx, fpdf2): the images come from ``armsdash.charts.images``. No Streamlit.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
from fpdf import FPDF
from pptx import Presentation
from pptx.util import Emu, Inches, Pt

from armsdash.charts import exports

_TAG = re.compile(r"<[^>]+>")
_UNICODE_FONTS = (Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                  Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"))


@dataclass(frozen=True)
class Slide:
    """One chart as it goes into the pack."""

    title: str
    image: bytes  # PNG
    sentence: str
    source: str
    version: str
    link: str


@dataclass(frozen=True)
class Pack:
    """A view as it goes into the pack: its title, pinned link, data version, citation, headlines and charts."""

    title: str
    link: str
    version: str
    citation: str
    headlines: list[str] = field(default_factory=list)
    slides: list[Slide] = field(default_factory=list)


def chart_title(fig: go.Figure) -> str:
    """``fig``'s title as plain text (its first line: what follows a ``<br>`` is a subtitle)."""
    text = str(fig.layout.title.text or "")
    return html.unescape(_TAG.sub("", text.split("<br>")[0])).strip() or "Chart"


def chart_source(fig: go.Figure, version: str) -> str:
    """The source line drawn under ``fig``, without the data version label appended to it."""
    footer = exports.footer_text(fig) or ""
    return footer.replace(f" · {version}", "").replace(version, "").strip(" ·") or "Source: not recorded"


def slide_for(fig: go.Figure, image: bytes, *, version: str, link: str) -> Slide:
    """The slide of ``fig`` (its title, source and key sentence) with its rendered ``image``."""
    return Slide(chart_title(fig), image, exports.key_sentence(fig) or "", chart_source(fig, version), version, link)


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, read from its header."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _fit(png: bytes, box_w: float, box_h: float) -> tuple[float, float]:
    """The largest size of ``png`` in a ``box_w`` × ``box_h`` box, keeping its proportions."""
    width, height = _png_size(png)
    ratio = min(box_w / width, box_h / height)
    return width * ratio, height * ratio


# ---- PowerPoint (16:9, 13.33 × 7.5 in) -------------------------------------------------------------------------

def _text(slide, left, top, width, height, text: str, size: int, *, bold: bool = False, link: str | None = None):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    if link:
        run.hyperlink.address = link
    return box


def pptx_bytes(pack: Pack) -> bytes:
    """The pack as a PowerPoint file: a cover, then one slide per chart."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    margin, width = Inches(0.5), Inches(12.333)
    cover = deck.slides.add_slide(blank)
    _text(cover, margin, Inches(0.6), width, Inches(1.0), pack.title, 32, bold=True)
    lines = [pack.version, *pack.headlines]
    _text(cover, margin, Inches(1.8), width, Inches(3.0), "\n".join(lines), 16)
    _text(cover, margin, Inches(5.2), width, Inches(1.0), pack.citation, 12)
    _text(cover, margin, Inches(6.6), width, Inches(0.4), pack.link, 12, link=pack.link)
    for item in pack.slides:
        page = deck.slides.add_slide(blank)
        _text(page, margin, Inches(0.25), width, Inches(0.6), item.title, 22, bold=True)
        image_w, image_h = _fit(item.image, width, Inches(4.75))
        page.shapes.add_picture(io.BytesIO(item.image), Emu(int(margin + (width - image_w) / 2)), Inches(0.95),
                                Emu(int(image_w)), Emu(int(image_h)))
        _text(page, margin, Inches(5.8), width, Inches(0.75), item.sentence, 15)
        _text(page, margin, Inches(6.55), width, Inches(0.35), f"{item.source} · {item.version}", 10)
        _text(page, margin, Inches(6.9), width, Inches(0.35), item.link, 10, link=item.link)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


# ---- PDF (A4 landscape, 297 × 210 mm) ---------------------------------------------------------------------------

class _Document(FPDF):
    """An A4 landscape PDF writing in a Unicode font where the system has one (else Helvetica, Latin-1 only)."""

    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(14, 12, 14)
        font = next((path for path in _UNICODE_FONTS if path.exists()), None)
        if font:
            self.add_font("body", "", str(font))
            self.add_font("body", "B", str(font))
            self.body_font, self.has_unicode = "body", True
        else:
            self.body_font, self.has_unicode = "helvetica", False

    def say(self, text: str, size: float, *, bold: bool = False, link: str = "", height: float | None = None):
        """Write ``text`` as a paragraph the page's width, a link where ``link`` is given."""
        if not self.has_unicode:
            text = text.replace("–", "-").replace("—", "-").encode("latin-1", "replace").decode("latin-1")
        self.set_font(self.body_font, "B" if bold else "", size)
        self.set_text_color(*((0, 70, 160) if link else (20, 20, 20)))
        self.multi_cell(0, height or size * 0.5, text, link=link, new_x="LMARGIN", new_y="NEXT")


def pdf_bytes(pack: Pack) -> bytes:
    """The pack as a PDF with the PowerPoint file's content: a cover page, then one page per chart."""
    doc = _Document()
    doc.set_title(pack.title)
    doc.add_page()
    doc.say(pack.title, 24, bold=True)
    doc.ln(4)
    for line in [pack.version, *pack.headlines]:
        doc.say(line, 12)
    doc.ln(6)
    doc.say(pack.citation, 10)
    doc.ln(3)
    doc.say(pack.link, 10, link=pack.link)
    for item in pack.slides:
        doc.add_page()
        doc.say(item.title, 16, bold=True)
        width, height = _fit(item.image, doc.epw, 118)
        doc.image(io.BytesIO(item.image), x=doc.l_margin + (doc.epw - width) / 2, y=doc.get_y() + 2, w=width,
                  h=height)
        doc.set_y(doc.get_y() + height + 5)
        doc.say(item.sentence, 12)
        doc.ln(2)
        doc.say(f"{item.source} · {item.version}", 8.5)
        doc.say(item.link, 8.5, link=item.link)
    return bytes(doc.output())
