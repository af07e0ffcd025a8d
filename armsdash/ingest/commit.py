"""Preview, commit and undo of validated uploads: every write is one transaction.

Rows are matched on the table's key (``contracts``): an incoming row whose key
matches a visible row with other values *changes* it (the old row is closed, the
new one inserted); identical rows are left alone; rows with a new key are
*added*. ``replace_recipient`` also *removes* the visible rows of the file's
recipients that the file does not have; ``replace_table`` removes every visible
row the file does not have.

Each function opens its own cursor and transaction, so one shared connection can
serve the dashboard's other threads meanwhile.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from armsdash import config, countries, metrics
from armsdash.contracts import CONTRACTS
from armsdash.ingest.validate import MODES, Checked
from armsdash.store import db, deal_years, delivery_programmes, versions

Progress = Callable[[float, str], None]
SAMPLE_ROWS = 1000
MAX_HEADLINE_RECIPIENTS = 10
# Figures compared before/after in a preview, every headline a page shows for a recipient:
# metric -> (its other parameters, columns naming an item, value columns).
HEADLINES = {
    "published_shares_by_period": ({}, ("period", "supplier"), ("share_pct",)),
    "supplier_shares_by_year": ({"from": config.FIRST_YEAR, "to": config.PLAUSIBLE_YEARS[1], "top": 0,
                                 "combine_russia": 0}, ("year", "supplier"), ("share_pct",)),
    "inventory_by_origin": ({}, ("service_or_category", "origin_label", "as_of_year"), ("share_pct",)),
    "programme_status_counts": ({}, ("status",), ("n_programmes",)),
    "delivery_overview": ({}, (), ("n_programmes", "n_late_now", "median_delay_months", "value_undelivered_usd_mn",
                                   "top_supplier")),
}
COUNTRY_CODE_COLUMNS = ("recipient_code", "supplier_code", "origin_code", "country_code")
DELIVERY_INPUTS = ("delivery_records", "sources")  # the tables delivery_programmes is derived from


class CommitError(RuntimeError):
    """The upload cannot be committed; the message is for the user."""


class NothingToCommit(CommitError):
    """Every row of the file is already stored as it is (the same file sent again): nothing changed."""


class Conflict(CommitError):
    """Another editor committed first (two commits, or an undo and a commit, at once); nothing was written."""

    def __init__(self, message: str = versions.LOST_RACE) -> None:
        super().__init__(message)


@dataclass
class Preview:
    """What a commit would do."""

    table: str
    mode: str
    added: int
    changed: int
    removed: int
    unchanged: int
    rows: pd.DataFrame  # a sample: column ``change`` (added, changed: new, changed: old, removed) + the row
    headline: pd.DataFrame  # recipient, figure, item, before, after (only what differs)
    new_countries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CommitResult:
    """A committed data version."""

    version: int
    added: int
    changed: int
    removed: int


def _key_match(table: str, left: str, right: str) -> str:
    return " and ".join(f"{left}.{k} is not distinct from {right}.{k}" for k in CONTRACTS[table].key)


def _full_match(table: str, left: str, right: str) -> str:
    return " and ".join(f"{left}.{c} is not distinct from {right}.{c}" for c in CONTRACTS[table].column_names)


def _scope(table: str, mode: str, incoming: str) -> str:
    """SQL (fixed text) selecting the visible rows ``c`` that the mode may remove."""
    if mode == "replace_table":
        return "true"
    if mode == "replace_recipient":
        return f"c.recipient_code in (select recipient_code from {incoming})"
    return "false"


class _Writer:
    """The SQL of one upload against one table, inside the caller's transaction on ``cur``."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, checked: Checked, mode: str):
        if not checked.ok:
            raise CommitError(f"The file has {checked.error_count} problem(s); fix them and upload it again.")
        if mode not in MODES:
            raise CommitError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if mode == "replace_recipient" and "recipient_code" not in CONTRACTS[checked.table].column_names:
            raise CommitError(f"{checked.table} has no recipient; use append or replace_table")
        self.cur, self.table, self.mode = cur, checked.table, mode
        self.rows = checked.typed.num_rows
        self.incoming = f"incoming_{uuid.uuid4().hex}"
        cur.register(self.incoming, checked.typed)
        t, i = self.table, self.incoming
        self.current = int(cur.execute("select coalesce(max(version), 0) from data_versions").fetchone()[0])
        # The plan: visible rows with their rowid, and the incoming rows whose key is visible
        # (few, usually) into temp tables dropped with the transaction; the rows with a new
        # key are read from the upload itself when inserted, not copied first.
        tag = uuid.uuid4().hex
        vis, overlap, close = f"vis_{tag}", f"overlap_{tag}", f"close_{tag}"
        self.temp_tables = (vis, overlap, close)
        columns = ", ".join(CONTRACTS[t].column_names)
        cur.execute(f"create temp table {vis} as select rowid as rid, {columns} from {t} "
                    "where version_removed is null and version_added <= $cur", {"cur": self.current})
        cur.execute(f"create temp table {overlap} as select i.* from {i} i "
                    f"semi join {vis} c on {_key_match(t, 'c', 'i')}")
        cur.execute(
            f"create temp table {close} as "
            f"select k.* from (select c.* from {vis} c semi join {overlap} o on {_key_match(t, 'c', 'o')}) k "
            f"anti join {overlap} o on {_full_match(t, 'k', 'o')} "
            f"union all "
            f"select c.* from {vis} c anti join {i} i on {_key_match(t, 'c', 'i')} where {_scope(t, mode, i)}"
        )
        self.sql_added = f"select i.* from {i} i anti join {vis} c on {_key_match(t, 'c', 'i')}"
        self.sql_overlap = f"select * from {overlap}"
        self.sql_changed_new = f"select o.* from {overlap} o anti join {vis} c on {_full_match(t, 'c', 'o')}"
        self.sql_insert = f"{self.sql_added} union all {self.sql_changed_new}"
        self.sql_close = f"select * exclude (rid) from {close}"
        self.sql_changed_old = (f"select c.* exclude (rid) from {close} c semi join {overlap} o "
                                f"on {_key_match(t, 'c', 'o')}")
        self.sql_removed = (f"select c.* exclude (rid) from {close} c anti join {overlap} o "
                            f"on {_key_match(t, 'c', 'o')}")
        self.close_rowids = f"select rid from {close}"

    def count(self, sql: str) -> int:
        """Rows of a query."""
        return int(self.cur.execute(f"select count(*) from ({sql})").fetchone()[0])

    def sample(self, sql: str, change: str) -> pd.DataFrame:
        """The first rows of a query, labelled with the change."""
        frame = self.cur.execute(f"select * from ({sql}) limit {SAMPLE_ROWS}").df()
        frame.insert(0, "change", change)
        return frame

    def new_countries(self) -> list[tuple[str, str, str]]:
        """Countries the upload uses that the countries table does not have yet."""
        columns = [c for c in COUNTRY_CODE_COLUMNS if c in CONTRACTS[self.table].column_names]
        if not columns:
            return []
        used = " union ".join(f"select {c} as code from {self.incoming} where {c} is not null" for c in columns)
        rows = self.cur.execute(
            f"select distinct code from ({used}) where code not in "
            f"(select code from countries_at({self.current})) order by code"
        ).fetchall()
        found = [countries.lookup(code) for (code,) in rows]
        return [f for f in found if f is not None]

    def apply(self, version: int, progress: Progress) -> tuple[int, int, int]:
        """Close and insert rows as ``version``; return (added, changed, removed)."""
        changed, removed = self.count(self.sql_changed_new), self.count(self.sql_removed)
        progress(0.2, f"Closing {self.count(self.sql_close):,} replaced rows")
        self.cur.execute(f"update {self.table} set version_removed = $v where rowid in ({self.close_rowids})",
                         {"v": version})
        # the file's keys are unique, so every row but those whose key is visible is new (the insert counts them)
        progress(0.3, f"Inserting {self.rows - self.count(self.sql_overlap) + changed:,} rows")
        columns = ", ".join(CONTRACTS[self.table].column_names)
        total = self.cur.execute(f"insert into {self.table} ({columns}, version_added) select {columns}, $v "
                                 f"from ({self.sql_insert})", {"v": version}).fetchall()[0][0]
        added = total - changed
        progress(0.9, f"Inserted {total:,} rows")
        found = self.new_countries()
        if found:
            versions.insert_frame(self.cur, "countries", pd.DataFrame(found, columns=["code", "name", "kind"]),
                                  version)
        return added, changed, removed

    def close(self) -> None:
        """Drop the registered upload and the plan's temp tables."""
        for name in self.temp_tables:
            self.cur.execute(f"drop table if exists {name}")
        self.cur.unregister(self.incoming)


