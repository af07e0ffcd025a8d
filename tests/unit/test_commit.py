"""Preview, commit, atomicity, undo and history against a store built from the bundled data."""

from __future__ import annotations

import pytest

from armsdash.ingest import commit, uploads
from armsdash.store import db, versions

SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
SOURCE = "sipri_fs_2023_thehindu"


def snapshot(con) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every row of every table (history included)."""
    tables = [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where schema_name = 'main' order by 1").fetchall()]
    return {t: con.execute(f'select count(*), coalesce(sum(hash(t)::hugeint), 0) from "{t}" as t').fetchone()
            for t in tables}


def visible(con, version: int | None = None) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of the rows of every data table visible at ``version``."""
    v = db.current_version(con) if version is None else version
    return {t: con.execute(f"select count(*), coalesce(sum(hash(t)::hugeint), 0) from (select * exclude "
                           f"(version_added, version_removed) from \"{t}\" where version_added <= $v and "
                           "(version_removed is null or version_removed > $v)) as t", {"v": v}).fetchone()
            for t in db.data_tables(con)}


def upload(con, text: str, mode: str = "append", author: str = "ana", **kwargs):
    """Check and commit CSV text; fail the test if it does not validate."""
    data = text.encode("utf-8")
    checked = uploads.check_upload(con, data, mode=mode, **kwargs)
    assert checked.ok, [p.message() for p in checked.problem_list(5)]
    return commit.commit(con, checked, mode, author=author, file_name="upload.csv",
                         file_checksum=versions.checksum(data), note="test")


def russia_share(con, period=(2019, 2023)) -> list[float]:
    return [r[0] for r in con.execute(
        "select share_pct from published_import_shares_at($v) where recipient_code = 'IND' and supplier_code = 'RUS' "
        "and period_start = $s and period_end = $e and source_id = $src",
        {"v": db.current_version(con), "s": period[0], "e": period[1], "src": SOURCE}).fetchall()]


def test_preview_counts_added_changed_unchanged_and_the_headline_effect(store):
    upload(store, SHARES + f"IND,FRA,2019,2023,33,{SOURCE},\n")
    text = (SHARES + f"IND,RUS,2019,2023,40,{SOURCE},\n"          # changed (was 36)
            + f"IND,FRA,2019,2023,33,{SOURCE},\n"                  # unchanged
            + f"IND,ISR,2019,2023,13,{SOURCE},\n")                 # added
    checked = uploads.check_upload(store, text.encode())
    before = snapshot(store)
    found = commit.preview(store, checked, "append")
    assert (found.added, found.changed, found.removed, found.unchanged) == (1, 1, 0, 1)
    assert found.rows["change"].tolist() == ["added", "changed: new", "changed: old"]
    assert found.rows["supplier_code"].tolist() == ["ISR", "RUS", "RUS"]
    effect = found.headline[found.headline["item"] == "2019–23 · Russia"]
    assert effect[["recipient", "before", "after"]].values.tolist() == [["IND", 36.0, 40.0]]
    assert snapshot(store) == before  # a preview writes nothing


def test_preview_of_replace_modes_counts_removed_rows(store):
    note = store.execute("select note from published_import_shares_at(1) where recipient_code = 'IND' "
                         "and supplier_code = 'RUS' and period_start = 2019 and source_id = $s",
                         {"s": SOURCE}).fetchone()[0]
    quoted = '"' + note.replace('"', '""') + '"'
    text = SHARES + f"IND,RUS,2019,2023,36,{SOURCE},{quoted}\n"  # exactly the stored row
    checked = uploads.check_upload(store, text.encode())
    india = store.execute("select count(*) from published_import_shares_at(1) "
                          "where recipient_code = 'IND'").fetchone()[0]
    total = store.execute("select count(*) from published_import_shares_at(1)").fetchone()[0]
    by_recipient = commit.preview(store, checked, "replace_recipient")
    assert (by_recipient.added, by_recipient.changed, by_recipient.removed) == (0, 0, india - 1)
    whole = commit.preview(store, checked, "replace_table")
    assert (whole.added, whole.changed, whole.removed) == (0, 0, total - 1)


def test_commit_writes_a_version_and_history_row(store):
    result = upload(store, SHARES + f"IND,RUS,2019,2023,40,{SOURCE},\nIND,ISR,2019,2023,13,{SOURCE},\n")
    assert result == commit.CommitResult(version=2, added=1, changed=1, removed=0)
    assert russia_share(store) == [40.0]
    row = commit.history(store).iloc[0]
    assert (row["version"], row["author"], row["action"], row["table_name"], row["file_name"]) == (
        2, "ana", "upload", "published_import_shares", "upload.csv")
    assert (row["rows_added"], row["rows_changed"], row["rows_removed"]) == (1, 1, 0)
    assert len(row["checksum"]) == 64 and row["note"] == "[append] test"
    # version 1 is still readable as it was
    assert store.execute("select share_pct from published_import_shares_at(1) where recipient_code='IND' "
                         "and supplier_code='RUS' and period_start=2019 and source_id=$s",
                         {"s": SOURCE}).fetchall() == [(36.0,)]


def test_new_countries_are_added_to_the_countries_table(store):
    upload(store, SHARES + f"IND,Vietnam,2019,2023,1,{SOURCE},\n")
    assert store.execute("select code, name, kind from countries_at(2) where code = 'VNM'").fetchall() == [
        ("VNM", "Viet Nam", "state")]


