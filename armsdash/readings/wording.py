"""Small pieces of plain English the key sentences share: percentages, possessives, directions, counts (pure)."""

from __future__ import annotations

import pandas as pd

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                10: "ten"}


def pct(value: float, decimals: int = 0) -> str:
    """``value`` as a percentage rounded to ``decimals`` places, the way a chart's labels show it: ``36%``."""
    return f"{float(value):.{decimals}f}%"


def possessive(name: object) -> str:
    """``Russia's``, ``the Philippines'`` style possessive of a name (a trailing s takes only the apostrophe)."""
    text = str(name)
    return text + ("'" if text.endswith("s") else "'s")


def direction(before: str, after: str) -> str:
    """'rose', 'fell' or 'stayed at' between two numbers as written (so a rounded tie reads as no change)."""
    a, b = float(before.rstrip("%").replace(",", "")), float(after.rstrip("%").replace(",", ""))
    return "rose" if b > a else "fell" if b < a else "was unchanged"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 programme`` / ``3 programmes``."""
    return f"{int(n)} {noun if int(n) == 1 else plural or noun + 's'}"


def years_phrase(start: object, end: object) -> str:
    """'in 2023' for one year, 'in the five years to 2023' for a window (the chart's x axis shows its last year)."""
    first, last = int(start), int(end)
    if first >= last:
        return f"in {last}"
    length = last - first + 1
    return f"in the {NUMBER_WORDS.get(length, str(length))} years to {last}"


def period_label(label: object) -> str:
    """A chart's period label in words: a trailing '*' (cut by the year range) reads '(part of the period)'."""
    text = str(label)
    return text[:-1] + " (part of the period)" if text.endswith("*") else text


def first_part(text: object) -> str:
    """A publisher's name without its bracketed remark ('The Hindu (stored mirror)' -> 'The Hindu')."""
    return str(text).split(" (")[0] if isinstance(text, str) and not pd.isna(text) else ""
