"""SIPRI's real exports (../shared/fixtures): they load as downloaded and reproduce SIPRI's published shares.

Outside CI the module is skipped when the fixture folder is absent (a clone without
../shared); with CI=true a missing folder fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from armsdash.ingest.sipri_load import load_export
from armsdash.ingest.sipri_parse import parse_export
from armsdash.ingest.sipri_text import SipriFormatError
from armsdash.store import db

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures"
REGISTER = "sipri_trade_register_all_generated_2026-05-18.csv"
DELIVERY_YEAR = "sipri_transfers_by_delivery_year_2000-2030_generated_2025-01-03.csv"
IMPORTERS = "sipri_tiv_importers_1950-2024_generated_2024-10-13.csv"
EXPORTERS = "sipri_tiv_exporters_1950-2024_generated_2024-10-13.csv"

# SIPRI's published Russia shares of India's arms imports (fact sheets 2018 and 2023, see SOURCES.md).
PUBLISHED_RUSSIA_SHARE = {(2009, 2013): 76, (2014, 2018): 58, (2019, 2023): 36}


def _fixture(name: str) -> Path:
    path = FIXTURES / name
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"SIPRI fixture {path} is missing; CI must run the real-file tests")
        pytest.skip(f"SIPRI fixture {path} not present (needs ../shared next to the repository)")
    return path


@pytest.fixture(scope="module")
def store():
    """One in-memory store with the register, the delivery-year export and both TIV tables loaded."""
    con = db.connect(":memory:")
    db.ensure_schema(con)
    con.execute("insert into data_versions (version, created_at, action) values (1, current_timestamp, 'build')")
    reports = {name: load_export(con, _fixture(name).read_bytes(), name)
               for name in (REGISTER, DELIVERY_YEAR, IMPORTERS, EXPORTERS)}
    yield con, reports
    con.close()


def _share(con, recipient: str, suppliers: list[str], start: int, end: int, method: str | None) -> float:
    """Share (%) of ``suppliers`` in ``recipient``'s TIV over start..end, from one method or the preferred mix."""
    row = con.execute(
        "select 100 * sum(tiv_mn) filter (where list_contains($s, supplier_code)) / sum(tiv_mn) "
        "from tiv_yearly_at(99) where recipient_code = $r and year between $a and $b "
        "and ($m is null or method = $m)",
        {"s": suppliers, "r": recipient, "a": start, "b": end, "m": method},
    ).fetchone()
    return float(row[0])


@pytest.mark.parametrize(("period", "published"), list(PUBLISHED_RUSSIA_SHARE.items()),
                         ids=[f"{a}-{b}" for a, b in PUBLISHED_RUSSIA_SHARE])
def test_india_russia_share_from_delivery_year_export_matches_sipri(store, period, published):
    con, _reports = store
    computed = _share(con, "IND", ["RUS", "SUN"], *period, method="delivery_year")
    assert abs(computed - published) <= 1.0, f"{period}: computed {computed:.1f} %, SIPRI published {published} %"


def test_preferred_yearly_data_uses_the_delivery_year_export_for_india_2009_2023(store):
    con, _reports = store
    methods = con.execute("select distinct method from tiv_yearly_at(99) "
                          "where recipient_code = 'IND' and year between 2009 and 2023").fetchall()
    assert methods == [("delivery_year",)]
    assert abs(_share(con, "IND", ["RUS", "SUN"], 2019, 2023, None) - 36) <= 1.0


def test_india_yearly_totals_equal_sipris_importer_table(store):
    con, _reports = store
    rows = con.execute(
        "with computed as (select year, sum(tiv_mn) as tiv from tiv_yearly_at(99) "
        "    where recipient_code = 'IND' and method = 'delivery_year' group by year), "
        "published as (select year, tiv_mn from tiv_totals_at(99) "
        "where country_code = 'IND' and direction = 'imports') "
        "select published.year, computed.tiv, published.tiv_mn from published "
        "join computed using (year) where published.year between 2000 and 2023 order by year"
    ).fetchall()
    assert len(rows) == 24
    # The importer table rounds to whole millions.
    assert all(abs(computed - published) <= 0.5 for _year, computed, published in rows), rows


def test_register_loads_completely(store):
    con, reports = store
    report = reports[REGISTER]
    data = (FIXTURES / REGISTER).read_bytes()
    data_lines = data.count(b"\n") - 12  # 11 preamble lines and the header
    assert report.n_data_rows == data_lines == 29916
    # Every deal row is accounted for: loaded (the load refuses a file with unread rows).
    release = report.release_id
    deals = con.execute("select count(*) from sipri_deals_at(99) where release_id = $r", {"r": release}).fetchone()[0]
    assert deals == data_lines
    assert report.unmapped == {}
    # The even split keeps every delivered TIV: the yearly rows add up to the register's column.
    raw = pd.read_csv(FIXTURES / REGISTER, skiprows=11, encoding="cp1252", dtype=str, keep_default_na=False)
    delivered = pd.to_numeric(raw["SIPRI TIV of delivered weapons"].replace("", "0")).sum()
    yearly = con.execute("select sum(tiv_mn) from tiv_deliveries_at(99) where release_id = $r",
                         {"r": release}).fetchone()[0]
    assert yearly == pytest.approx(delivered, rel=1e-9)


def test_soviet_union_and_russia_stay_distinct(store):
    con, _reports = store
    suppliers = {row[0] for row in con.execute(
        "select distinct supplier_code from tiv_deliveries_at(99) where recipient_code = 'IND'").fetchall()}
    assert {"RUS", "SUN"} <= suppliers


def test_every_release_is_recorded_with_its_data_generated_date(store):
    con, _reports = store
    rows = con.execute("select layout, strftime(data_generated, '%Y-%m-%d') from sipri_releases_at(99) "
                       "order by layout").fetchall()
    assert rows == [("delivery_year", "2025-01-03"), ("tiv_exporters", "2024-10-13"),
                    ("tiv_importers", "2024-10-13"), ("trade_register", "2026-05-18")]


def test_regional_table_is_refused_with_a_reason():
    data = _fixture("sipri_regional_transfers_1990-2023_generated_2024-04-13.csv").read_bytes()
    with pytest.raises(SipriFormatError, match="regional table"):
        parse_export(data)


@pytest.mark.parametrize(("period", "published"), list(PUBLISHED_RUSSIA_SHARE.items()),
                         ids=[f"metric-{a}-{b}" for a, b in PUBLISHED_RUSSIA_SHARE])
def test_supplier_shares_metric_reproduces_sipri_for_india(store, period, published):
    """The public metric analysts query gives SIPRI's published Russia share within one point."""
    from armsdash import metrics

    con, _reports = store
    frame = metrics.run_metric(con, "supplier_shares", {"recipient": "IND", "from": period[0], "to": period[1],
                                                        "combine_russia": 1})
    russia = frame.loc[frame["supplier"] == "Russia (incl. Soviet Union)", "share_pct"].item()
    assert abs(russia - published) <= 1.0, f"{period}: metric gives {russia:.1f} %, SIPRI published {published} %"
    assert set(frame["basis"]) == {"computed: SIPRI TIV"}
