"""Validation of an upload against its table's contract: pure, returns every problem.

Each problem names the spreadsheet row (header = row 1), the column as the file
names it, the value, and what was expected. The checks run as SQL in an in-memory
DuckDB over the parsed cells (an Arrow table, not copied): the cells' rules come from
``cellrules``, the checks across rows (periods, duplicate keys, share sums, source
references) are here. A million-row file is checked in about a second.

Formula-looking text (starting with ``=``, ``+``, ``-`` or ``@``) and HTML tags in
text fields are refused, not stored with a warning: a spreadsheet that opens a
later export would run the formula, and staff never need either in a note.
Text that passes is stored as text and the pages always show it escaped.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from armsdash import config, countries
from armsdash.contracts import CONTRACTS, ENTITY_REFERENCES, Column, TableContract
from armsdash.ingest import parallel, programmes
from armsdash.ingest.cellcheck import ColumnResult, check_column
from armsdash.ingest.cellrules import column_sql
from armsdash.ingest.checked import PROBLEM_COLUMNS, WHOLE_ROW, Checked
from armsdash.ingest.layouts import Layout, detect, normalise_header
from armsdash.ingest.readcsv import CsvTable

MODES = ("append", "replace_recipient", "replace_table")
MODE_LABELS = {"append": "Add and update rows", "replace_recipient": "Replace the file's recipients' rows",
               "replace_table": "Replace the whole table"}
SOURCE_REF_COLUMNS = ("source_id", "release_id", "maker_source_id", "count_source_id")
# Shares of one recipient (and source, period ...) must not add up to more than 100.
SHARE_GROUPS = {
    "published_import_shares": ("recipient_code", "period_start", "period_end", "source_id"),
    "inventory_origin": ("recipient_code", "service_or_category", "as_of_year", "source_id"),
}
DELIVERED_RULE = "at most units_ordered, unless the row's note says why (e.g. options exercised)"
EXAMPLE_ROW = "this is the template's example row: replace it with your own rows or delete it"
_ARROW_TYPES = {"integer": pa.int64(), "double": pa.float64(), "boolean": pa.bool_()}


def unreadable(message: str) -> Checked:
    """The outcome for a file that cannot be read at all: one problem in row 1."""
    out = _Collector()
    out.add_one(1, "", "", message)
    return Checked(None, None, None, None, out.frame())


def _shown(values: pd.Series) -> pd.Series:
    """Values as a message shows them: at most 100 characters."""
    values = values.astype(str)
    return values.where(values.str.len() <= 100, values.str.slice(0, 100) + "...")


class _Collector:
    """Collects problems as small DataFrames, each with its order of discovery within a row."""

    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, rows, values, column: str, expected) -> None:
        """Record a problem for each of ``rows`` (with its ``values``; ``expected`` text or one per row)."""
        rows = pd.Series(rows).to_numpy()
        if len(rows) == 0:
            return
        self.parts.append(pd.DataFrame({
            "row": rows.astype("int64"), "column": column, "value": _shown(pd.Series(values)).to_numpy(),
            "expected": expected if isinstance(expected, str) else pd.Series(expected).to_numpy(),
            "severity": "error", "seq": len(self.parts),
        }))

    def add_one(self, row: int, column: str, value: str, expected: str) -> None:
        """Record a single problem."""
        self.add([row], [value], column, expected)

    def frame(self) -> pd.DataFrame:
        """Every problem, sorted by row, then in the order they were found."""
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in PROBLEM_COLUMNS})
        out = pd.concat(self.parts, ignore_index=True)
        out = out.sort_values(["row", "seq"], kind="stable")
        return out[PROBLEM_COLUMNS].reset_index(drop=True)


def validate(table_csv: CsvTable, *, table: str | None = None, known_sources: Collection[str] = (),
             known_countries: Collection[str] = (), mode: str = "append", year_max: int | None = None,
             known_entities: Collection[str] | None = None) -> Checked:
    """Check an upload against its table's contract and return the typed rows and every problem.

    ``table`` forces the table (else it is recognised from the header);
    ``known_sources`` are the source ids a row may cite besides those in the upload
    itself; ``known_countries`` are codes accepted as they are (those of the store's
    countries table, e.g. SIPRI's non-state actors) besides the names and codes
    ``countries`` knows; ``year_max`` is the latest year accepted (default: next year); ``known_entities``
    are the entity ids (of the store) that rows may name besides those in the upload (None: not checked).
    """
    year_max = year_max or config.latest_upload_year()
    out = _Collector()
    header = table_csv.header
    if table is not None and table not in CONTRACTS:
        out.add_one(1, "", "", f"a table name, one of: {', '.join(CONTRACTS)}")
        return Checked(None, None, table_csv, None, out.frame())
    if mode not in MODES:
        out.add_one(1, "", mode, f"a mode, one of: {', '.join(MODES)}")
        return Checked(None, None, table_csv, None, out.frame())
    layout = detect(header, table)
    if layout is None:
        tables = "; ".join(f"{c.table} ({', '.join(c.column_names)})" for c in CONTRACTS.values())
        out.add_one(1, "", ", ".join(header)[:200], f"the header of one of the tables (download a template): {tables}")
        return Checked(None, None, table_csv, None, out.frame())
    contract = CONTRACTS[layout.table]
    names = normalise_header(header)
    present = _check_columns(names, layout, contract, mode, out)
    position = {layout.renames.get(n, n): i for i, n in enumerate(names)}
    options = {"delimiter": table_csv.delimiter, "year_max": year_max, "known_countries": set(known_countries)}
    with duckdb.connect() as con:

        def check(numbered: tuple[int, Column]) -> ColumnResult:
            i, column = numbered
            cursor = con.cursor()  # a connection serves one thread at a time; a cursor each
            try:
                return check_column(cursor, column_sql(column, "v", f"map_{i}", **options), column.type,
                                    table_csv.cells.column(position[column.name]), table_csv.rows)
            finally:
                cursor.close()

        _check_example(table_csv, contract, {n: position[n] for n in present}, out)
        checked = [(i, c) for i, c in enumerate(contract.columns) if c.name in present]
        typed = {}
        for (_i, column), result in zip(checked, parallel.map_threads(check, checked)):
            typed[column.name] = result.typed
            for failed in result.failed:
                expected = failed.rule.expected
                if callable(expected):
                    messages = {v: expected(v) for v in set(failed.values)}
                    expected = [messages[v] for v in failed.values]
                out.add(failed.rows, failed.values, layout.file_column(column.name), expected)
        table = _derive(_typed_table(contract, typed, table_csv.rows), layout)
        con.register("typed", table)
        checkable = set(present) | set(layout.derived)
        _check_rows(con, contract, layout, checkable, known_sources, out)
        if known_entities is not None:
            _check_entities(con, contract, layout, checkable, set(known_entities), out)
    return Checked(layout.table, layout, table_csv, table.drop_columns(["row"]), out.frame(), table_csv.rows)


def _check_columns(names: list[str], layout: Layout, contract: TableContract, mode: str,
                   out: _Collector) -> set[str]:
    """Report missing and extra columns; return the contract columns present."""
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


def _typed_table(contract: TableContract, typed: dict[str, pa.Array], rows: pa.Array) -> pa.Table:
    """The contract's columns in order (those not in the file empty), then each row's spreadsheet ``row``."""
    arrays = {c.name: typed.get(c.name, pa.nulls(len(rows), _ARROW_TYPES.get(c.type, pa.string())))
              for c in contract.columns}
    return pa.table({**arrays, "row": rows})


def _derive(typed: pa.Table, layout: Layout) -> pa.Table:
    """Fill the columns a layout derives (programme ids, origin codes), once per distinct input."""
    if "programme_id" in layout.derived:
        parts = list(zip(*(typed.column(c).to_pylist() for c in ("recipient_code", "supplier_code", "system"))))
        ids = {t: programmes.programme_id(*t) if isinstance(t[2], str) and t[2] else None for t in set(parts)}
        typed = typed.set_column(typed.column_names.index("programme_id"), "programme_id",
                                 pa.array([ids[t] for t in parts], pa.string()))
    if "origin_code" in layout.derived:
        labels = typed.column("origin_label").to_pylist()
        codes = {v: countries.code_for(v) for v in set(labels) if v is not None}
        typed = typed.set_column(typed.column_names.index("origin_code"), "origin_code",
                                 pa.array([codes.get(v) if v is not None else None for v in labels], pa.string()))
    return typed


def _check_rows(con: duckdb.DuckDBPyConnection, contract: TableContract, layout: Layout, checkable: set[str],
                known_sources: Collection[str], out: _Collector) -> None:
    """Checks across columns and rows: periods, duplicate keys, share sums, source references."""
    rows = "typed"
    if {"period_start", "period_end"} <= checkable:
        bad = con.execute(f"select row, period_end from {rows} where period_start > period_end order by row").df()
        out.add(bad["row"], bad["period_end"], layout.file_column("period_end"), "a last year not before period_start")
    if {"listed_on", "delisted_on"} <= checkable:
        # compared on the digits both dates give: '2014' is not before '2014-07', '2013-05' is before '2014'
        digits = "least(length(delisted_on), length(listed_on))"
        bad = con.execute(f"select row, delisted_on from {rows} where delisted_on is not null and listed_on is not null"
                          f" and left(delisted_on, {digits}) < left(listed_on, {digits}) order by row").df()
        out.add(bad["row"], bad["delisted_on"], layout.file_column("delisted_on"),
                "a delisting date not before the listing date (listed_on)")
    if {"units_ordered", "units_delivered"} <= checkable:
        note = "coalesce(note, '') = ''" if "note" in checkable else "true"
        bad = con.execute(f"select row, units_delivered from {rows} where units_delivered > units_ordered "
                          f"and {note} order by row").df()
        out.add(bad["row"], bad["units_delivered"], layout.file_column("units_delivered"), DELIVERED_RULE)
    key = list(contract.key)
    if key and set(key) <= checkable:
        _check_duplicates(con, key, layout, out)
    group = SHARE_GROUPS.get(contract.table)
    if group and set(group) | {"share_pct"} <= checkable:
        _check_share_sums(con, list(group), layout, out)
    known = set(known_sources)
    if contract.table == "sources" and "source_id" in checkable:
        sql = "select distinct source_id from typed where source_id is not null"
        known |= {v for (v,) in con.execute(sql).fetchall()}
    con.register("known_sources", pa.table({"id": pa.array(sorted(known), pa.string())}))
    for column in SOURCE_REF_COLUMNS:
        if column in checkable and column in contract.column_names and contract.table != "sources":
            bad = con.execute(f"select row, {column} as id from {rows} where {column} is not null "
                              f"and {column} not in (select id from known_sources) order by row").df()
            messages = {v: _source_message(v, known) for v in bad["id"].unique()}
            out.add(bad["row"], bad["id"], layout.file_column(column), bad["id"].map(messages))


def _check_entities(con: duckdb.DuckDBPyConnection, contract: TableContract, layout: Layout, checkable: set[str],
                    known: set[str], out: _Collector) -> None:
    """Entity ids that neither the store's entities table nor the file itself (an entities upload) has."""
    if contract.table == "entities" and "entity_id" in checkable:
        known |= {v for (v,) in con.execute("select distinct entity_id from typed where entity_id is not null")
                  .fetchall()}
    con.register("known_entities", pa.table({"id": pa.array(sorted(known), pa.string())}))
    for column in ENTITY_REFERENCES.get(contract.table, ()):
        if column not in checkable:
            continue
        bad = con.execute(f"select row, {column} as id from typed where {column} is not null "
                          f"and {column} not in (select id from known_entities) order by row").df()
        messages = {v: _entity_message(v, known) for v in bad["id"].unique()}
        out.add(bad["row"], bad["id"], layout.file_column(column), bad["id"].map(messages))


def _entity_message(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"an entity_id listed in the entities table (upload the entity first){hint}"


def _check_example(table_csv: CsvTable, contract: TableContract, position: dict[str, int],
                   out: _Collector) -> None:
    """Rows that are the template's example row as downloaded (every example value the file has columns for)."""
    example = {c.name: c.example for c in contract.columns if c.example and c.name in position}
    if not set(contract.key) <= set(example) and len(example) < 3:
        return
    same = None
    for name, value in example.items():
        cells = table_csv.cells.column(position[name])
        if pa.types.is_dictionary(cells.type):
            cells = cells.cast(pa.string())
        equal = pc.fill_null(pc.equal(cells, value), False)
        same = equal if same is None else pc.and_(same, equal)
        if not pc.any(same).as_py():
            return
    rows = pc.filter(table_csv.rows, same.combine_chunks() if isinstance(same, pa.ChunkedArray) else same)
    out.add(rows.to_numpy(), [""] * len(rows), WHOLE_ROW, EXAMPLE_ROW)


def _check_duplicates(con: duckdb.DuckDBPyConnection, key: list[str], layout: Layout, out: _Collector) -> None:
    """Rows whose key an earlier row of the file already has."""
    keys = ", ".join(key)
    # distinct hashes mean distinct keys; counting hashes (integers) is cheaper than grouping the keys
    if con.execute(f"select count(distinct hash({keys})) = count(*) from typed").fetchall()[0][0]:
        return
    if not con.execute(f"select 1 from typed group by {keys} having count(*) > 1 limit 1").fetchall():
        return
    shown = " || ' / ' || ".join(f"coalesce(cast({k} as varchar), '')" for k in key)
    bad = con.execute(
        f"select row, {shown} as shown, first_row from (select row, {keys}, min(row) over w as first_row, "
        f"row_number() over (w order by row) as n from typed window w as "
        f"(partition by {keys})) where n > 1 order by row"
    ).df()
    names = ", ".join(layout.file_column(k) for k in key)
    derived = [k for k in key if k in layout.derived]
    note = f"; {derived[0]} is derived from the other columns" if derived else ""
    expected = "a unique " + names + " (the same as row " + bad["first_row"].astype(str) + note + ")"
    out.add(bad["row"], bad["shown"], names, expected)


def _check_share_sums(con: duckdb.DuckDBPyConnection, group: list[str], layout: Layout, out: _Collector) -> None:
    """Groups (of more than one row) whose shares add up to more than 100, reported on their last row."""
    keys = ", ".join(group)
    bad = con.execute(
        f"select max(row) as row, sum(share_pct) as total, list(row order by row) as rows "
        f"from typed group by {keys} having count(*) > 1 and sum(share_pct) > 100 "
        "order by 1"
    ).df()
    if bad.empty:
        return
    listed = bad["rows"].map(lambda rows: ", ".join(map(str, rows[:10]))
                             + (f" ... ({len(rows)} rows)" if len(rows) > 10 else ""))
    totals = bad["total"].astype(float)
    expected = ("shares of one " + ", ".join(group) + " that add up to at most 100 (rows "
                + listed + " add up to " + totals.round(2).astype(str) + ")")
    out.add(bad["row"], totals.astype(str), layout.file_column("share_pct"), expected)


def _source_message(value: str, known: set[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"a source_id listed in the sources table (upload the source first){hint}"
