"""The SIPRI side of ``python -m armsdash ingest FILE``: exit codes, messages, and the store it writes."""

from __future__ import annotations

import io
import shutil

import pytest

from armsdash.cli import sipri_cmd
from armsdash.store import db
from tests.support import sipri_samples as samples


@pytest.fixture
def store(built_store, tmp_path):
    """A private copy of the bundled store (building one per test would be slow)."""
    shutil.copy(built_store, tmp_path / "store.duckdb")
    return tmp_path / "store.duckdb"


def run(tmp_path, data: bytes, name: str = "export.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    code = sipri_cmd.ingest(path, store=tmp_path / "store.duckdb", out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_ingest_loads_a_register_on_top_of_the_bundled_data(tmp_path, store):
    code, out, err = run(tmp_path, samples.register(), "register.csv")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == ("Loaded SIPRI trade register (one row per deal), data generated 18 May 2026, "
                                   "as data version 2 (release sipri_trade_register_2026-05-18T142920).")
    con = db.connect(tmp_path / "store.duckdb", read_only=True)
    try:
        # version 1 is the bundled data; the export is version 2 on top of it and, being a register of
        # all countries, replaces the bundled register's deals (the delivery-year deals stay)
        layouts = con.execute("select layout, count(*) from sipri_deals_at(2) as d join sipri_releases_at(2) "
                              "using (release_id) group by layout order by layout").fetchall()
        bundled_delivery_year = con.execute("select count(*) from sipri_deals_at(1) where release_id like "
                                            "'sipri_delivery_year%'").fetchone()[0]
        assert layouts == [("delivery_year", bundled_delivery_year), ("trade_register", 6)]
        assert con.execute("select max(version) from data_versions").fetchone()[0] == 2
    finally:
        con.close()


def test_ingest_refuses_a_bad_row_with_line_and_column_and_exit_2(tmp_path, store):
    bad = [samples.REGISTER_ROWS[0].replace("2011; 2013", "2011; soon")]
    code, out, err = run(tmp_path, samples.register(bad))
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "error: export.csv: 1 row problem(s) in a SIPRI trade register (one row per deal); nothing was loaded.",
        "  line 13, column 'Year(s) of delivery': '2011; soon' - expected years separated by '; ', "
        "e.g. '2017; 2019', or empty",
    ]


def test_ingest_joins_a_record_split_by_a_line_break_and_says_so(tmp_path, store):
    rows = [samples.REGISTER_ROWS[0].replace("deal note; ", "deal note;\n")] + samples.REGISTER_ROWS[1:]
    code, out, err = run(tmp_path, samples.register(rows))
    assert (code, err) == (0, "")
    assert ("Joined 1 record(s) that a line break inside a text field had split over several lines: "
            "lines 13–14 (Comments).") in out.splitlines()


def test_ingest_refuses_a_record_broken_outside_a_text_field_as_before(tmp_path, store):
    rows = [samples.REGISTER_ROWS[0].replace("2010,,4,", "2010,,\n4,")]  # a break inside 'Number ordered'
    code, out, err = run(tmp_path, samples.register(rows))
    assert (code, out) == (2, "")
    assert "  line 13, column '(whole row)': 'India,Russia,2010,,' - expected 16 comma-separated fields as in the " \
           "header on line 12, found 5" in err.splitlines()


def test_ingest_refuses_a_file_that_is_not_an_export(tmp_path, store):
    code, _out, err = run(tmp_path, b"a,b\n1,2\n", "other.csv")
    assert code == 2 and err.startswith("error: other.csv: Not a SIPRI export this app recognises")


def test_ingest_writes_to_the_store_named_by_the_environment(tmp_path, store, monkeypatch, capsys):
    monkeypatch.setenv("ARMSDASH_DB", str(store))
    (tmp_path / "dy.csv").write_bytes(samples.delivery_year())
    assert sipri_cmd.ingest(tmp_path / "dy.csv") == 0
    assert "transfers by delivery year" in capsys.readouterr().out
    con = db.connect(store, read_only=True)
    try:
        assert con.execute("select max(version) from data_versions").fetchone()[0] == 2
    finally:
        con.close()


def test_ingest_into_dry_run_prints_the_preview_and_commits_nothing(store):
    con = db.connect(store)
    try:
        out, err = io.StringIO(), io.StringIO()
        code = sipri_cmd.ingest_into(con, samples.delivery_year(), "dy.csv", dry_run=True, out=out, err=err)
        assert (code, err.getvalue()) == (0, "")
        assert out.getvalue().startswith("Would load SIPRI transfers by delivery year")
        assert con.execute("select max(version) from data_versions").fetchone()[0] == 1
    finally:
        con.close()