def _no_progress(fraction: float, text: str) -> None:
    return None


def preview(con: duckdb.DuckDBPyConnection, checked: Checked, mode: str = "append") -> Preview:
    """What committing ``checked`` in ``mode`` would add, change and remove, and its effect on the figures.

    The writes are made inside a transaction that is rolled back, so the figures
    after are computed by the same metric SQL the pages use.
    """
    cur = con.cursor()
    try:
        cur.execute("begin transaction")
        writer = _Writer(cur, checked, mode)
        rows = pd.concat([
            writer.sample(writer.sql_added, "added"),
            writer.sample(writer.sql_changed_new, "changed: new"),
            writer.sample(writer.sql_changed_old, "changed: old"),
            writer.sample(writer.sql_removed, "removed"),
        ], ignore_index=True)
        new_countries = [code for code, _n, _k in writer.new_countries()]
        recipients = _affected_recipients(cur, writer)
        before = _headline(cur, recipients, writer.current)
        version = writer.current + 1
        added, changed, removed = writer.apply(version, _no_progress)
        if checked.table in DELIVERY_INPUTS:  # the delivery figures read the programmes derived from these rows
            delivery_programmes.refresh(cur, delivery_programmes.recipients_written(cur, version))
        after = _headline(cur, recipients, version)
        unchanged = writer.rows - added - changed
        writer.close()
    except (duckdb.ConstraintException, duckdb.TransactionException) as exc:
        versions.rollback(cur)
        raise Conflict() from exc
    else:
        cur.execute("rollback")
    finally:
        cur.close()
    return Preview(checked.table, mode, added, changed, removed, unchanged, rows,
                   _compare(before, after), new_countries)


