"""The derived table ``sipri_deal_years``: written here, from ``sipri_deals``, and nowhere else.

Each write to ``sipri_deals`` (the build, a SIPRI load, an undo) derives the rows of the
recipients it touched again, in the writer's own transaction, so the two tables commit or roll
back together. The SQL is the macro ``sipri_deal_years_derived`` in ``queries/macros``; rows are
stored ordered by recipient, so DuckDB's zone maps let a one-recipient query skip the others.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

TABLE = "sipri_deal_years"
COLUMNS = ("recipient_code", "supplier_code", "category", "description", "release_id", "year", "next_gap", "units",
           "tiv_mn", "n_deals", "version_added", "version_removed")
_COLUMNS = ", ".join(COLUMNS)


def refresh(con: duckdb.DuckDBPyConnection, recipients: Iterable[str] | None = None) -> None:
    """Derive the rows of ``recipients`` (None: every recipient) again from all versions of their deals."""
    codes = None if recipients is None else sorted(set(recipients))
    if codes == []:
        return
    params = {"codes": codes}
    con.execute(f"delete from {TABLE} where $codes::varchar[] is null "
                "or list_contains($codes::varchar[], recipient_code)", params).fetchall()
    con.execute(f"insert into {TABLE} ({_COLUMNS}) select {_COLUMNS} "
                "from sipri_deal_years_derived($codes::varchar[]) order by recipient_code", params).fetchall()


def recipients_written(con: duckdb.DuckDBPyConnection, version: int) -> list[str]:
    """Recipients whose deals data version ``version`` added or closed."""
    rows = con.execute("select distinct recipient_code from sipri_deals where version_added = $v "
                       "or version_removed = $v", {"v": version}).fetchall()
    return [r[0] for r in rows]
