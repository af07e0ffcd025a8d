"""The derived table ``delivery_programmes``: written here, from ``delivery_records`` and ``sources``, and nowhere else.

Each write to either (the build, an upload, a SIPRI load, an undo, a migration) derives the rows of the
recipients it touched again, in the writer's own transaction, so they commit or roll back together, as
``deal_years`` does for SIPRI deals. The SQL is the macro ``delivery_programmes_derived`` in
``queries/macros``. Recipients are derived in batches of at most ``BATCH_ROWS`` records, so a
million-record upload is derived within the store's memory limit (DuckDB spills the rest to its
temporary directory); each batch is written together, so a one-recipient query skips the other row groups.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

TABLE = "delivery_programmes"
BATCH_ROWS = 100_000


def _batches(counts: list[tuple[str, int]]) -> list[tuple[list[str], int, int]]:
    """(recipients, shards, shard) to derive in turn: recipients grouped, in code order, into batches of at most
    BATCH_ROWS records; a recipient with more is split by programme into that many shards."""
    batches: list[tuple[list[str], int, int]] = []
    group: list[str] = []
    size = 0
    for code, n in counts:
        if n > BATCH_ROWS:
            shards = -(-n // BATCH_ROWS)
            batches += [([code], shards, shard) for shard in range(shards)]
            continue
        if group and size + n > BATCH_ROWS:
            batches.append((group, 1, 0))
            group, size = [], 0
        group.append(code)
        size += n
    return batches + ([(group, 1, 0)] if group else [])


def refresh(con: duckdb.DuckDBPyConnection, recipients: Iterable[str] | None = None) -> None:
    """Derive the rows of ``recipients`` (None: every recipient) again from all versions of their records."""
    codes = None if recipients is None else sorted(set(recipients))
    if codes == []:
        return
    params = {"codes": codes}
    con.execute(f"delete from {TABLE} where $codes::varchar[] is null "
                "or list_contains($codes::varchar[], recipient_code)", params).fetchall()
    counts = con.execute("select recipient_code, count(*) from delivery_records where $codes::varchar[] is null "
                         "or list_contains($codes::varchar[], recipient_code) group by 1 order by 1", params).fetchall()
    for batch, shards, shard in _batches(counts):
        # Not sorted: a sort of wide rows would hold them in memory; each batch is written whole, so one
        # recipient's rows still sit in a few row groups that the zone maps find.
        con.execute(f"insert into {TABLE} by name select * from delivery_programmes_derived("
                    "$codes::varchar[], $shards, $shard)",
                    {"codes": batch, "shards": shards, "shard": shard}).fetchall()


def recipients_written(con: duckdb.DuckDBPyConnection, version: int) -> list[str]:
    """Recipients whose delivery records, or the sources those cite, data version ``version`` added or closed."""
    rows = con.execute(
        "select distinct recipient_code from delivery_records where version_added = $v or version_removed = $v "
        "union select distinct records.recipient_code from delivery_records as records "
        "join sources on sources.source_id = records.source_id "
        "where sources.version_added = $v or sources.version_removed = $v", {"v": version}).fetchall()
    return [r[0] for r in rows]