def test_file_failing_in_its_last_row_changes_nothing(store):
    before = snapshot(store)
    rows = "".join(f"IND,{c},2019,2023,1,{SOURCE},\n" for c in ("ISR", "USA", "GBR"))
    checked = uploads.check_upload(store, (SHARES + rows + f"IND,DEU,2019,2023,1,{SOURCE},=cmd\n").encode())
    assert [(p.row, p.column) for p in checked.problem_list()] == [(5, "note")]
    with pytest.raises(commit.CommitError, match="The file has 1 problem"):
        commit.commit(store, checked, "append", author="ana")
    assert snapshot(store) == before


def test_crash_inside_the_transaction_leaves_the_store_as_before(store, monkeypatch):
    before = snapshot(store)
    checked = uploads.check_upload(store, (SHARES + f"IND,ISR,2019,2023,13,{SOURCE},\n").encode(),
                                  mode="replace_table")

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(versions, "record_version", crash)  # after rows were closed and inserted
    with pytest.raises(RuntimeError, match="disk full"):
        commit.commit(store, checked, "replace_table", author="ana")
    assert snapshot(store) == before


def test_crash_after_the_rows_are_inserted_leaves_the_store_as_before(store):
    before = snapshot(store)
    rows = "".join(f"IND,{c},2019,2023,1,{SOURCE},\n" for c in ("ISR", "USA", "GBR", "DEU"))
    checked = uploads.check_upload(store, (SHARES + rows).encode())

    def progress(fraction, text):
        if text.startswith("Inserted 4 rows"):
            raise RuntimeError("killed")

    with pytest.raises(RuntimeError, match="killed"):
        commit.commit(store, checked, "append", author="ana", progress=progress)
    assert snapshot(store) == before


def test_progress_is_reported_up_to_done(store):
    calls = []
    checked = uploads.check_upload(store, (SHARES + f"IND,ISR,2019,2023,13,{SOURCE},\n").encode())
    commit.commit(store, checked, "append", author="ana", progress=lambda f, t: calls.append((f, t)))
    assert calls[-1] == (1.0, "Committed as data version 2")
    assert [f for f, _t in calls] == sorted(f for f, _t in calls)


def test_undo_restores_each_earlier_state_and_history_shows_all_versions(store):
    original = visible(store)
    a = upload(store, SHARES + f"IND,RUS,2019,2023,40,{SOURCE},\nIND,ISR,2019,2023,13,{SOURCE},\n")
    after_a = visible(store)
    b = upload(store, SHARES + f"IND,USA,2019,2023,20,{SOURCE},\n", mode="replace_recipient")
    assert visible(store) != after_a
    undo_b = commit.undo_to_before(store, b.version, "ben")
    assert visible(store) == after_a
    undo_a = commit.undo_to_before(store, a.version, "ben")
    assert visible(store) == original
    assert russia_share(store) == [36.0]
    history = commit.history(store)
    assert history["version"].tolist() == [5, 4, 3, 2, 1]
    assert history["action"].tolist() == ["undo", "undo", "upload", "upload", "build"]
    assert history["note"].tolist()[:2] == ["Undo to before version 2", "Undo to before version 3"]
    assert (undo_b.version, undo_a.version) == (4, 5)
    # every earlier version still reads as it did
    assert visible(store, 2) == after_a and visible(store, 1) == original


def test_undo_of_an_undo_brings_the_change_back(store):
    a = upload(store, SHARES + f"IND,RUS,2019,2023,40,{SOURCE},\n")
    after_a = visible(store)
    undo = commit.undo_to_before(store, a.version, "ben")
    commit.undo_to_before(store, undo.version, "ben")
    assert visible(store) == after_a


@pytest.mark.parametrize("version, message", [(1, "version 1 is the bundled data"), (9, "there is no data version 9")])
def test_undo_refuses_impossible_versions(store, version, message):
    before = snapshot(store)
    with pytest.raises(commit.CommitError, match=message):
        commit.undo_to_before(store, version, "ben")
    assert snapshot(store) == before


def test_replace_recipient_is_refused_for_tables_without_recipients(store):
    checked = uploads.check_upload(store, b"source_id,title\nnew,New\n")
    with pytest.raises(commit.CommitError, match="sources has no recipient"):
        commit.commit(store, checked, "replace_recipient", author="ana")


def test_reference_delivery_records_upload_is_unchanged_against_the_bundled_data(store):
    from tests.unit.test_validate import REFERENCE

    checked = uploads.check_upload(store, (REFERENCE / "delivery_records.csv").read_bytes())
    found = commit.preview(store, checked, "replace_table")
    assert (found.added, found.changed, found.removed) == (0, 0, 0)


def test_a_file_that_changes_nothing_is_not_committed(store):
    upload(store, SHARES + f"IND,ISR,2019,2023,13,{SOURCE},\n")
    before = snapshot(store)
    checked = uploads.check_upload(store, (SHARES + f"IND,ISR,2019,2023,13,{SOURCE},\n").encode())
    with pytest.raises(commit.CommitError, match="Nothing to commit"):
        commit.commit(store, checked, "append", author="ana")
    assert snapshot(store) == before


def test_undo_of_a_sipri_load_restores_every_table(store):
    from tests.support import sipri_samples as samples

    original = visible(store)
    loaded = uploads.load_sipri(store, samples.register(), "register.csv", author="ana")
    assert loaded.ok and loaded.version == 2
    assert visible(store) != original
    commit.undo_to_before(store, 2, "ben")
    assert visible(store) == original
