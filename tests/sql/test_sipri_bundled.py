"""The bundled SIPRI data in data/ (built from SIPRI's exports by ``armsdash.cli.bundle_sipri``) cannot rot."""

from __future__ import annotations

from armsdash.store import db


def test_bundled_sipri_data_reproduce_sipris_published_india_shares(built_store):
    con = db.connect(built_store, read_only=True)
    try:
        shares = con.execute(
            "select a, round(100 * sum(tiv_mn) filter (where supplier_code in ('RUS', 'SUN')) / sum(tiv_mn)) "
            "from tiv_yearly_at(1) join (values (2009, 2013), (2014, 2018), (2019, 2023)) as p(a, b) "
            "on year between a and b where recipient_code = 'IND' group by a order by a"
        ).fetchall()
    finally:
        con.close()
    # SIPRI published 76 / 58 / 36 %; the delivery-year export gives 75.9 / 57.7 / 36.5
    assert shares == [(2009, 76), (2014, 58), (2019, 36)]


def test_bundled_sipri_rows_cover_every_recipient_with_named_codes_and_attribution(built_store):
    con = db.connect(built_store, read_only=True)
    try:
        recipients = con.execute("select count(distinct recipient_code) from tiv_yearly_at(1)").fetchone()[0]
        unnamed = con.execute(
            "select distinct code from (select recipient_code as code from tiv_deliveries_at(1) "
            "union select supplier_code from tiv_deliveries_at(1) union select recipient_code from sipri_deals_at(1) "
            "union select supplier_code from sipri_deals_at(1) union select country_code from tiv_totals_at(1)) "
            "where code not in (select code from countries_at(1))"
        ).fetchall()
        releases = con.execute(
            "select releases.layout, sources.accessed_note from sipri_releases_at(1) as releases "
            "left join sources_at(1) as sources on sources.source_id = releases.release_id order by layout"
        ).fetchall()
    finally:
        con.close()
    assert recipients > 200  # every recipient in SIPRI's data, not only India
    assert unnamed == []
    assert [layout for layout, _note in releases] == ["delivery_year", "tiv_exporters", "tiv_importers",
                                                      "trade_register"]
    assert all("Source: SIPRI Arms Transfers Database (c) SIPRI." in note for _layout, note in releases)
