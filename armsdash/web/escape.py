"""Showing user text inside Markdown (titles, alerts, captions, labels) as plain text.

Backslash escapes stop Markdown's own syntax (links, images, emphasis, HTML), but Streamlit's
Markdown (GitHub's dialect) also turns bare web addresses, ``www.`` names and e-mail addresses
into links after the escapes are read. A zero-width space after their ``:`` (before ``//``), ``www`` and
``@`` keeps them text; it is invisible on the page.
"""

from __future__ import annotations

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")
_ZERO_WIDTH = "\u200b"
# after the backslash escapes: "https\://", "www\.", "name@host" (only there: copied text stays as it was)
_AUTOLINK = re.compile(r"(?i)(\\:(?=//)|\bwww(?=\\\.)|@(?=[-\w]))")


def plain(text: object) -> str:
    """``text`` escaped so that Markdown shows it literally: no links, images, emphasis, HTML or bare-URL links."""
    escaped = _MARKDOWN.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")
    return _AUTOLINK.sub(lambda found: found.group(1) + _ZERO_WIDTH, escaped)
