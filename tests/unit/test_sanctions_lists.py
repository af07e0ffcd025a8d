"""Sanctions lists as downloaded (OpenSanctions targets.simple.csv, OFAC sdn.csv): recognised, read, matched to the
entities, previewed and committed; bad files refused with their line and column, nothing changed."""

from __future__ import annotations

import csv
import datetime
import io
import os
from pathlib import Path

import pytest

from armsdash.cli import commands
from armsdash.ingest import sanctions_lists as lists
from armsdash.ingest import sanctions_match as match
from armsdash.store import db

LISTS = Path(__file__).resolve().parents[1] / "support" / "lists"
OPENSANCTIONS = (LISTS / "targets.simple.csv").read_bytes()
SDN = (LISTS / "sdn.csv").read_bytes()
DAY = datetime.date(2026, 11, 30)


def _without_column(data: bytes, column: str) -> bytes:
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    kept = [c for c in rows[0] if c != column]
    out = io.StringIO()
    writer = csv.DictWriter(out, kept, dialect=csv.unix_dialect, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_both_layouts_are_recognised_by_their_shape():
    assert lists.recognise(OPENSANCTIONS) == "opensanctions"
    assert lists.recognise(SDN) == "ofac_sdn"
    assert lists.recognise(b"recipient_code,supplier_code\nIND,RUS\n") is None
    assert lists.recognise(_without_column(OPENSANCTIONS, "last_change")) == "opensanctions"


def test_opensanctions_file_is_read_with_its_own_date_and_only_organisations():
    found = lists.read_list(OPENSANCTIONS)
    assert (found.layout, found.list_date, found.rows, len(found.entries)) == ("opensanctions", "2026-11-28", 6, 4)
    assert found.release_id == "opensanctions_2026-11-28" and found.not_relevant == 2  # a person and a vessel
    sukhoi = found.entries[0]
    assert (sukhoi.line, sukhoi.name, sukhoi.aliases) == (2, "Sukhoi Aviation JSC", ["PAO Sukhoi", "Sukhoi Company"])
    assert sukhoi.listings == [lists.Listing("US", "RUSSIA-EO14024", "2022-06-28", None, "blocking sanction")]
    rostec = found.entries[-1]  # two datasets: one listing each, dated when OpenSanctions first saw it
    assert [(x.authority, x.listed_on) for x in rostec.listings] == [("EU", "2022-03-15"), ("GB", "2022-03-15")]
    older = lists.read_list(_without_column(OPENSANCTIONS, "last_change"))  # older exports: last_seen dates it
    assert older.list_date == "2026-11-27"


def test_sdn_file_is_read_with_aliases_programmes_and_the_given_date():
    found = lists.read_list(SDN, list_date=DAY)
    assert (found.layout, found.list_date, found.rows, len(found.entries)) == ("ofac_sdn", "2026-11-30", 6, 4)
    almaz = next(e for e in found.entries if e.list_id == "15178")
    assert almaz.aliases == ["ALMAZ-ANTEY AIR AND SPACE DEFENCE CORP", "OAO CONCERN PVO ALMAZ-ANTEY"]
    assert [x.programme for x in almaz.listings] == ["UKRAINE-EO13661", "RUSSIA-EO14024"]


@pytest.mark.parametrize(("data", "line", "column", "expected"), [
    (_without_column(OPENSANCTIONS, "sanctions"), 1, "sanctions", "a column named 'sanctions'"),
    (SDN.replace(b'"CUBA",-0- ,', b'"CUBA",'), 1, "", "12 fields: ent_num, SDN_Name"),
    (SDN.replace(b'\r\n2674,', b'\r\nX2674,'), 2, "ent_num", "a whole number"),
    (OPENSANCTIONS.replace(b'"2022-06-28T18:02:01","2026', b'"yesterday","2026'), 2, "first_seen", "a date"),
])
def test_bad_lists_are_refused_with_line_and_column(data, line, column, expected):
    with pytest.raises(lists.SanctionsListError) as caught:
        lists.read_list(data, list_date=DAY)
    first = caught.value.problems[0]
    assert (first[0], first[1]) == (line, column) and first[3].startswith(expected), first


def test_names_are_normalised_and_scored():
    assert match.normalise("JSC \"Concern VKO 'Almaz-Antey'\"") == "concern vko almaz antey"
    assert match.normalise("Almaz-Antey Air and Space Defence Corp.") == match.normalise(
        "ALMAZ-ANTEY AIR AND SPACE DEFENSE CORPORATION JSC")
    assert match.score("irkut aviation corporation", "irkut corporation") == 0.8


@pytest.fixture
def store(built_store, tmp_path):
    path = tmp_path / "store.duckdb"
    path.write_bytes(built_store.read_bytes())
    con = db.connect(path)
    yield con
    con.close()


def test_preview_lists_exact_matches_close_ones_and_the_rest(store):
    found = match.preview(store, lists.read_list(SDN, list_date=DAY))
    assert sorted(set(found.exact["entity_id"])) == ["almaz_antey", "russian_helicopters"]
    assert list(found.close["key"]) == ["knaapo|32410"] and found.close["score"].iloc[0] < 1
    assert found.not_relevant == 3 and found.already == 0  # a Cuban airline, a person, a vessel
    assert "3 listing(s) of exactly matched entities to add, 1 close match(es) to confirm" in found.summary()


def test_commit_adds_exact_and_confirmed_matches_only_and_records_the_list(store):
    found = match.preview(store, lists.read_list(OPENSANCTIONS))
    before = store.execute("select count(*) from designations").fetchone()[0]
    with pytest.raises(match.ListCommitError):
        match.commit(store, found, confirmed=["no|such"], author="Ana", file_name="targets.simple.csv")
    assert store.execute("select count(*) from designations").fetchone()[0] == before
    version, added = match.commit(store, found, author="Ana", file_name="targets.simple.csv")
    assert (version, added) == (2, 3)
    rows = store.execute("select entity_id, authority, listed_on, source_id, note from designations "
                         "where version_added = 2 order by 1, 2").fetchall()
    assert [r[:4] for r in rows] == [("rostec", "EU", "2022-03-15", "opensanctions_2026-11-28"),
                                     ("rostec", "GB", "2022-03-15", "opensanctions_2026-11-28"),
                                     ("sukhoi", "US", "2022-06-28", "opensanctions_2026-11-28")]
    assert rows[2][4].startswith("exact match (score 1.0) on 'Sukhoi Aviation JSC'")
    assert store.execute("select published_date from sources_at(2) where source_id = 'opensanctions_2026-11-28'"
                         ).fetchone() == ("2026-11-28",)
    again = match.preview(store, lists.read_list(OPENSANCTIONS))  # the same list again: nothing new but Irkut
    assert again.exact.empty and again.already == 3
    version, added = match.commit(store, again, confirmed=list(again.close["key"]), author="Ana", file_name="t.csv")
    assert added == 1 and store.execute("select note from designations where version_added = $v",
                                        {"v": version}).fetchone()[0].startswith("close match confirmed by Ana")


def test_command_line_previews_commits_and_refuses(store, tmp_path, capsys, monkeypatch):
    path = Path(store.execute("select path from duckdb_databases() where database_name = current_database()")
                .fetchone()[0])
    store.close()
    monkeypatch.setenv("ARMSDASH_DB", str(path))
    listed = tmp_path / "sdn.csv"
    listed.write_bytes(SDN)
    os.utime(listed, (0, datetime.datetime(2026, 11, 30, 12).timestamp()))
    assert commands.main(["ingest", str(listed), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "US Treasury, OFAC list of 2026-11-30" in out and "knaapo|32410" in out and "Nothing committed" in out
    assert commands.main(["ingest", str(listed), "--confirm", "knaapo|32410", "--author", "Bo"]) == 0
    assert "Committed as data version 2: 4 designation(s) added" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_without_column(OPENSANCTIONS, "dataset"))
    assert commands.main(["ingest", str(bad)]) == 2
    assert "line 1, dataset" in capsys.readouterr().err
    con = db.connect(path)
    assert con.execute("select max(version) from data_versions").fetchone()[0] == 2
    con.close()
