"""Validation of an upload against its table's contract: pure, returns every problem.

Each problem names the spreadsheet row (header = row 1), the column as the file
names it, the value, and what was expected. Checks are vectorised so that a
million-row file is checked in seconds.

Formula-looking text (starting with ``=``, ``+``, ``-`` or ``@``) and HTML tags in
text fields are refused, not stored with a warning: a spreadsheet that opens a
later export would run the formula, and staff never need either in a note.
Text that passes is stored as text and the pages always show it escaped.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from armsdash import countries, programmes
from armsdash.contracts import CONTRACTS, TableContract
from armsdash.layouts import Layout, detect, normalise_header
from armsdash.readcsv import CsvTable

MAX_CELL = 10_000
MIN_YEAR = 1950
SHOWN = 200
MODES = ("append", "replace_recipient", "replace_table")
MODE_LABELS = {"append": "Add and update rows", "replace_recipient": "Replace the file's recipients' rows",
               "replace_table": "Replace the whole table"}

COUNTRY_COLUMNS = ("recipient_code", "supplier_code", "origin_code")
YEAR_COLUMNS = ("period_start", "period_end", "year", "contract_year", "as_of_year")
PERCENT_COLUMNS = ("share_pct",)
NON_NEGATIVE_COLUMNS = ("units", "units_ordered", "units_delivered", "contract_value_usd_mn", "tiv_mn")
STRICT_DATE_COLUMNS = ("published_date",)
LOOSE_DATE_COLUMNS = ("promised_delivery", "actual_or_expected_delivery")
SOURCE_REF_COLUMNS = ("source_id", "release_id")
URL_COLUMNS = ("url",)
# Shares of one recipient (and source, period ...) must not add up to more than 100.
SHARE_GROUPS = {
    "published_import_shares": ("recipient_code", "period_start", "period_end", "source_id"),
    "inventory_origin": ("recipient_code", "service_or_category", "as_of_year", "source_id"),
}

_INT = r"[+-]?[0-9]+(\.0*)?"
_NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
_FORMULA = r"[=+\-@]"
_HTML = r"(?i)<[ \t]*/?[ \t]*[a-z!][^>]*>|javascript[ \t]*:"
_DATE_FORMS = {
    "year": r"[0-9]{4}",
    "month": r"[0-9]{4}-[0-9]{2}",
    "day": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "range": r"[0-9]{4}[ \t]*-[ \t]*[0-9]{4}",
}
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_PROBLEM_COLUMNS = ["row", "column", "value", "expected", "severity"]


@dataclass(frozen=True)
class Problem:
    """One problem in an upload, as a spreadsheet user finds it."""

    row: int
    column: str
    value: str
    expected: str
    severity: str = "error"

    def message(self) -> str:
        """One line: ``Row 5, status: 'delayd' - expected one of ...``."""
        return f"Row {self.row}, {self.column}: {self.value!r} - expected {self.expected}"


@dataclass
class Checked:
    """The outcome of validating one upload."""

    table: str | None
    layout: Layout | None
    raw: pd.DataFrame  # the file's cells, indexed by spreadsheet row
    frame: pd.DataFrame  # contract columns, typed; meaningful only when ok
    problems: pd.DataFrame  # row, column, value, expected, severity; sorted by row

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
        header_reasons = reasons[reasons.index < 2]
        if len(header_reasons):
            head = pd.DataFrame({"row": [1], "reason": ["; ".join(header_reasons)]})
            rows = pd.concat([head, rows], ignore_index=True)
        return rows.reset_index(drop=True).fillna("")


def unreadable(message: str) -> Checked:
    """The outcome for a file that cannot be read at all: one problem in row 1."""
    out = _Collector()
    out.add_one(1, "", "", message)
    return Checked(None, None, pd.DataFrame(), pd.DataFrame(), out.frame())


def _shown(values: pd.Series) -> pd.Series:
    """Values as a message shows them: at most 100 characters."""
    return values.where(values.str.len() <= 100, values.str.slice(0, 100) + "...")


class _Collector:
    """Collects problems as small DataFrames (so a million bad cells stay cheap)."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, values: pd.Series, column: str, expected, severity: str = "error") -> None:
        """Record a problem for every row where ``mask`` is true."""
        if not mask.any():
            return
        bad = values[mask]
        exp = expected[mask].to_numpy() if isinstance(expected, pd.Series) else expected
        self.parts.append(pd.DataFrame({
            "row": bad.index.to_numpy(), "column": column, "value": _shown(bad.astype(str)).to_numpy(),
            "expected": exp, "severity": severity,
        }))

    def add_one(self, row: int, column: str, value: str, expected: str, severity: str = "error") -> None:
        """Record a single problem."""
        self.parts.append(pd.DataFrame({"row": [row], "column": [column], "value": [value],
                                        "expected": [expected], "severity": [severity]}))

    def frame(self) -> pd.DataFrame:
        """Every problem, sorted by row then column order of discovery."""
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in _PROBLEM_COLUMNS})
        out = pd.concat(self.parts, ignore_index=True)
        return out.sort_values("row", kind="stable").reset_index(drop=True)


