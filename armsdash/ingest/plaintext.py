"""What text from a file or a form may hold: no formulas, no HTML, no script links, no Markdown links or images.

One set of patterns for every way text gets in: the cells of an upload (``cellrules`` turns them into
SQL), the author and note of a commit, and the cells of a SIPRI export. Text that passes is stored as
text, and the pages still show it escaped (``armsdash/web/escape.py``).
"""

from __future__ import annotations

import re

from armsdash.ingest.sipri_rows import Problem

FORMULA_START = ("=", "+", "-", "@")
# a tag or a javascript: link (the regular expression DuckDB runs over upload cells, too)
HTML_PATTERN = r"(?i)<[ \t]*/?[ \t]*[a-z!][^>]*>|javascript[ \t]*:"
# [text](target) and ![alt](image): a link or a fetched image once Markdown renders the text
MARKDOWN_LINK_PATTERN = r"\[[^\]\r\n]*\][ \t]*\([^)\r\n]*\)"
UNSAFE_PATTERN = f"{HTML_PATTERN}|{MARKDOWN_LINK_PATTERN}"
UNSAFE_EXPECTED = "plain text without HTML tags, javascript: links or Markdown links and images"
FORMULA_EXPECTED = "text that does not start with =, +, - or @ (a spreadsheet would run it as a formula)"
MAX_AUTHOR, MAX_NOTE = 200, 2_000  # characters of the history's author and note
_UNSAFE = re.compile(UNSAFE_PATTERN)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def may_hold_markup(text: str) -> bool:
    """The cheap test first: only text with one of these characters can match ``UNSAFE_PATTERN``."""
    return "<" in text or ":" in text or "](" in text or "] (" in text


def unsafe(text: str) -> bool:
    """True when ``text`` holds an HTML tag, a javascript: link or a Markdown link or image."""
    return may_hold_markup(text) and _UNSAFE.search(text) is not None


def field_problem(value: str, *, max_length: int) -> str | None:
    """Why ``value`` (a one-line field typed by a person: an author, a note) is refused, or None when it is fine."""
    if len(value) > max_length:
        return f"at most {max_length:,} characters"
    if value.startswith(FORMULA_START):
        return FORMULA_EXPECTED
    if _CONTROL.search(value):
        return "one line of text without control characters"
    if unsafe(value):
        return UNSAFE_EXPECTED
    return None


def history_fields_problem(author: str, note: str | None) -> str | None:
    """Why the author or note given for the history is refused (missing author, a formula, markup, too long), or None.

    The history is shown on the page and downloaded as CSV: ``=HYPERLINK(...)`` there would run in a spreadsheet.
    """
    if not author.strip():
        return "author: a name is needed for the history"
    for what, value, longest in (("author", author, MAX_AUTHOR), ("note", note or "", MAX_NOTE)):
        problem = field_problem(value.strip(), max_length=longest)
        if problem:
            return f"{what}: {value[:60]!r} - expected {problem}"
    return None


def record_problems(records: list[tuple[int, list[str]]], header: list[str] | None = None) -> list[Problem]:
    """Cells of a file's records (line, cells) that hold markup, one problem each, in line order."""
    found = []
    for line, cells in records:
        for index, cell in enumerate(cells):
            if unsafe(cell):
                column = header[index] if header and index < len(header) else f"field {index + 1}"
                found.append(Problem(line, column, cell, UNSAFE_EXPECTED))
    return found
