"""Showing user text inside Markdown (alerts, captions) as plain text."""

from __future__ import annotations

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$:])")


def plain(text: object) -> str:
    """``text`` escaped so that Markdown shows it literally: no links, images, emphasis or HTML."""
    return _MARKDOWN.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")