def validate(table_csv: CsvTable, *, table: str | None = None, known_sources: Collection[str] = (),
             known_countries: Collection[str] = (), mode: str = "append", year_max: int | None = None) -> Checked:
    """Check an upload against its table's contract and return the typed rows and every problem.

    ``table`` forces the table (else it is recognised from the header);
    ``known_sources`` are the source ids a row may cite besides those in the upload
    itself; ``known_countries`` are codes accepted as they are (those of the store's
    countries table, e.g. SIPRI's non-state actors) besides the names and codes
    ``countries`` knows; ``year_max`` is the latest year accepted (default: next year).
    """
    year_max = year_max or dt.date.today().year + 1
    out = _Collector()
    raw = table_csv.frame
    if table is not None and table not in CONTRACTS:
        out.add_one(1, "", "", f"a table name, one of: {', '.join(CONTRACTS)}")
        return Checked(None, None, raw, pd.DataFrame(), out.frame())
    if mode not in MODES:
        out.add_one(1, "", mode, f"a mode, one of: {', '.join(MODES)}")
        return Checked(None, None, raw, pd.DataFrame(), out.frame())
    layout = detect(list(raw.columns), table)
    if layout is None:
        tables = "; ".join(f"{c.table} ({', '.join(c.column_names)})" for c in CONTRACTS.values())
        out.add_one(1, "", ", ".join(raw.columns)[:200],
                    f"the header of one of the tables (download a template): {tables}")
        return Checked(None, None, raw, pd.DataFrame(), out.frame())
    contract = CONTRACTS[layout.table]
    cells = raw.copy()
    cells.columns = normalise_header(list(raw.columns))
    present = _check_columns(cells, layout, contract, mode, out)
    cells = cells.rename(columns=layout.renames)
    frame = pd.DataFrame(index=cells.index)
    for column in contract.columns:
        if column.name in layout.derived:
            continue
        if column.name not in present:
            frame[column.name] = pd.Series(pd.NA, index=cells.index, dtype=_dtype(column.type))
            continue
        frame[column.name] = _check_column(cells[column.name], column, layout, table_csv.delimiter,
                                           year_max, set(known_countries), out)
    for column in contract.columns:
        if column.type == "varchar" and column.name in frame:
            frame[column.name] = frame[column.name].where(frame[column.name] != "")
    _derive(frame, layout)
    frame = frame[contract.column_names]
    checkable = set(present) | set(layout.derived)
    _check_rows(frame, contract, layout, checkable, known_sources, out)
    return Checked(layout.table, layout, raw, frame, out.frame())


def _dtype(kind: str) -> str:
    return {"integer": "Int64", "double": "Float64", "boolean": "boolean"}.get(kind, "str")


def _check_columns(cells: pd.DataFrame, layout: Layout, contract: TableContract, mode: str,
                   out: _Collector) -> set[str]:
    """Report missing and extra columns; return the contract columns present."""
    names = list(cells.columns)
    for name in layout.required_columns():
        if name not in names:
            out.add_one(1, name, "", f"a column named {name!r} (required by the {contract.table} template)")
    expected = layout.expected_columns()
    for name in names:
        if name not in expected:
            out.add_one(1, name, name, f"only the template's columns: {', '.join(expected)}")
    if mode == "replace_recipient" and "recipient_code" not in contract.column_names:
        out.add_one(1, "", mode, f"mode append or replace_table: {contract.table} has no recipient")
    present = {layout.renames.get(n, n) for n in names if n in expected}
    return present & set(contract.column_names)


def _check_column(values: pd.Series, column, layout: Layout, delimiter: str, year_max: int,
                  known_countries: set[str], out: _Collector) -> pd.Series:
    """Check one column's cells and return them converted to the column's type."""
    name = layout.file_column(column.name)
    filled = values != ""
    too_long = values.str.len() > MAX_CELL
    out.add(too_long, values, name, f"at most {MAX_CELL:,} characters")
    if column.required:
        out.add(~filled, values, name, "a value (this column is required)")
    if column.type == "integer":
        text = values.str.replace(",", ".", regex=False) if delimiter == ";" else values
        # more than 18 digits does not fit an integer column (a 40-digit value raised in astype)
        ok = text.str.fullmatch(_INT) & (text.str.len() <= 18)
        out.add(filled & ~ok, values, name, "a whole number")
        converted = pd.to_numeric(text.where(filled & ok), errors="coerce").astype("Int64")
        return _check_range(converted, values, column.name, name, year_max, out)
    if column.type == "double":
        text = values.str.replace(",", ".", regex=False) if delimiter == ";" else values
        ok = text.str.fullmatch(_NUMBER)
        hint = " (without a % sign)" if column.name in PERCENT_COLUMNS else ""
        out.add(filled & ~ok, values, name, f"a number{hint}")
        converted = pd.to_numeric(text.where(filled & ok), errors="coerce").astype("Float64")
        return _check_range(converted, values, column.name, name, year_max, out)
    if column.type == "boolean":
        lowered = values.str.lower()
        ok = lowered.isin(_TRUE | _FALSE)
        out.add(filled & ~ok, values, name, "true or false")
        return lowered.map({**{t: True for t in _TRUE}, **{f: False for f in _FALSE}}).astype("boolean")
    return _check_text(values, filled & ~too_long, column, name, known_countries, out)


