"""Running the cell rules of one column over an upload: its typed values and the cells that fail.

Rules that cost more than a comparison (numbers, dates, lookups) run in DuckDB once
per distinct value, and Arrow spreads the results back over the rows (files repeat
values a lot: a million rows hold a few hundred years, countries and statuses). Text
columns whose values repeat are checked the same way (``readcsv`` hands them over
dictionary-encoded, and their typed text stays so); text that is mostly unique (ids,
notes), whose rules are cheap, is checked cell by cell in one DuckDB pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from armsdash.ingest.cellrules import MAX_CELL, ColumnSql, Rule
from armsdash.ingest.readcsv import repeats

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

    typed: pa.Array | pa.ChunkedArray
    failed: list[Failed]


def check_column(con: duckdb.DuckDBPyConnection, column: ColumnSql, kind: str, cells: pa.ChunkedArray,
                 rows: pa.Array) -> ColumnResult:
    """Check one column's cells (``column`` is its SQL over a cell named ``v``) and type them as ``kind``."""
    if column.by_value or pa.types.is_dictionary(cells.type) or repeats(cells):
        return _by_value(con, column, kind, cells, rows)
    return _by_cell(con, column, cells, rows)


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
    if not pa.types.is_dictionary(cells.type):
        cells = pc.dictionary_encode(cells)  # one hash pass: the distinct values and each row's
    encoded = cells.combine_chunks()  # the chunks share one dictionary: only the indices are joined
    uniques, index = encoded.dictionary, encoded.indices
    if column.lookup is not None:
        _register_lookup(con, column, uniques.to_pylist())
    con.register("distinct_values", pa.table({"i": pa.array(np.arange(len(uniques), dtype=np.int64)), "v": uniques}))
    per_value = con.sql(f"select cast({column.typed} as {SQL_TYPES.get(kind, 'varchar')}) as typed, {_flags(column)} "
                        f"from distinct_values {_join(column)} order by i").to_arrow_table()
    con.unregister("distinct_values")
    typed = _spread(per_value.column("typed").combine_chunks(), index)
    flags = [pc.fill_null(per_value.column(f"f{i}"), False) for i in range(len(column.rules))]
    bad_values = flags[0]
    for flag in flags[1:]:
        bad_values = pc.or_(bad_values, flag)
    if not pc.any(bad_values).as_py():
        return ColumnResult(typed, [])
    bad_index = pc.filter(pa.array(np.arange(len(uniques), dtype=np.int32)), bad_values.combine_chunks())
    hit = pc.is_in(index, value_set=bad_index)
    hit_rows, hit_index = pc.filter(rows, hit), pc.filter(index, hit)
    failed = []
    for rule, flag in zip(column.rules, flags):
        per_row = pc.take(flag.combine_chunks(), hit_index)
        if pc.any(per_row).as_py():
            failed.append(Failed(rule, pc.filter(hit_rows, per_row).to_pylist(),
                                 pc.take(uniques, pc.filter(hit_index, per_row)).to_pylist()))
    return ColumnResult(typed, failed)


def _spread(per_value: pa.Array, index: pa.Array) -> pa.Array:
    """Each row's typed value; text stays a dictionary (its values are not copied once per row)."""
    if not pa.types.is_string(per_value.type):
        return pc.take(per_value, index)
    if per_value.null_count:
        index = pc.if_else(pc.take(pc.is_valid(per_value), index), index, pa.scalar(None, index.type))
    return pa.DictionaryArray.from_arrays(index, per_value)


def _by_cell(con: duckdb.DuckDBPyConnection, column: ColumnSql, cells: pa.ChunkedArray,
             rows: pa.Array) -> ColumnResult:
    empty = pc.equal(cells, "")
    # a column with every cell filled (ids, names) is typed as it is, not copied
    typed = pc.if_else(empty, pa.scalar(None, pa.string()), cells) if pc.any(empty).as_py() else cells
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
