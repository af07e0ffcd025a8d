"""Records that a line break inside an unquoted free-text field split over several lines, joined back.

SIPRI writes no quotes, so a line break inside a Comments (or designation, description) cell ends the
line there and the rest of the record sits on the next line(s). The rule, the same for every layout:
a line that cannot stand as a record (its field count is not the header's) is joined to the lines
around it when exactly one way of joining the run of such lines makes whole records: the field count
matches, every break falls inside a free-text column, and the joined record reads without a problem.
Otherwise nothing is joined: each line is reported as before, with the reason when the join is ambiguous.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from armsdash.ingest.sipri_rows import Problem

MAX_JOIN_LINES = 4  # a record broken by up to three line breaks
MAX_RUN = 40  # more broken lines in a row than this is no line-break problem: refuse as before
MAX_ATTEMPTS = 2000  # joined records type-checked per file, at most (a hostile file must not run long)

Row = tuple[int, list[str]]


@dataclass(frozen=True)
class Join:
    """One record read from several lines: its line numbers and the column(s) the breaks fell in."""

    lines: tuple[int, ...]
    columns: tuple[str, ...]

    def __str__(self) -> str:
        return f"lines {self.lines[0]}–{self.lines[-1]} ({', '.join(dict.fromkeys(self.columns))})"


def join_text(left: str, right: str) -> str:
    """The two halves of a cell split by a line break, read as one: the break becomes one space."""
    return " ".join(part for part in (left.rstrip(), right.lstrip()) if part)


class _Joiner:
    def __init__(self, width: int, free_text: dict[int, str], fits: Callable[[int, list[str]], list[Problem]]):
        self.width, self.free_text, self.fits = width, free_text, fits
        self.attempts = 0
        self.near: dict[int, str] = {}  # line -> why the join that would have had the right width does not read

    def group(self, run: list[Row], start: int, size: int) -> tuple[list[str], tuple[str, ...]] | None:
        """The record lines ``run[start:start + size]`` make when joined, with the broken columns; None if none."""
        pieces = [cells for _line, cells in run[start:start + size]]
        if sum(len(p) for p in pieces) - (size - 1) != self.width:
            return None
        cells = list(pieces[0])
        columns: list[str] = []
        for piece in pieces[1:]:
            position = len(cells) - 1
            if position not in self.free_text:
                return None
            columns.append(self.free_text[position])
            cells[-1] = join_text(cells[-1], piece[0])
            cells.extend(piece[1:])
        if self.attempts >= MAX_ATTEMPTS:
            return None
        self.attempts += 1
        problems = self.fits(run[start][0], cells)
        if problems:
            lines = f"{run[start][0]}–{run[start + size - 1][0]}"
            for line, _cells in run[start:start + size]:
                self.near.setdefault(line, f"; joined as lines {lines} it would have the header's fields, but its "
                                           f"{problems[0].column!r} would be {problems[0].value!r} (expected "
                                           f"{problems[0].expected}), so it was not joined")
            return None
        return cells, tuple(columns)

    def cover(self, run: list[Row]) -> tuple[list[tuple[int, int, list[str] | None, tuple[str, ...]]], list[str]]:
        """The best way to read a run of broken lines: fewest lines left over, and the alternatives if not unique.

        Returns the pieces (start, size, joined cells or None for a line left as it is, columns) and,
        when two ways leave equally few lines over, the joins each way makes (the ambiguity).
        """
        n = len(run)
        groups = {(i, k): found for i in range(n) for k in range(2, MAX_JOIN_LINES + 1)
                  if i + k <= n and (found := self.group(run, i, k)) is not None}
        # best[i] = (lines left over from i on, ways that achieve it (capped at 2), first step)
        best: list[tuple[int, int, int]] = [(0, 1, 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            options = [(best[i + 1][0] + 1, best[i + 1][1], 1)]
            options += [(best[i + k][0], best[i + k][1], k) for (j, k) in groups if j == i]
            low = min(o[0] for o in options)
            ways = min(2, sum(o[1] for o in options if o[0] == low))
            best[i] = (low, ways, next(o[2] for o in options if o[0] == low))
        pieces, i = [], 0
        while i < n:
            k = best[i][2]
            joined, columns = groups[(i, k)] if k > 1 else (None, ())
            pieces.append((i, k, joined, columns))
            i += k
        ambiguous = [f"{run[i][0]}–{run[i + k - 1][0]}" for (i, k) in groups] if best[0][1] > 1 else []
        return pieces, ambiguous


def join_broken(rows: list[Row], width: int, free_text: dict[int, str],
                fits: Callable[[int, list[str]], list[Problem]],
                header_line: int) -> tuple[list[Row], list[Join], list[Problem]]:
    """Join the records a line break split (see the module's rule); return records, joins and problems.

    ``rows``: the data lines (line number, cells); ``width``: the header's field count; ``free_text``:
    position -> header label of each free-text column; ``fits(line, cells)``: the problems reading a joined
    record (none: it type-checks). Lines that stay broken are problems, as a record of the wrong width always was.
    """
    joiner = _Joiner(width, free_text, fits)
    records: list[Row] = []
    joins: list[Join] = []
    problems: list[Problem] = []

    def wrong_width(line: int, cells: list[str], reason: str = "") -> None:
        problems.append(Problem(line, "(whole row)", ",".join(cells)[:60],
                                f"{width} comma-separated fields as in the header on line {header_line}, "
                                f"found {len(cells)}{reason}"))

    def flush(run: list[Row]) -> None:
        if not run:
            return
        if not free_text or len(run) > MAX_RUN:
            for line, cells in run:
                wrong_width(line, cells)
            return
        pieces, ambiguous = joiner.cover(run)
        if ambiguous:
            reason = (f"; a line break inside a text field may have split records here, but lines "
                      f"{run[0][0]}–{run[-1][0]} can be joined in more than one way ({', '.join(ambiguous)}), "
                      "so none was joined: join them in the file by hand")
            for line, cells in run:
                wrong_width(line, cells, reason)
            return
        for start, size, joined, columns in pieces:
            if joined is None:
                line, cells = run[start]
                wrong_width(line, cells, joiner.near.get(line, ""))
            else:
                records.append((run[start][0], joined))
                joins.append(Join(tuple(line for line, _cells in run[start:start + size]), columns))

    run: list[Row] = []
    for line, cells in rows:
        if len(cells) == width:
            flush(run)
            run = []
            records.append((line, cells))
        else:
            run.append((line, cells))
    flush(run)
    return records, joins, problems