def _check_range(converted: pd.Series, values: pd.Series, column: str, name: str, year_max: int,
                 out: _Collector) -> pd.Series:
    if column in YEAR_COLUMNS:
        out.add((converted < MIN_YEAR) | (converted > year_max), values, name,
                f"a year from {MIN_YEAR} to {year_max}")
    if column in PERCENT_COLUMNS:
        out.add((converted < 0) | (converted > 100), values, name, "a share from 0 to 100")
    if column in NON_NEGATIVE_COLUMNS:
        out.add(converted < 0, values, name, "a number that is not negative")
    return converted


def _per_unique(values: pd.Series, func) -> pd.Series:
    """``values.map(func)`` computed once per distinct value (files repeat values a lot)."""
    return values.map({v: func(v) for v in values.unique()})


def _fold(value: str) -> str:
    return " ".join(re.split(r"[\s_-]+", value.strip().lower()))


def _check_text(values: pd.Series, filled: pd.Series, column, name: str, known_countries: set[str],
                out: _Collector) -> pd.Series:
    """Text columns: allowed values, countries, dates, URLs, formulas and HTML. Returns cleaned text."""
    out.add(filled & values.str.match(_FORMULA), values, name,
            "text that does not start with =, +, - or @ (a spreadsheet would run it as a formula)")
    html = values.str.contains(_HTML, regex=True) if column.name not in URL_COLUMNS else filled & False
    out.add(filled & html, values, name,
            "plain text without HTML tags or javascript: links")
    result = values.copy()
    if column.allowed:
        canonical = {_fold(a): a for a in column.allowed}
        folded = _per_unique(values, _fold)
        ok = folded.isin(canonical)
        bad = filled & ~ok
        if bad.any():
            out.add(bad, values, name, _per_unique(values.where(bad, ""), lambda v: _allowed_message(v, column.allowed)))
        result = folded.map(canonical).where(ok, values)
    if column.name in COUNTRY_COLUMNS:
        result = _check_countries(values, filled, name, known_countries, out)
    if column.name in STRICT_DATE_COLUMNS + LOOSE_DATE_COLUMNS:
        _check_dates(values, filled, name, loose=column.name in LOOSE_DATE_COLUMNS, out=out)
    if column.name in URL_COLUMNS:
        out.add(filled & ~values.str.fullmatch(r"https?://[^ \t\r\n]+"), values, name,
                "a web address starting with http:// or https://")
    return result


