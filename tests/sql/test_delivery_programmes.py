"""The derived delivery_programmes (issue 20): written with the data, every version sees its own programmes."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from armsdash.ingest import commit, uploads
from armsdash.metrics import run_metric
from armsdash.store import db, delivery_programmes, versions
from tests.conftest import insert_rows
from tests.support.delivery_fixture import _record

AS_OF = "2026-06-15"
COLUMNS = ("recipient_code, programme_id, source_id, status, original_month, original_latest_month, expected_month, "
           "n_claims, promised_claims, stated_claims, all_source_ids, version_added, version_removed")


def mismatches(con) -> int:
    """Rows by which the stored delivery_programmes differ from a fresh derivation of every record (0: current)."""
    stored = f"select {COLUMNS} from delivery_programmes"
    fresh = f"select {COLUMNS} from delivery_programmes_derived(null, 1, 0)"
    return con.execute(f"select count(*) from (({stored} except all {fresh}) "
                       f"union all ({fresh} except all {stored}))").fetchone()[0]


def _delays(con, v: int) -> pd.Series:
    return run_metric(con, "delivery_delays", {"recipient": "IND", "as_of": AS_OF, "v": v}).set_index(
        "programme_id").loc["p"]


def test_each_version_sees_the_claims_it_had(con):
    """v1: the contract says 2023. v2: a newer source re-plans to 2027. v3: the first claim is withdrawn."""
    insert_rows(con, "sources", [
        {"source_id": "old", "title": "Old", "publisher": "Old Pub", "url": None, "published_date": "2019-01"},
        {"source_id": "new", "title": "New", "publisher": "New Pub", "url": None, "published_date": "2025-01"},
    ])
    insert_rows(con, "delivery_records", [_record("p", "RUS", "delayed", "2023", None, source="old")])
    for version in (2, 3):
        con.execute("insert into data_versions (version, created_at, action) values ($v, current_timestamp, 'upload')",
                    {"v": version})
    insert_rows(con, "delivery_records", [_record("p", "RUS", "in_progress", "2027", None, source="new")], version=2)
    con.execute("update delivery_records set version_removed = 3 where source_id = 'old'")
    delivery_programmes.refresh(con, ["IND"])
    assert mismatches(con) == 0
    one, two, three = (_delays(con, v) for v in (1, 2, 3))
    assert (one.n_claims, one.promised, one.delay_months) == (1, "2023", 30)  # Dec 2023 -> as of Jun 2026
    # the re-plan does not erase the delay: Dec 2023 -> the expected Dec 2027
    assert (two.n_claims, two.promised, two.current_promise, two.delay_months) == (2, "2023", "2027", 48)
    assert two.promised_claims == "2023 (Old Pub) / 2027 (New Pub)"
    # with the contract's claim withdrawn, 2027 is the only promise left: not yet due
    assert (three.n_claims, three.promised, three.excluded_reason) == (1, "2027", "not yet due")
    assert pd.isna(three.delay_months)
    # three rows: one per stretch of versions
    assert con.execute("select list(version_added order by version_added) from delivery_programmes").fetchone()[0] \
        == [1, 2, 3]


@pytest.fixture
def store(built_store, tmp_path):
    shutil.copy(built_store, tmp_path / "store.duckdb")
    connection = db.connect(tmp_path / "store.duckdb")
    yield connection
    connection.close()


def test_the_bundled_store_and_every_upload_and_undo_keep_it_current(store):
    assert mismatches(store) == 0
    data = ("programme_id,recipient_code,supplier_code,system,category,contract_year,contract_value_usd_mn,"
            "units_ordered,units_delivered,promised_delivery,actual_or_expected_delivery,status,source_id,note\n"
            "ind-rus-s400,IND,RUS,S-400 Triumf,air defence,2018,5430,5,4,2022,2027,delayed,s400_trt_2025,"
            "says 2022 now\n").encode()
    checked = uploads.check_upload(store, data, mode="append")
    assert checked.ok, [p.message() for p in checked.problem_list(5)]
    version = commit.commit(store, checked, "append", author="ana", file_name="u.csv",
                            file_checksum=versions.checksum(data)).version
    assert mismatches(store) == 0
    after = run_metric(store, "delivery_delays", {"recipient": "IND", "as_of": AS_OF}).set_index("programme_id")
    assert after.loc["ind-rus-s400", "promised"] == "2022"  # TRT's claim now gives the earliest promise
    commit.undo_to_before(store, version, author="ana")
    assert mismatches(store) == 0
    undone = run_metric(store, "delivery_delays", {"recipient": "IND", "as_of": AS_OF}).set_index("programme_id")
    assert undone.loc["ind-rus-s400", "promised"] == "2023"
