"""What validating an upload found: each problem as a spreadsheet user finds it, and the outcome of one upload."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd
import pyarrow as pa

from armsdash.ingest.cellrules import MAX_CELL
from armsdash.ingest.layouts import Layout
from armsdash.ingest.readcsv import CsvTable, strings

SHOWN = 200
WHOLE_ROW = "(whole row)"
PROBLEM_COLUMNS = ["row", "column", "value", "expected", "severity"]
_PANDAS_TYPES = {pa.int64(): pd.Int64Dtype(), pa.int32(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(),
                 pa.bool_(): pd.BooleanDtype()}


@dataclass(frozen=True)
class Problem:
    """One problem in an upload, as a spreadsheet user finds it."""

    row: int
    column: str
    value: str
    expected: str
    severity: str = "error"

    def message(self) -> str:
        """One line: ``Row 5, status: 'delayd' - expected one of ...``; a whole-file refusal is its sentence alone."""
        if not self.column and not self.value:
            return self.expected
        if self.column == WHOLE_ROW:
            return f"Row {self.row}: {self.expected}"
        where = f"Row {self.row}, {self.column}" if self.column else f"Row {self.row}"
        return f"{where}: {self.value!r} - expected {self.expected}"


@dataclass
class Checked:
    """The outcome of validating one upload."""

    table: str | None
    layout: Layout | None
    cells: CsvTable | None  # the file's cells with their spreadsheet rows
    typed: pa.Table | None  # contract columns, typed; meaningful only when ok
    problems: pd.DataFrame  # row, column, value, expected, severity; sorted by row
    typed_rows: pa.Array | None = None  # the spreadsheet row of each typed row
    checksum: str | None = None  # the file's sha256 (set by ingest.check_upload)

    @cached_property
    def raw(self) -> pd.DataFrame:
        """The file's cells, indexed by spreadsheet row."""
        return self.cells.frame if self.cells is not None else pd.DataFrame()

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The contract columns, typed, indexed by spreadsheet row (made on first use)."""
        if self.typed is None or self.typed_rows is None:
            return pd.DataFrame()
        frame = strings(self.typed).to_pandas(types_mapper=_PANDAS_TYPES.get)
        return frame.set_index(pd.Index(self.typed_rows.to_numpy(), name="row")).sort_index()

    @property
    def row_count(self) -> int:
        """How many data rows the file has."""
        if self.cells is not None:
            return self.cells.cells.num_rows
        return 0 if self.typed is None else self.typed.num_rows

    @property
    def error_count(self) -> int:
        """How many problems block the commit."""
        return int((self.problems["severity"] == "error").sum())

    @property
    def ok(self) -> bool:
        """True when nothing blocks the commit."""
        return self.table is not None and self.error_count == 0

    def problem_list(self, limit: int | None = SHOWN) -> list[Problem]:
        """The first ``limit`` problems (all with None), in row order."""
        head = self.problems if limit is None else self.problems.head(limit)
        return [Problem(int(r.row), str(r.column), str(r.value), str(r.expected), str(r.severity))
                for r in head.itertuples(index=False)]

    def summary(self) -> str:
        """``3 problems in 2 rows`` or ``no problems``."""
        if self.problems.empty:
            return "no problems"
        rows = self.problems["row"].nunique()
        return f"{len(self.problems):,} problem{'s' * (len(self.problems) != 1)} in {rows:,} row{'s' * (rows != 1)}"

    def rejected_rows(self) -> pd.DataFrame:
        """The rows with errors as the file had them, plus a ``reason`` column and the row number."""
        errors = self.problems[self.problems["severity"] == "error"]
        reasons = (errors.assign(reason=errors["column"] + ": " + errors["expected"])
                   .groupby("row")["reason"].agg("; ".join))
        rows = self.raw.loc[self.raw.index.intersection(reasons.index)].copy()
        rows.insert(0, "row", rows.index)
        rows["reason"] = reasons.reindex(rows.index).to_numpy()
        for column in rows.columns:  # a cell refused for its length is cut (the reason says so)
            if pd.api.types.is_string_dtype(rows[column]):
                long = rows[column].str.len() > MAX_CELL
                if long.any():
                    rows.loc[long, column] = rows.loc[long, column].str.slice(0, MAX_CELL) + "..."
        header_reasons = reasons[reasons.index < 2]
        if len(header_reasons):
            head = pd.DataFrame({"row": [1], "reason": ["; ".join(header_reasons)]})
            rows = pd.concat([head, rows], ignore_index=True)
        return rows.reset_index(drop=True).fillna("")