def _allowed_message(value: str, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(_fold(value), [_fold(a) for a in allowed], n=1, cutoff=0.6)
    hint = ""
    if close:
        hint = f" (did you mean {next(a for a in allowed if _fold(a) == close[0])}?)"
    return f"one of: {', '.join(allowed)}{hint}"


def _check_countries(values: pd.Series, filled: pd.Series, name: str, known: set[str],
                     out: _Collector) -> pd.Series:
    """Map names or codes to codes; unknown names get suggestions."""
    uniques = values[filled].unique()
    codes = {v: v if v in known else countries.code_for(v) for v in uniques}
    mapped = values.map(codes)
    unknown = filled & mapped.isna()
    messages = {}
    for value in values[unknown].unique():
        hint = countries.suggest(value)
        extra = f" (did you mean {', '.join(hint)}?)" if hint else ""
        messages[value] = f"a known country name or ISO3 code: unknown country {value!r}{extra}"
    out.add(unknown, values, name, values.map(messages))
    return mapped.where(mapped.notna(), values.where(filled)).astype("str")


def _check_dates(values: pd.Series, filled: pd.Series, name: str, *, loose: bool, out: _Collector) -> None:
    forms = dict(_DATE_FORMS)
    if not loose:
        forms.pop("range")
    matches = {form: values.str.fullmatch(pattern) for form, pattern in forms.items()}
    any_form = pd.concat(matches.values(), axis=1).any(axis=1)
    listed = "YYYY, YYYY-MM, YYYY-MM-DD" + (", YYYY-YYYY" if loose else "")
    if loose:
        free_text = (values.str.contains(r"(?:^|[^0-9])(?:19|20)[0-9]{2}(?:[^0-9]|$)", regex=True)
                     & ~values.str.fullmatch(r"[0-9 ./-]+"))
        out.add(filled & ~any_form & ~free_text, values, name,
                f"a date: {listed}, or words with a year such as 'late 2022-early 2023'")
    else:
        out.add(filled & ~any_form, values, name, f"a date: {listed}")
    month = values.str.slice(5, 7)
    bad_month = (matches["month"] | matches["day"]) & ~month.isin([f"{m:02d}" for m in range(1, 13)])
    out.add(bad_month, values, name, "a month from 01 to 12")
    days = pd.to_datetime(values.where(matches["day"]), format="%Y-%m-%d", errors="coerce")
    out.add(matches["day"] & ~bad_month & days.isna(), values, name, "a day that exists in that month")
    if loose:
        backwards = matches["range"] & (values.str.slice(0, 4) > values.str.slice(-4))
        out.add(backwards, values, name, "a range whose first year is not after its last (YYYY-YYYY)")


def _derive(frame: pd.DataFrame, layout: Layout) -> None:
    """Fill the columns a layout derives (programme ids, origin codes)."""
    if "programme_id" in layout.derived:
        parts = frame[["recipient_code", "supplier_code", "system"]]
        ids = {(r, s, sy): programmes.programme_id(r, s, sy) if isinstance(sy, str) and sy else None
               for r, s, sy in parts.drop_duplicates().itertuples(index=False)}
        frame["programme_id"] = pd.Series([ids[t] for t in parts.itertuples(index=False, name=None)],
                                          index=frame.index, dtype="str")
    if "origin_code" in layout.derived:
        labels = frame["origin_label"]
        codes = {v: countries.code_for(v) for v in labels.dropna().unique()}
        frame["origin_code"] = labels.map(codes).astype("str")


def _check_rows(frame: pd.DataFrame, contract: TableContract, layout: Layout, checkable: set[str],
                known_sources: Collection[str], out: _Collector) -> None:
    """Checks across columns and rows: periods, duplicate keys, share sums, source references."""
    if {"period_start", "period_end"} <= checkable:
        backwards = frame["period_start"] > frame["period_end"]
        out.add(backwards.fillna(False), frame["period_end"].astype(str), layout.file_column("period_end"),
                "a last year not before period_start")
    key = list(contract.key)
    if key and set(key) <= checkable:
        dup = frame.duplicated(key, keep="first")
        if dup.any():
            first_row = frame.reset_index().groupby(key, dropna=False)["row"].transform("min")
            first_row.index = frame.index
            dups = frame.loc[dup, key].astype(str)
            shown = dups[key[0]]
            for k in key[1:]:
                shown = shown + " / " + dups[k]
            shown = shown.reindex(frame.index)
            names = ", ".join(layout.file_column(k) for k in key)
            derived = [k for k in key if k in layout.derived]
            note = f"; {derived[0]} is derived from the other columns" if derived else ""
            expected = "a unique " + names + " (the same as row " + first_row.astype(str) + note + ")"
            out.add(dup, shown, names, expected)
    group = SHARE_GROUPS.get(contract.table)
    if group and set(group) | {"share_pct"} <= checkable:
        totals = frame.groupby(list(group), dropna=False)["share_pct"].transform("sum")
        last = ~frame.duplicated(list(group), keep="last")
        sizes = frame.groupby(list(group), dropna=False)["share_pct"].transform("size")
        over = (totals > 100).fillna(False) & last & (sizes > 1)
        if over.any():
            group_id = frame.groupby(list(group), dropna=False).ngroup()
            rows_of = pd.Series(frame.index, index=frame.index).groupby(group_id)
            listed = rows_of.agg(lambda rows: ", ".join(map(str, rows[:10])) + (f" ... ({len(rows)} rows)"
                                                                                if len(rows) > 10 else ""))
            grouped = group_id.map(listed).where(over, "")
            expected = ("shares of one " + ", ".join(group) + " that add up to at most 100 (rows "
                        + grouped + " add up to " + totals.round(2).astype(str) + ")")
            out.add(over, totals.astype(str), layout.file_column("share_pct"), expected)
    known = set(known_sources)
    if contract.table == "sources" and "source_id" in checkable:
        known |= set(frame["source_id"].dropna())
    for column in SOURCE_REF_COLUMNS:
        if column in checkable and column in contract.column_names and contract.table != "sources":
            ids = frame[column]
            filled = ids.notna() & (ids != "")
            missing = filled & ~ids.isin(known)
            messages = {v: _source_message(v, known) for v in ids[missing].unique()}
            out.add(missing, ids.astype(str), layout.file_column(column), ids.map(messages))


def _source_message(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"a source_id listed in the sources table (upload the source first){hint}"
