"""Synthetic arms-transfer data at any size, generated in DuckDB SQL (no Python row loops).

Three things, all from the same deterministic generator (same ``n`` and ``seed`` -> same rows):

* ``sipri_deals`` rows in the store's contract (one row per deal, SIPRI trade-register style),
* the ``tiv_deliveries`` they imply (each deal's delivered TIV split evenly over its delivery
  years, summed by recipient, supplier and year: method ``register_even_split``),
* an upload CSV in a user table's contract (``delivery_records``), for upload benchmarks.

Recipients and suppliers are skewed the way real arms trade is (a few big importers and
exporters, a long tail), over ~190 ISO countries, 1950-2025, SIPRI's armament categories.

    python -m bench.generate store --rows 1000000 --out /tmp/bench/1m.duckdb
    python -m bench.generate csv --rows 1000000 --out /tmp/bench/delivery_records_1m.csv
    python -m bench.generate deals-csv --rows 1000000 --out /tmp/bench/sipri_deals_1m.csv
    python -m bench.generate deliveries-store --rows 1000000 --out /tmp/bench/deliveries_1m.duckdb
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb
import pycountry

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from armsdash.contracts import CATEGORIES, STATUSES  # noqa: E402
from armsdash.store import build, db, deal_years, delivery_programmes, versions  # noqa: E402

RELEASE_ID = "synthetic_register"
UPLOAD_SOURCE_ID = "synthetic_source"
# The big exporters first: the generator's skew makes the first codes the most frequent suppliers.
MAJOR_SUPPLIERS = ["USA", "RUS", "FRA", "CHN", "DEU", "ITA", "GBR", "ESP", "ISR", "KOR",
                   "TUR", "NLD", "SWE", "UKR", "CHE", "CAN", "NOR", "AUS", "ZAF", "BLR"]
# The big importers first (SIPRI's top recipients of the 2020s), then every other ISO country.
MAJOR_RECIPIENTS = ["IND", "SAU", "QAT", "UKR", "PAK", "JPN", "AUS", "EGY", "USA", "KOR",
                    "CHN", "ARE", "DZA", "ISR", "POL", "GBR", "NLD", "NOR", "SGP", "VNM"]
SIPRI_CATEGORIES = ["Aircraft", "Air defence systems", "Armoured vehicles", "Artillery", "Engines",
                    "Missiles", "Naval weapons", "Sensors", "Ships", "Satellites", "Other"]
DESCRIPTIONS = ["FGA aircraft", "transport aircraft", "SAM system", "IFV", "tank", "self-propelled gun",
                "turbofan", "anti-ship missile", "naval gun", "air search radar", "frigate", "satellite",
                "armoured car"]


def country_codes() -> list[str]:
    """Every ISO 3166 alpha-3 code, the major traders first (so the skew lands on them)."""
    majors = list(dict.fromkeys(MAJOR_RECIPIENTS + MAJOR_SUPPLIERS))
    rest = sorted({c.alpha_3 for c in pycountry.countries} - set(majors))
    return majors + rest


def _values(name: str, values: list[str]) -> str:
    """A CTE numbering ``values`` from 1: ``name(idx, code)`` (only this module's constants reach here)."""
    rows = ", ".join(f"({i}, '{v}')" for i, v in enumerate(values, start=1))
    return f"{name}(idx, code) as (values {rows})"


def deals_sql(n: int, seed: int = 1) -> str:
    """One SELECT producing ``n`` sipri_deals rows (the contract's columns, in order)."""
    codes = country_codes()
    recipients = MAJOR_RECIPIENTS + codes[len(MAJOR_RECIPIENTS):]
    suppliers = MAJOR_SUPPLIERS + [c for c in codes if c not in MAJOR_SUPPLIERS][:60]

    def u(k: int) -> str:
        """A uniform number in [0, 1) from the deal number and a per-column salt."""
        return f"((hash(i, {seed * 1000 + k}) % 1000003) / 1000003.0)"
    years = ", ".join(f"case when last_year >= first_year + {k} then first_year + {k} end" for k in range(1, 5))
    return f"""
    with {_values("recipient_dim", recipients)},
    {_values("supplier_dim", suppliers)},
    {_values("category_dim", SIPRI_CATEGORIES)},
    {_values("description_dim", DESCRIPTIONS)},
    base as (
        select
            i,
            -- powers of uniforms: a few recipients and suppliers get most deals, as in real trade
            1 + floor({len(recipients)} * pow({u(1)}, 3))::integer as r_idx,
            1 + floor({len(suppliers)} * pow({u(2)}, 2.5))::integer as s_idx,
            1950 + floor(76 * pow({u(3)}, 0.7))::integer as order_year,
            1 + floor({len(SIPRI_CATEGORIES)} * {u(4)})::integer as c_idx,
            1 + floor(200 * pow({u(5)}, 6))::integer as units_ordered,
            floor(6 * {u(6)})::integer as lead_years,
            floor(5 * {u(7)})::integer as span_years,
            {u(8)} as delivered_frac,
            round(0.05 + 100 * pow({u(9)}, 5), 2) as tiv_per_unit,
            {u(10)} as status_draw
        from range({int(n)}) as t(i)
    ),
    shaped as (
        select
            base.*,
            recipient_dim.code as recipient_code,
            -- a country does not supply itself: take the next supplier instead
            case when recipient_dim.code = supplier_dim.code then alt_supplier.code else supplier_dim.code end
                as supplier_code,
            category_dim.code as category,
            description_dim.code as description,
            least(order_year + lead_years, 2025) as first_year,
            least(order_year + lead_years + span_years, 2025) as last_year,
            least(units_ordered, round(units_ordered * (0.2 + delivered_frac)))::integer as n_delivered
        from base
        join recipient_dim on recipient_dim.idx = base.r_idx
        join supplier_dim on supplier_dim.idx = base.s_idx
        join supplier_dim as alt_supplier on alt_supplier.idx = 1 + (base.s_idx % {len(suppliers)})
        join category_dim on category_dim.idx = base.c_idx
        join description_dim on description_dim.idx = 1 + (base.c_idx % {len(DESCRIPTIONS)})
    ),
    final as (
        select
            'SYN-' || i::varchar as deal_id,
            recipient_code,
            supplier_code,
            order_year,
            status_draw < 0.1 as order_year_is_estimate,
            units_ordered,
            status_draw < 0.05 as units_ordered_is_estimate,
            description || ' ' || (i % 997)::varchar as designation,
            description,
            category,
            n_delivered as units_delivered,
            status_draw < 0.2 as units_delivered_is_estimate,
            concat_ws('; ', first_year, {years}) as delivery_years,
            first_year as first_delivery_year,
            last_year as last_delivery_year,
            case when status_draw < 0.85 then 'New' when status_draw < 0.97 then 'Second hand'
                 else 'Second hand but modernized' end as deal_status,
            case when status_draw > 0.9 then 'synthetic comment ' || (i % 101)::varchar end as comments,
            tiv_per_unit,
            round(tiv_per_unit * units_ordered, 2) as tiv_total_order,
            round(tiv_per_unit * n_delivered, 2) as tiv_delivered,
            '{RELEASE_ID}' as release_id
        from shaped
    )
    select * from final
    """


TIV_FROM_DEALS_SQL = """
    -- Each deal's delivered TIV spread evenly over its delivery years, summed per recipient-supplier-year.
    with years as (
        select recipient_code, supplier_code, tiv_delivered,
               unnest(range(first_delivery_year, last_delivery_year + 1)) as year,
               last_delivery_year - first_delivery_year + 1 as n_years
        from {deals}
        where tiv_delivered > 0 and first_delivery_year is not null
    )
    select recipient_code, supplier_code, year::integer as year,
           round(sum(tiv_delivered / n_years), 3) as tiv_mn,
           'register_even_split' as method, '{release}' as release_id
    from years
    group by all
    order by recipient_code, supplier_code, year
"""


def delivery_records_sql(n: int, seed: int = 2) -> str:
    """One SELECT producing ``n`` valid delivery_records rows (the upload contract's columns)."""
    return f"""
    with deals as ({deals_sql(n, seed)}),
    {_values("category_dim", list(CATEGORIES))},
    {_values("status_dim", list(STATUSES))}
    select
        'syn-' || lower(recipient_code) || '-' || lower(supplier_code) || '-' || substr(deal_id, 5)
            as programme_id,
        recipient_code,
        supplier_code,
        designation as system,
        category_dim.code as category,
        order_year as contract_year,
        round(tiv_total_order * 1.3, 1) as contract_value_usd_mn,
        units_ordered,
        units_delivered,
        (order_year + 3)::varchar as promised_delivery,
        last_delivery_year::varchar as actual_or_expected_delivery,
        status_dim.code as status,
        '{UPLOAD_SOURCE_ID}' as source_id,
        case when hash(deal_id, 9) % 10 = 0 then 'synthetic note, with a comma' end as note
    from deals
    join category_dim on category_dim.idx = 1 + (hash(deal_id) % {len(CATEGORIES)})::integer
    join status_dim on status_dim.idx = 1 + (hash(deal_id, 7) % {len(STATUSES)})::integer
    """


def write_csv(select_sql: str, out: Path) -> Path:
    """Run ``select_sql`` in an in-memory DuckDB and write its rows as a CSV with a header."""
    out.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("set enable_progress_bar = false")
        con.execute(f"copy ({select_sql}) to '{_quote_path(out)}' (header, delimiter ',')")
    finally:
        con.close()
    return out


def _quote_path(path: Path) -> str:
    return str(path).replace("'", "''")


def add_synthetic_release(con: duckdb.DuckDBPyConnection, n: int, seed: int = 1) -> int:
    """Add ``n`` synthetic deals, their yearly TIV and the countries/sources they cite as one data version."""
    version = versions.next_version(con)
    deal_columns = ", ".join(c for c in _table_columns(con, "sipri_deals") if not c.startswith("version_"))
    con.execute("begin transaction")
    try:
        # Sorted by recipient as SIPRI's register is: DuckDB's zone maps then skip most
        # row groups when a metric filters on one recipient.
        con.execute(f"create temp table syn_deals as select * from ({deals_sql(n, seed)}) "
                    "order by recipient_code, supplier_code")
        con.execute(f"insert into sipri_deals ({deal_columns}, version_added) "
                    f"select {deal_columns}, {version} from syn_deals")
        tiv = TIV_FROM_DEALS_SQL.format(deals="syn_deals", release=RELEASE_ID)
        con.execute(f"insert into tiv_deliveries (recipient_code, supplier_code, year, tiv_mn, method, "
                    f"release_id, version_added) select *, {version} from ({tiv})")
        if "sipri_releases" in _tables(con):
            con.execute("insert into sipri_releases (release_id, layout, data_generated, file_name, version_added) "
                        "values ($r, 'trade_register', current_timestamp, 'synthetic', $v)",
                        {"r": RELEASE_ID, "v": version})
        for source_id, title in ((RELEASE_ID, "Synthetic SIPRI-style trade register (benchmark data)"),
                                 (UPLOAD_SOURCE_ID, "Synthetic delivery records (benchmark uploads)")):
            con.execute("insert into sources (source_id, title, publisher, version_added) "
                        "values ($s, $t, 'bench/generate.py', $v)", {"s": source_id, "t": title, "v": version})
        _add_missing_countries(con, version)
        if deal_years.TABLE in _tables(con):
            recipients = con.execute("select distinct recipient_code from syn_deals").fetchall()
            deal_years.refresh(con, [r[0] for r in recipients])
        con.execute("drop table syn_deals")
        versions.record_version(con, version, action="upload", author="bench", table_name="sipri_deals",
                                file_name="synthetic", rows_added=n, note=f"{n} synthetic deals (seed {seed})")
        versions.commit(con, version)  # a team replica's write goes to the shared store (bench/team.py)
    except Exception:
        versions.rollback(con)
        raise
    return version


def _add_missing_countries(con: duckdb.DuckDBPyConnection, version: int) -> None:
    known = {r[0] for r in con.execute("select code from countries where version_removed is null").fetchall()}
    for code in [c for c in country_codes() if c not in known]:
        name = pycountry.countries.get(alpha_3=code)
        con.execute("insert into countries (code, name, kind, version_added) values ($c, $n, 'state', $v)",
                    {"c": code, "n": name.name if name else code, "v": version})


def add_synthetic_delivery_records(con: duckdb.DuckDBPyConnection, n: int, seed: int = 2) -> int:
    """Add ``n`` synthetic delivery records (one claim per programme, as an upload would) as one data version,
    with the source and countries they cite and their derived ``delivery_programmes``, in one transaction."""
    version = versions.next_version(con)
    columns = ", ".join(c for c in _table_columns(con, "delivery_records") if not c.startswith("version_"))
    con.execute("begin transaction")
    try:
        con.execute(f"insert into delivery_records ({columns}, version_added) "
                    f"select {columns}, {version} from ({delivery_records_sql(n, seed)})")
        known = con.execute("select count(*) from sources where source_id = $s and version_removed is null",
                            {"s": UPLOAD_SOURCE_ID}).fetchone()[0]
        if not known:
            con.execute("insert into sources (source_id, title, publisher, published_date, version_added) "
                        "values ($s, 'Synthetic delivery records (benchmark uploads)', 'bench/generate.py', "
                        "'2026-01', $v)", {"s": UPLOAD_SOURCE_ID, "v": version})
        _add_missing_countries(con, version)
        delivery_programmes.refresh(con, delivery_programmes.recipients_written(con, version))
        versions.record_version(con, version, action="upload", author="bench", table_name="delivery_records",
                                file_name="synthetic", rows_added=n,
                                note=f"{n} synthetic delivery records (seed {seed})")
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return version


def build_delivery_store(path: Path, n: int, seed: int = 2, *, force: bool = False) -> Path:
    """Build the bundled store at ``path`` plus ``n`` synthetic delivery records (one extra data version)."""
    path = Path(path)
    if path.exists() and not force:
        return path
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(str(partial) + ".wal")):
        leftover.unlink(missing_ok=True)
    build.build_store(partial, rebuild=True)
    con = db.connect(partial)
    try:
        add_synthetic_delivery_records(con, n, seed)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(partial, path)
    return path


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}


