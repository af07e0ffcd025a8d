"""tiv_yearly_for and sipri_deals_preferred_for: per recipient, exactly the rows of the whole-table macros.

Metrics of one recipient read the recipient-scoped macros, so their cost does not grow with the other
recipients' data (docs/benchmarks.md); the preference rules are per recipient, so scoping must not change
a single row, in the latest version or a pinned one.
"""

from __future__ import annotations

from armsdash.ingest.sipri_load import load_export
from tests.support import sipri_samples as samples


def _rows(con, sql, params):
    return sorted(con.execute(sql, params).fetchall(), key=repr)


def _store(con):
    """Register + delivery-year export + a supplier-limited revision: versions 2, 3 and 4."""
    israel_2011 = "India,Israel,2009,,1,,Old-2,radar,1,,2011,New,,5,5,5"
    load_export(con, samples.register(samples.REGISTER_ROWS[:2] + [israel_2011]), "register.csv")
    load_export(con, samples.delivery_year(), "dy.csv")
    russia_only = [samples.DELIVERY_YEAR_ROWS[0].replace(",20,No", ",26,No")]
    load_export(con, samples.delivery_year(russia_only, scope="from Russia to All countries",
                                           generated="1 Mar 2027 10:00:00 AM"), "rus.csv")
    return con.execute("select max(version) from data_versions").fetchone()[0]


def test_tiv_yearly_for_equals_tiv_yearly_at_per_recipient_and_version(con):
    latest = _store(con)
    recipients = [r[0] for r in con.execute("select distinct recipient_code from tiv_deliveries").fetchall()]
    assert {"IND", "PAK"} <= set(recipients)
    for v in range(1, latest + 1):
        for recipient in recipients:
            whole = _rows(con, "select * from tiv_yearly_at($v) where recipient_code = $r", {"v": v, "r": recipient})
            scoped = _rows(con, "select * from tiv_yearly_for([$r], $v)", {"v": v, "r": recipient})
            assert scoped == whole, (v, recipient)
        both = _rows(con, "select * from tiv_yearly_for(['IND', 'PAK'], $v)", {"v": v})
        assert both == _rows(con, "select * from tiv_yearly_at($v) where recipient_code in ('IND', 'PAK')", {"v": v})
    # the pinned version still reads its own rows: India-Russia 2011 is 20 before the revision, 26 after
    pinned = con.execute("select tiv_mn from tiv_yearly_for(['IND'], 3) where supplier_code = 'RUS' and year = 2011")
    assert pinned.fetchall() == [(20.0,)]
    latest_rows = con.execute("select tiv_mn from tiv_yearly_for(['IND'], $v) where supplier_code = 'RUS' "
                              "and year = 2011", {"v": latest})
    assert latest_rows.fetchall() == [(26.0,)]


def test_sipri_deals_preferred_for_equals_sipri_deals_preferred_at_per_recipient_and_version(con):
    latest = _store(con)
    recipients = [r[0] for r in con.execute("select distinct recipient_code from sipri_deals").fetchall()]
    for v in range(1, latest + 1):
        for recipient in recipients:
            whole = _rows(con, "select * from sipri_deals_preferred_at($v) where recipient_code = $r",
                          {"v": v, "r": recipient})
            scoped = _rows(con, "select * from sipri_deals_preferred_for([$r], $v)", {"v": v, "r": recipient})
            assert scoped == whole, (v, recipient)
    assert _rows(con, "select * from sipri_deals_preferred_for(null, $v)", {"v": latest}) == \
        _rows(con, "select * from sipri_deals_preferred_at($v)", {"v": latest})
