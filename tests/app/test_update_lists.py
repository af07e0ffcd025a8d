"""Sanctions lists on the Update data page: recognised, previewed (exact, close, not relevant), committed."""

from __future__ import annotations

import datetime
from pathlib import Path

from armsdash.store import db
from tests.app.test_update_page import logged_in, versions

LISTS = Path(__file__).resolve().parents[1] / "support" / "lists"


def _upload(at, name: str) -> None:
    at.file_uploader(key="upload_0").set_value((name, (LISTS / name).read_bytes(), "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]


def test_opensanctions_list_previews_and_commits_the_exact_matches(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Ana").run()
    _upload(at, "targets.simple.csv")
    assert "OpenSanctions list of 2026\\-11\\-28" in at.info[0].value
    exact = next(d.value for d in at.dataframe if "listed_name" in d.value.columns)
    assert set(exact["entity_id"]) == {"sukhoi", "rostec"}
    assert at.multiselect(key="list_confirm").options == ["Irkut Corporation = Irkut Aviation Corp (score 0.8)"]
    at.button(key="commit_list").click().run()
    assert at.success[0].value.startswith("Committed as data version 2: 3 designation(s) added")
    assert versions(app_store) == [2, 1]


def test_sdn_close_match_is_added_only_when_chosen_and_a_bad_file_changes_nothing(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Bo").run()
    _upload(at, "sdn.csv")
    at.date_input(key="list_date").set_value(datetime.date(2026, 11, 30)).run()
    assert "OFAC list of 2026\\-11\\-30" in at.info[0].value
    at.multiselect(key="list_confirm").select("knaapo|32410").run()
    at.button(key="commit_list").click().run()
    assert at.success[0].value.startswith("Committed as data version 2: 4 designation(s) added")
    con = db.connect(app_store)
    assert con.execute("select count(*) from designations_at(2) where entity_id = 'knaapo' and "
                       "source_id = 'ofac_sdn_2026-11-30'").fetchone()[0] == 1
    con.close()
    bad = (LISTS / "sdn.csv").read_bytes().replace(b'"CUBA",-0- ,', b'"CUBA",')
    at.file_uploader(key="upload_1").set_value(("sdn.csv", bad, "text/csv")).run()
    assert any("refused, nothing was changed" in e.value for e in at.error)
    assert versions(app_store) == [2, 1]
