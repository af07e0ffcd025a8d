"""Reading the cells of one SIPRI record: numbers, years and flags, with a problem for each unreadable cell."""

from __future__ import annotations

import re
from dataclasses import dataclass

from armsdash.config import PLAUSIBLE_YEARS

MIN_YEAR, MAX_YEAR = PLAUSIBLE_YEARS
MAX_NAME_LENGTH = 200  # SIPRI's longest names are under 60 characters


@dataclass(frozen=True)
class Problem:
    """One value that could not be read: where it is and what was expected."""

    line: int  # line number in the file, 1-based, as a text editor shows it
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"line {self.line}, column {self.column!r}: {shown!r} - expected {self.expected}"



def read_number(text: str) -> tuple[float | None, bool] | None:
    """Read a SIPRI number: ``12``, ``0.5``, ``0 `` (trailing space), estimates ``(12)`` or ``12?``.

    Returns (value, is_estimate), (None, False) for an empty cell, or None when unreadable.
    """
    value = text.strip()
    if value == "":
        return None, False
    estimate = False
    if value.startswith("(") and value.endswith(")"):
        value, estimate = value[1:-1].strip(), True
    if value.endswith("?"):
        value, estimate = value[:-1].strip(), True
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", value):
        return None
    return float(value), estimate


def read_year(text: str) -> tuple[int | None, bool] | None:
    """Read a year (estimates as for numbers); None when unreadable or out of range."""
    parsed = read_number(text)
    if parsed is None:
        return None
    value, estimate = parsed
    if value is None:
        return None, False
    if value != int(value) or not MIN_YEAR <= value <= MAX_YEAR:
        return None
    return int(value), estimate


def read_year_list(text: str) -> list[int] | None:
    """Read a delivery-year list such as ``2017; 2019; 2021``; None when any item is unreadable."""
    items = [item for item in re.split(r"[;,]", text) if item.strip()]
    years: list[int] = []
    for item in items:
        parsed = read_year(item)
        if parsed is None or parsed[0] is None:
            return None
        years.append(parsed[0])
    return sorted(set(years))


class RowReader:
    """Reads one record's cells, collecting problems instead of raising."""

    def __init__(self, line: int, cells: list[str], positions: dict[str, int], labels: dict[str, str],
                 problems: list[Problem]):
        self.line, self.cells, self.positions, self.labels, self.problems = line, cells, positions, labels, problems
        self.ok = True

    def raw(self, key: str) -> str:
        """The cell's text, stripped; empty when the layout lacks the column."""
        position = self.positions.get(key)
        return "" if position is None else self.cells[position].strip()

    def problem(self, key: str, expected: str, value: str | None = None) -> None:
        """Record that the cell (or ``value``) is not what was expected."""
        self.ok = False
        self.problems.append(Problem(self.line, self.labels.get(key, key), self.raw(key) if value is None else value,
                                     expected))

    def text(self, key: str, required: bool = False) -> str | None:
        """The cell's text, or None when empty; a required name must be present and not too long."""
        value = self.raw(key)
        if required and not value:
            self.problem(key, "a name (the cell is empty)")
        elif required and len(value) > MAX_NAME_LENGTH:
            self.problem(key, f"a name of at most {MAX_NAME_LENGTH} characters", value)
        return value or None

    def number(self, key: str, *, integer: bool = False) -> tuple[float | None, bool]:
        """The cell as (number, is_estimate); (None, False) when empty or unreadable."""
        raw = self.raw(key)
        parsed = read_number(raw)
        if parsed is None or (integer and parsed[0] is not None and parsed[0] != int(parsed[0])):
            self.problem(key, "a whole number of 0 or more, or empty" if integer else "a number of 0 or more, or empty")
            return None, False
        return parsed

    def year(self, key: str, required: bool = False) -> tuple[int | None, bool]:
        """The cell as (year, is_estimate); (None, False) when empty or unreadable."""
        parsed = read_year(self.raw(key))
        if parsed is None or (required and parsed[0] is None):
            self.problem(key, f"a year between {MIN_YEAR} and {MAX_YEAR}" + ("" if required else ", or empty"))
            return None, False
        return parsed

    def flag(self, key: str, true: tuple[str, ...], false: tuple[str, ...]) -> bool | None:
        """The cell as True or False by the words given; None when the column is absent or unreadable."""
        if key not in self.positions:
            return None
        raw = self.raw(key)
        if raw in true:
            return True
        if raw in false:
            return False
        self.problem(key, " or ".join(repr(v) for v in true + false))
        return None

