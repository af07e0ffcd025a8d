"""Loading SIPRI exports as data releases: replacement without double counting, history, all-or-nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from armsdash.ingest import sipri_load
from armsdash.ingest.sipri_layouts import is_sipri_export
from armsdash.ingest.sipri_load import SipriImportError, load_export
from armsdash.ingest.sipri_rows import Problem
from armsdash.ingest.sipri_text import SipriFormatError
from armsdash.store import versions
from tests.support import sipri_samples as samples

TABLES = ("tiv_deliveries", "sipri_deals", "sipri_releases", "tiv_totals", "countries", "sources", "data_versions")


def tiv(con, v=None, recipient=None, method=None) -> dict[tuple[str, str, int], float]:
    """TIV by (recipient, supplier, year) as the metrics read it (tiv_yearly_at) at version v."""
    v = v if v is not None else con.execute("select max(version) from data_versions").fetchone()[0]
    rows = con.execute(
        "select recipient_code, supplier_code, year, sum(tiv_mn) from tiv_yearly_at($v) "
        "where ($r is null or recipient_code = $r) and ($m is null or method = $m) group by all",
        {"v": v, "r": recipient, "m": method},
    ).fetchall()
    return {(r, s, y): round(t, 6) for r, s, y, t in rows}


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def test_register_loads_as_a_new_version_with_codes_release_and_source(con):
    report = load_export(con, samples.register(), "register.csv", author="analyst")
    assert report.version == 2 and report.layout == "trade_register"
    assert report.release_id == "sipri_trade_register_2026-05-18T142920"
    assert report.rows_added["tiv_deliveries"] == 9 and report.rows_added["sipri_deals"] == 6
    assert report.unmapped == {}
    assert tiv(con, recipient="IND") == {("IND", "RUS", 2011): 20.0, ("IND", "RUS", 2013): 20.0,
                                         ("IND", "FRA", 2014): 60.0}
    assert tiv(con, recipient="VNM") == {("VNM", "SUN", 1986): 1.0}  # Soviet Union stays its own code
    assert tiv(con, recipient="NSA:MNLF (Philippines)")[("NSA:MNLF (Philippines)", "XUN", 1976)] == 0.5
    release = con.execute("select release_id, layout, data_generated, file_name from sipri_releases_at(2)").fetchall()
    assert release == [(report.release_id, "trade_register", datetime(2026, 5, 18, 14, 29, 20), "register.csv")]
    source = con.execute("select title, publisher, published_date from sources_at(2) where source_id = $r",
                         {"r": report.release_id}).fetchone()
    assert source == ("SIPRI Arms Transfers Database - SIPRI trade register (one row per deal) "
                      "(Data generated 18 May 2026)", "SIPRI", "2026-05-18")
    names = dict(con.execute("select code, name from countries_at(2)").fetchall())
    assert names["SUN"] == "Soviet Union" and names["XUN"] == "unknown supplier(s)"
    history = con.execute("select action, author, table_name, file_name, rows_added, rows_removed "
                          "from data_versions where version = 2").fetchone()
    assert history == ("upload", "analyst", "sipri:trade_register", "register.csv", sum(report.rows_added.values()), 0)
    deal = con.execute("select units_ordered, units_delivered, delivery_years, order_year_is_estimate "
                       "from sipri_deals_at(2) where designation = 'Yb-2'").fetchone()
    assert deal == (3, 2, "2014", True)


def test_newer_release_replaces_the_older_one_and_the_older_stays_readable(con):
    load_export(con, samples.register(), "old.csv")
    newer = [samples.REGISTER_ROWS[0].replace(",40,40", ",60,60")]  # revised: 60 TIV over 2011; 2013
    report = load_export(con, samples.register(newer, generated="1 Mar 2027 10:00:00 AM"), "new.csv")
    # 60 / 2 = 30 per year; the old 20s and every other old row are gone, not added to
    assert tiv(con) == {("IND", "RUS", 2011): 30.0, ("IND", "RUS", 2013): 30.0}
    assert report.rows_replaced["tiv_deliveries"] == 9 and report.rows_replaced["sipri_deals"] == 6
    assert tiv(con, v=2, recipient="IND")[("IND", "RUS", 2011)] == 20.0  # version 2 unchanged
    # the old release no longer has current rows, so it is closed too
    assert con.execute("select release_id from sipri_releases_at(3)").fetchall() == [(report.release_id,)]


def test_loading_the_same_file_twice_does_not_double_count(con):
    load_export(con, samples.delivery_year(), "dy.csv")
    load_export(con, samples.delivery_year(), "dy.csv")
    assert tiv(con, recipient="IND") == {("IND", "RUS", 2011): 20.0, ("IND", "RUS", 2013): 20.0,
                                         ("IND", "SUN", 2011): 4.0, ("IND", "FRA", 2011): 30.0}
    assert con.execute("select count(*) from sipri_releases_at(3)").fetchone()[0] == 1


def test_delivery_year_data_is_preferred_where_both_cover_a_recipient_year(con):
    rows = samples.REGISTER_ROWS[:2] + ["India,Israel,2000,,1,,Old-2,radar,1,,2001,New,,5,5,5"]
    load_export(con, samples.register(rows), "register.csv")
    load_export(con, samples.delivery_year(), "dy.csv")
    assert tiv(con, recipient="IND") == {
        ("IND", "RUS", 2011): 20.0, ("IND", "SUN", 2011): 4.0, ("IND", "FRA", 2011): 30.0,  # delivery-year file
        ("IND", "RUS", 2013): 20.0,  # delivery-year file
        ("IND", "ISR", 2001): 5.0,   # register: the delivery-year export has nothing for India in 2001
        # the register's France 2014 row is kept too: no delivery-year row for India in 2014
        ("IND", "FRA", 2014): 60.0,
    }
    assert tiv(con, recipient="IND", method="register_even_split") == {("IND", "ISR", 2001): 5.0,
                                                                       ("IND", "FRA", 2014): 60.0}
    # the register's deals stay; per recipient the preferred deals come from the register
    layouts = con.execute("select distinct layout from sipri_deals_preferred_at(3) where recipient_code = 'IND'")
    assert layouts.fetchall() == [("trade_register",)]


def test_a_release_for_one_recipient_replaces_only_that_recipient(con):
    load_export(con, samples.delivery_year(), "all.csv")
    india_only = [samples.DELIVERY_YEAR_ROWS[0].replace(",20,No", ",26,No")]
    load_export(con, samples.delivery_year(india_only, scope="from All countries  to India"), "india.csv")
    assert tiv(con) == {("IND", "RUS", 2011): 26.0, ("PAK", "USA", 2011): 15.0}


def test_a_release_for_a_year_range_replaces_only_those_years(con):
    load_export(con, samples.delivery_year(), "all.csv")
    only_2011 = [samples.DELIVERY_YEAR_ROWS[0]]
    load_export(con, samples.delivery_year(only_2011, years="'2011' to '2011'"), "2011.csv")
    assert tiv(con) == {("IND", "RUS", 2011): 20.0, ("IND", "RUS", 2013): 20.0}


def test_tiv_tables_load_totals_by_direction(con):
    load_export(con, samples.tiv_table("Recipient"), "imports.csv")
    load_export(con, samples.tiv_table("Exports by", generated="13 Oct 2024 12:33:53 PM"), "exports.csv")
    rows = con.execute("select direction, country_code, year, tiv_mn from tiv_totals_at(3) order by all").fetchall()
    assert rows == [(d, c, y, t) for d in ("exports", "imports") for c, y, t in
                    (("IND", 2011, 54.0), ("IND", 2012, 20.0), ("PAK", 2010, 0.0), ("PAK", 2011, 15.0))]
    assert tiv(con) == {}  # totals never enter the supplier breakdown


def test_unmapped_name_is_loaded_under_a_visible_code_and_reported(con):
    rows = ["Atlantis,Russia,2010,,4,,Xa-1,fighter aircraft,4,,2011,New,,10,40,40"]
    report = load_export(con, samples.register(rows), "register.csv")
    assert list(report.unmapped) == ["Atlantis"]
    assert tiv(con) == {("UNMAPPED:Atlantis", "RUS", 2011): 40.0}
    assert con.execute("select name, kind from countries_at(2) where code = 'UNMAPPED:Atlantis'").fetchone() == (
        "Atlantis", "unknown")
    assert "Unmapped name 'Atlantis' loaded as UNMAPPED:Atlantis" in report.summary()


def test_a_file_with_a_bad_row_changes_nothing(con):
    load_export(con, samples.register(), "good.csv")
    before = counts(con)
    bad = samples.REGISTER_ROWS[:5] + [samples.REGISTER_ROWS[5].replace(",1975,", ",19x5,")]
    with pytest.raises(SipriImportError) as caught:
        load_export(con, samples.register(bad, generated="1 Mar 2027 10:00:00 AM"), "bad.csv")
    assert caught.value.problems == [Problem(18, "Year of order", "19x5", "a year between 1900 and 2100, or empty")]
    assert str(caught.value) == ("bad.csv: 1 row problem(s) in a SIPRI trade register (one row per deal); "
                                 "nothing was loaded.")
    assert counts(con) == before


def test_a_file_that_is_no_export_changes_nothing(con):
    before = counts(con)
    with pytest.raises(SipriFormatError):
        load_export(con, b"recipient_code,supplier_code\nIND,RUS\n", "other.csv")
    assert counts(con) == before


def test_a_crash_inside_the_transaction_rolls_everything_back(con, monkeypatch):
    load_export(con, samples.register(), "good.csv")
    before = counts(con)
    real_insert = versions.insert_frame

    def failing_insert(connection, table, frame, version):
        if table == "sipri_releases":  # after tiv_deliveries, deals and countries were written
            raise RuntimeError("disk full")
        return real_insert(connection, table, frame, version)

    monkeypatch.setattr(sipri_load.versions, "insert_frame", failing_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        load_export(con, samples.register(generated="1 Mar 2027 10:00:00 AM"), "again.csv")
    assert counts(con) == before
    assert con.execute("select count(*) from tiv_deliveries where version_removed is not null").fetchone()[0] == 0


def test_is_sipri_export_routes_only_sipri_files():
    assert is_sipri_export(samples.delivery_year())
    assert not is_sipri_export(b"source_id,title\nx,y\n")


def test_upload_routing_hooks(con, tmp_path):
    assert sipri_load.detect_layout(samples.register().decode("cp1252")[:3000]) == "trade_register"
    assert sipri_load.detect_layout("source_id,title\nx,y\n") is None
    path = tmp_path / "dy.csv"
    path.write_bytes(samples.delivery_year())
    report = sipri_load.load_sipri_file(con, path)
    assert str(report).startswith("Loaded SIPRI transfers by delivery year") and report.version == 2


def test_a_delivery_year_release_for_one_supplier_leaves_the_other_suppliers_to_the_register(con):
    israel_2011 = "India,Israel,2009,,1,,Old-2,radar,1,,2011,New,,5,5,5"
    load_export(con, samples.register(samples.REGISTER_ROWS[:2] + [israel_2011]), "register.csv")
    russia_only = [samples.DELIVERY_YEAR_ROWS[0].replace(",20,No", ",26,No")]
    load_export(con, samples.delivery_year(russia_only, scope="from Russia to All countries"), "rus.csv")
    assert tiv(con, recipient="IND") == {
        ("IND", "RUS", 2011): 26.0,  # delivery-year export (Russia only)
        ("IND", "RUS", 2013): 20.0,  # register: the Russian export has no 2013 row
        ("IND", "ISR", 2011): 5.0,   # register: Israel is outside the Russian export, even in 2011
        ("IND", "FRA", 2014): 60.0,  # register
    }
    scope = con.execute("select all_suppliers, all_recipients, year_from, year_to from sipri_releases_at(3) "
                        "where layout = 'delivery_year'").fetchone()
    assert scope == (False, True, 2000, 2030)


def test_preferred_deals_take_a_supplier_limited_register_only_for_its_suppliers(con):
    load_export(con, samples.delivery_year(), "dy.csv")
    load_export(con, samples.register([samples.REGISTER_ROWS[0]], scope="from Russia to All countries"), "rus.csv")
    rows = con.execute("select supplier_code, layout, count(*) from sipri_deals_preferred_at(3) "
                       "where recipient_code = 'IND' group by all order by all").fetchall()
    assert rows == [("FRA", "delivery_year", 1), ("RUS", "trade_register", 1), ("SUN", "delivery_year", 1)]


def test_non_state_actor_spelled_two_ways_across_releases_gets_one_code():
    from armsdash import countries

    assert countries.code_for("Libya HoR*") == countries.code_for("House of Representatives (Libya)*") == (
        "NSA:House of Representatives (Libya)")


def test_dry_run_reports_what_would_change_and_changes_nothing(con):
    load_export(con, samples.register(), "old.csv")
    before = counts(con)
    newer = [samples.REGISTER_ROWS[0].replace(",40,40", ",60,60")]
    report = load_export(con, samples.register(newer, generated="1 Mar 2027 10:00:00 AM"), "new.csv", dry_run=True)
    assert (report.rows_added["tiv_deliveries"], report.rows_replaced["tiv_deliveries"]) == (2, 9)
    assert report.summary().startswith("Would load SIPRI trade register (one row per deal), data generated "
                                       "1 Mar 2027, as data version 3")
    assert counts(con) == before