def _affected_recipients(cur: duckdb.DuckDBPyConnection, writer: _Writer) -> list[str]:
    if "recipient_code" not in CONTRACTS[writer.table].column_names:
        return []
    rows = cur.execute(
        f"select recipient_code, count(*) as n from (select recipient_code from ({writer.sql_insert}) "
        f"union all select recipient_code from ({writer.sql_close})) group by all order by n desc, 1 "
        f"limit {MAX_HEADLINE_RECIPIENTS}"
    ).fetchall()
    return [r[0] for r in rows]


def _headline(cur: duckdb.DuckDBPyConnection, recipients: list[str], version: int) -> pd.DataFrame:
    """The headline figures of ``recipients`` at ``version``: recipient, figure, item, value."""
    parts = []
    for name, (extra, item_columns, value_columns) in HEADLINES.items():
        try:
            metric = metrics.get_metric(name)
        except metrics.MetricError:
            continue
        for recipient in recipients:
            bound = metrics.bind_params(metric, {**extra, "recipient": recipient, "v": version}, version)
            frame = cur.execute(metric.sql, bound).df()
            if frame.empty or not set(item_columns) <= set(frame.columns):
                continue
            named = frame[list(item_columns)].astype(str).agg(" · ".join, axis=1) if item_columns else None
            for column in (c for c in value_columns if c in frame.columns):
                label = column.replace("_", " ")
                item = label if named is None else named + (f" · {label}" if len(value_columns) > 1 else "")
                parts.append(pd.DataFrame({"recipient": recipient, "figure": metric.label, "item": item,
                                           "value": frame[column].astype(object).where(frame[column].notna())}))
    if not parts:
        return pd.DataFrame(columns=["recipient", "figure", "item", "value"])
    return pd.concat(parts, ignore_index=True).drop_duplicates(["recipient", "figure", "item"])


