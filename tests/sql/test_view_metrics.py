"""The metrics behind links: which suppliers a link may name, and the dates of data versions."""

from __future__ import annotations

from armsdash import metrics
from tests.conftest import insert_rows


def test_suppliers_come_from_every_table_that_names_one(con):
    insert_rows(con, "countries", [{"code": "RUS", "name": "Russia", "kind": "state"}])
    insert_rows(con, "published_import_shares", [{"recipient_code": "IND", "supplier_code": "RUS", "period_start": 2019,
                                                  "period_end": 2023, "share_pct": 36.0, "source_id": "s"}])
    insert_rows(con, "inventory_origin", [
        {"recipient_code": "IND", "service_or_category": "all", "origin_label": "France", "origin_code": "FRA",
         "is_estimate": True, "source_id": "s"},
        {"recipient_code": "IND", "service_or_category": "all", "origin_label": "other", "origin_code": None,
         "is_estimate": True, "source_id": "s"},
    ])
    insert_rows(con, "delivery_records", [{"programme_id": "p", "recipient_code": "IND", "supplier_code": "ISR",
                                           "system": "x", "category": "missiles", "status": "delivered",
                                           "source_id": "s"}], version=2)
    con.execute("insert into data_versions (version, created_at, action) values (2, current_timestamp, 'upload')")
    at_1 = metrics.run_metric(con, "suppliers", {"v": 1})
    assert dict(zip(at_1["supplier_code"], at_1["supplier"])) == {"RUS": "Russia", "FRA": "FRA"}
    assert set(metrics.run_metric(con, "suppliers", {})["supplier_code"]) == {"RUS", "FRA", "ISR"}


def test_data_versions_lists_versions_up_to_v_with_their_dates(con):
    con.execute("insert into data_versions (version, created_at, action, rows_added) "
                "values (2, timestamp '2026-05-18 10:30:00', 'upload', 4)")
    rows = metrics.run_metric(con, "data_versions", {"v": 2})
    assert rows["version"].tolist() == [1, 2]
    assert rows.loc[1, "created_date"] == "2026-05-18" and rows.loc[1, "action"] == "upload"
    assert metrics.run_metric(con, "data_versions", {"v": 1})["version"].tolist() == [1]
