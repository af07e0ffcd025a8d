"""Running the cell rules of one column over an upload: its typed values and the cells that fail.

Rules that cost more than a comparison (numbers, dates, lookups) run in DuckDB once
per distinct value, and Arrow spreads the results back over the rows (files repeat
values a lot: a million rows hold a few hundred years, countries and statuses). Text
columns whose values repeat are checked the same way; text that is mostly unique (ids,
notes), whose rules are cheap, is checked cell by cell in one DuckDB pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from armsdash.cellrules import MAX_CELL, ColumnSql, Rule

SQL_TYPES = {"integer": "bigint", "double": "double", "boolean": "boolean"}


@dataclass(frozen=True)
class Failed:
    """The cells that fail one rule: their spreadsheet rows and values."""

    rule: Rule
    rows: list[int]
    values: list[str]


@dataclass(frozen=True)
class ColumnResult:
    """One column checked: its typed values (one per row) and the cells that fail each rule."""

    typed: pa.Array
    failed: list[Failed]


def check_column(con: duckdb.DuckDBPyConnection, column: ColumnSql, kind: str, cells: pa.ChunkedArray,
                 rows: pa.Array) -> ColumnResult:
    """Check one column's cells (``column`` is its SQL over a cell named ``v``) and type them as ``kind``."""
    if column.by_value or _repetitive(cells):
        return _by_value(con, column, kind, cells, rows)
    return _by_cell(con, column, cells, rows)


def _repetitive(cells: pa.ChunkedArray, sample: int = 10_000) -> bool:
    """True when the column repeats its values (then checking each distinct value once is cheaper)."""
    head = cells.slice(0, sample)
    return len(head) > 0 and pc.count_distinct(head).as_py() <= len(head) // 2


def _flags(column: ColumnSql) -> str:
    return ", ".join(f"({rule.condition}) as f{i}" for i, rule in enumerate(column.rules))


def _join(column: ColumnSql) -> str:
    if column.lookup is None:
        return ""
    return f"left join {column.lookup_table} on {column.lookup_table}.value = v"


def _register_lookup(con: duckdb.DuckDBPyConnection, column: ColumnSql, values: list[str | None]) -> None:
    """Map each distinct value once (in Python: country names, allowed words) into the table the SQL joins."""
    wanted = [v for v in values if v and len(v) <= MAX_CELL]
    con.register(column.lookup_table, pa.table({"value": pa.array(wanted, pa.string()),
                                                "mapped": pa.array([column.lookup(v) for v in wanted], pa.string())}))


def _by_value(con: duckdb.DuckDBPyConnection, column: ColumnSql, kind: str, cells: pa.ChunkedArray,
              rows: pa.Array) -> ColumnResult:
    encoded = cells.combine_chunks().dictionary_encode()  # one hash pass: the distinct values and each row's
    uniques, index = encoded.dictionary, encoded.indices
    if column.lookup is not None:
        _register_lookup(con, column, uniques.to_pylist())
    con.register("distinct_values", pa.table({"i": pa.array(range(len(uniques)), pa.int64()), "v": uniques}))
    per_value = con.sql(f"select cast({column.typed} as {SQL_TYPES.get(kind, 'varchar')}) as typed, {_flags(column)} "
                        f"from distinct_values {_join(column)} order by i").to_arrow_table()
    con.unregister("distinct_values")
    typed = pc.take(per_value.column("typed"), index).combine_chunks()
    flags = [pc.fill_null(per_value.column(f"f{i}"), False) for i in range(len(column.rules))]
    bad_values = flags[0]
    for flag in flags[1:]:
        bad_values = pc.or_(bad_values, flag)
    if not pc.any(bad_values).as_py():
        return ColumnResult(typed, [])
    bad_index = pc.filter(pa.array(range(len(uniques)), pa.int32()), bad_values.combine_chunks())
    hit = pc.is_in(index, value_set=bad_index)
    hit_rows, hit_index = pc.filter(rows, hit), pc.filter(index, hit)
    failed = []
    for rule, flag in zip(column.rules, flags):
        per_row = pc.take(flag.combine_chunks(), hit_index)
        if pc.any(per_row).as_py():
            failed.append(Failed(rule, pc.filter(hit_rows, per_row).to_pylist(),
                                 pc.take(uniques, pc.filter(hit_index, per_row)).to_pylist()))
    return ColumnResult(typed, failed)


def _by_cell(con: duckdb.DuckDBPyConnection, column: ColumnSql, cells: pa.ChunkedArray,
             rows: pa.Array) -> ColumnResult:
    typed = pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.string()), cells).combine_chunks()
    con.register("column_cells", pa.table({"row": rows, "v": cells}))
    where = " or ".join(f"f{i}" for i in range(len(column.rules)))
    bad = con.sql(f"select * from (select row, v, {_flags(column)} from column_cells) where {where} "
                  "order by row").to_arrow_table()
    con.unregister("column_cells")
    failed = []
    for i, rule in enumerate(column.rules):
        per_row = pc.fill_null(bad.column(f"f{i}"), False)
        if pc.any(per_row).as_py():
            failed.append(Failed(rule, pc.filter(bad.column("row"), per_row).to_pylist(),
                                 pc.filter(bad.column("v"), per_row).to_pylist()))
    return ColumnResult(typed, failed)