def _table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute("select column_name from information_schema.columns where table_name = $t "
                       "order by ordinal_position", {"t": table}).fetchall()
    return [r[0] for r in rows]


def build_synthetic_store(path: Path, n: int, seed: int = 1, *, force: bool = False) -> Path:
    """Build the bundled store at ``path`` plus ``n`` synthetic deals (one extra data version).

    Reuses an existing file unless ``force``; written beside and moved into place, so an
    interrupted build never leaves a half-built store.
    """
    path = Path(path)
    if path.exists() and not force:
        return path
    partial = path.with_name(path.name + ".partial")
    for leftover in (partial, Path(str(partial) + ".wal")):
        leftover.unlink(missing_ok=True)
    build.build_store(partial, rebuild=True)
    con = db.connect(partial)
    try:
        add_synthetic_release(con, n, seed)
        con.execute("checkpoint")
    finally:
        con.close()
    os.replace(partial, path)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``store``, ``csv`` (delivery_records upload) or ``deals-csv``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["store", "deliveries-store", "csv", "deals-csv", "tiv-csv"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--force", action="store_true", help="rebuild a store that exists")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.what == "store":
        build_synthetic_store(args.out, args.rows, args.seed, force=args.force)
    elif args.what == "deliveries-store":
        build_delivery_store(args.out, args.rows, args.seed, force=args.force)
    elif args.what == "csv":
        write_csv(delivery_records_sql(args.rows, args.seed), args.out)
    elif args.what == "deals-csv":
        write_csv(deals_sql(args.rows, args.seed), args.out)
    else:
        tiv = TIV_FROM_DEALS_SQL.format(deals=f"({deals_sql(args.rows, args.seed)})", release=RELEASE_ID)
        write_csv(tiv, args.out)
    size = args.out.stat().st_size / 1e6
    print(f"{args.what}: {args.rows:,} rows -> {args.out} ({size:,.1f} MB) in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