def _compare(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    merged = before.merge(after, on=["recipient", "figure", "item"], how="outer", suffixes=("_before", "_after"))
    merged = merged.rename(columns={"value_before": "before", "value_after": "after"})
    differs = ~((merged["before"] == merged["after"]) | (merged["before"].isna() & merged["after"].isna()))
    return merged[differs].reset_index(drop=True)


def commit(con: duckdb.DuckDBPyConnection, checked: Checked, mode: str = "append", *, author: str,
           file_name: str | None = None, file_checksum: str | None = None, note: str | None = None,
           progress: Progress | None = None) -> CommitResult:
    """Write ``checked`` as a new data version in ONE transaction and record it in the history.

    ``file_checksum`` defaults to the one ``ingest.check_upload`` worked out (``versions.checksum``). All of the file
    or none of it: any error rolls everything back and is raised.
    """
    progress = progress or _no_progress
    cur = con.cursor()
    version = 0
    try:
        cur.execute("begin transaction")
        progress(0.05, "Comparing with the current data")
        writer = _Writer(cur, checked, mode)
        version = versions.next_version(cur)
        added, changed, removed = writer.apply(version, progress)
        writer.close()
        if added + changed + removed == 0:
            raise NothingToCommit("Nothing to commit: every row of the file is already in the data as it is; "
                                  "nothing was changed.")
        if checked.table in DELIVERY_INPUTS:
            progress(0.9, "Deriving the programmes' delays")
            delivery_programmes.refresh(cur, delivery_programmes.recipients_written(cur, version))
        versions.record_version(cur, version, action="upload", author=author, table_name=checked.table,
                                file_name=file_name, checksum=file_checksum or checked.checksum, rows_added=added,
                                rows_changed=changed, rows_removed=removed,
                                note=_note(note, mode))
        progress(0.95, "Saving")
        versions.commit(cur, version)
    except BaseException as exc:
        versions.rollback(cur)
        if message := versions.refusal(cur, exc, version):
            raise Conflict(message) from exc
        raise
    finally:
        cur.close()
    progress(1.0, f"Committed as data version {version}")
    return CommitResult(version, added, changed, removed)


def _note(note: str | None, mode: str) -> str:
    return f"[{mode}] {note}" if note else f"[{mode}]"


def undo_to_before(con: duckdb.DuckDBPyConnection, version: int, author: str,
                   note: str | None = None) -> CommitResult:
    """Restore the data exactly as it was before ``version`` (and every later one), as a new version.

    Rows visible now that were added after ``version - 1`` are closed; rows visible at
    ``version - 1`` and closed since are inserted again as copies, so every earlier
    version stays as it was. The undo is itself recorded in the history (and can be undone).
    """
    cur = con.cursor()
    new = 0
    try:
        cur.execute("begin transaction")
        known = {r[0] for r in cur.execute("select version from data_versions").fetchall()}
        if version not in known:
            raise CommitError(f"there is no data version {version}")
        if version <= 1:
            raise CommitError("version 1 is the bundled data; it cannot be undone")
        target = version - 1
        new = versions.next_version(cur)
        reopened = closed = 0
        for table in db.data_tables(cur):
            columns = [r[0] for r in cur.execute(
                "select column_name from duckdb_columns() where table_name = $t and schema_name = 'main' "
                "and column_name not in ('version_added', 'version_removed') order by column_index",
                {"t": table}).fetchall()]
            column_list = ", ".join(f'"{c}"' for c in columns)
            reopened += cur.execute(
                f'insert into "{table}" ({column_list}, version_added) select {column_list}, $new from "{table}" '
                "where version_added <= $target and version_removed is not null and version_removed > $target",
                {"new": new, "target": target}).fetchone()[0]
            closed += cur.execute(
                f'update "{table}" set version_removed = $new '
                "where version_removed is null and version_added > $target and version_added < $new",
                {"new": new, "target": target}).fetchone()[0]
        deal_years.refresh(cur, deal_years.recipients_written(cur, new))
        delivery_programmes.refresh(cur, delivery_programmes.recipients_written(cur, new))
        versions.record_version(cur, new, action="undo", author=author, rows_added=reopened,
                                rows_removed=closed,
                                note=f"Undo to before version {version}" + (f": {note}" if note else ""))
        versions.commit(cur, new)
    except BaseException as exc:
        versions.rollback(cur)
        if message := versions.refusal(cur, exc, new):
            raise Conflict(message) from exc
        raise
    finally:
        cur.close()
    return CommitResult(new, reopened, 0, closed)


def history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every data version, newest first: who, when, what file, checksum and rows added/changed/removed."""
    cur = con.cursor()
    try:
        return cur.execute(
            "select version, created_at, author, action, table_name, file_name, checksum, rows_added, "
            "rows_changed, rows_removed, note from data_versions order by version desc"
        ).df()
    finally:
        cur.close()
