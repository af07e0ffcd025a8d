"""Query benchmark: every metric in queries/ at 1M and 10M synthetic deal rows, against pandas.

For each store size, each metric runs through ``metrics.run_metric`` (as the pages call it,
versioned macros included) for recipient India: median of 5 after a warm-up. Where this
file has a pandas version of the same computation (``PANDAS``), it runs on DataFrames
already in memory (the load time is printed once per table) and the ratio pandas/DuckDB
is given: above 1 means DuckDB is faster.

    python -m bench.queries                # 1m and 10m (generates the stores on first use)
    python -m bench.queries --sizes 1m
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from armsdash import metrics
from armsdash.store import db
from bench.common import machine, synthetic_store, table, timed

RECIPIENT = "IND"
PERIOD = (2000, 2024)
# A value for each parameter name the metrics declare; parameters not listed keep their defaults.
PARAM_VALUES: dict[str, object] = {
    "recipient": RECIPIENT, "from": PERIOD[0], "to": PERIOD[1], "top": 8, "combine_russia": 0,
    "window": 5, "as_of": 2025, "recipients": "IND,PAK,SAU", "supplier": "RUS",
}


def params_for(metric: metrics.Metric) -> dict[str, object]:
    """The benchmark's parameters for ``metric`` (only those it declares, never ``v``)."""
    params = {k: PARAM_VALUES[k] for k in metric.params if k in PARAM_VALUES and k != "v"}
    defaults = getattr(metric, "defaults", {}) or {}
    for name in list(params):
        if name in defaults:  # e.g. as_of:date=today: keep the metric's own default
            del params[name]
    if metric.params.get("supplier") == "text":
        params.pop("supplier", None)
    return params


class Frames:
    """The store's latest version as pandas DataFrames, loaded on first use (load times recorded)."""

    def __init__(self, con):
        self.con, self.loaded, self.load_ms = con, {}, {}

    def get(self, name: str, sql: str) -> pd.DataFrame:
        """The frame ``sql`` returns, read once and timed under ``name``."""
        if name not in self.loaded:
            started = time.perf_counter()
            self.loaded[name] = self.con.execute(sql).df()
            self.load_ms[name] = (time.perf_counter() - started) * 1000
        return self.loaded[name]

    def tiv(self) -> pd.DataFrame:
        """The current TIV deliveries."""
        return self.get("tiv_deliveries", "select recipient_code, supplier_code, year, tiv_mn "
                                          "from tiv_deliveries where version_removed is null")

    def deals(self) -> pd.DataFrame:
        """The current SIPRI deals."""
        return self.get("sipri_deals", "select recipient_code, supplier_code, order_year, first_delivery_year, "
                                       "tiv_delivered from sipri_deals where version_removed is null")


def pandas_supplier_shares_by_period(f: Frames) -> pd.DataFrame:
    """Shares of the recipient's TIV per five-year period and supplier (the core of the SQL)."""
    tiv = f.tiv()
    rows = tiv[(tiv["recipient_code"] == RECIPIENT) & tiv["year"].between(*PERIOD)]
    rows = rows.assign(period_start=2009 + 5 * ((rows["year"] - 2009) // 5))
    by = rows.groupby(["period_start", "supplier_code"], as_index=False)["tiv_mn"].sum()
    by["share_pct"] = 100 * by["tiv_mn"] / by.groupby("period_start")["tiv_mn"].transform("sum")
    return by


def pandas_supplier_shares_by_year(f: Frames) -> pd.DataFrame:
    """Shares of the recipient's TIV per year and supplier."""
    tiv = f.tiv()
    rows = tiv[(tiv["recipient_code"] == RECIPIENT) & tiv["year"].between(*PERIOD)]
    by = rows.groupby(["year", "supplier_code"], as_index=False)["tiv_mn"].sum()
    by["share_pct"] = 100 * by["tiv_mn"] / by.groupby("year")["tiv_mn"].transform("sum")
    return by


def pandas_recipients(f: Frames) -> pd.DataFrame:
    """Rows per recipient (the TIV table dominates; the other tables are tiny)."""
    return f.tiv()["recipient_code"].value_counts().reset_index()


def pandas_sipri_lead_times(f: Frames) -> pd.DataFrame:
    """Mean years from order to first delivery, per supplier, for the recipient's deals."""
    deals = f.deals()
    mine = deals[deals["recipient_code"] == RECIPIENT]
    lead = (mine["first_delivery_year"] - mine["order_year"]).rename("lead")
    return pd.concat([mine["supplier_code"], lead], axis=1).groupby("supplier_code")["lead"].agg(["mean", "count"])


PANDAS = {
    "supplier_shares_by_period": pandas_supplier_shares_by_period,
    "supplier_shares_by_year": pandas_supplier_shares_by_year,
    "recipients": pandas_recipients,
    "sipri_lead_times": pandas_sipri_lead_times,
}

# Whole-table computations on the raw deals, the same in SQL and pandas (no metric file needed).
RAW_SQL = {
    "raw: supplier shares of one recipient, from all deals":
        "select supplier_code, sum(tiv_delivered) as tiv, 100 * tiv / sum(tiv) over () as share_pct "
        "from sipri_deals where version_removed is null and recipient_code = 'IND' group by supplier_code",
    "raw: TIV by recipient and supplier, all deals":
        "select recipient_code, supplier_code, sum(tiv_delivered) as tiv "
        "from sipri_deals where version_removed is null group by all",
}


def _raw_pandas(name: str, f: Frames) -> pd.DataFrame:
    deals = f.deals()
    if name.startswith("raw: supplier shares"):
        mine = deals[deals["recipient_code"] == "IND"]
        by = mine.groupby("supplier_code")["tiv_delivered"].sum()
        return (100 * by / by.sum()).reset_index()
    return deals.groupby(["recipient_code", "supplier_code"])["tiv_delivered"].sum().reset_index()


def bench_size(size: str, repeat: int) -> list[list[object]]:
    """Time every metric (and the raw queries) on the ``size`` store; one table row each."""
    path = synthetic_store(size)
    con = db.connect(path, read_only=True)
    frames = Frames(con)
    rows: list[list[object]] = []
    try:
        deals = con.execute("select count(*) from sipri_deals").fetchone()[0]
        tiv_rows = con.execute("select count(*) from tiv_deliveries").fetchone()[0]
        print(f"{size}: {deals:,} deal rows, {tiv_rows:,} tiv_deliveries rows")
        for metric in metrics.list_metrics():
            params = params_for(metric)
            try:
                duck_ms, result = timed(lambda: metrics.run_metric(con, metric.name, params), repeat)
            except metrics.MetricError as exc:
                rows.append([size, metric.name, f"error: {exc}", "", "", ""])
                continue
            pandas_fn = PANDAS.get(metric.name)
            if pandas_fn:
                pandas_fn(frames)  # loads the frames outside the timing
                pandas_ms, _ = timed(lambda: pandas_fn(frames), repeat)
                rows.append([size, metric.name, duck_ms, pandas_ms, pandas_ms / duck_ms, len(result)])
            else:
                rows.append([size, metric.name, duck_ms, "—", "—", len(result)])
        for name, sql in RAW_SQL.items():
            duck_ms, result = timed(lambda: con.execute(sql).df(), repeat)
            _raw_pandas(name, frames)
            pandas_ms, _ = timed(lambda: _raw_pandas(name, frames), repeat)
            rows.append([size, name, duck_ms, pandas_ms, pandas_ms / duck_ms, len(result)])
        for name, ms in frames.load_ms.items():
            print(f"  pandas load of {name} (not in the timings): {ms:,.0f} ms")
    finally:
        con.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the query table for the requested sizes."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=["1m", "10m"], choices=["1m", "10m"])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    print(machine())
    rows = []
    for size in args.sizes:
        rows += bench_size(size, args.repeat)
    print(table(["deals", "metric", "DuckDB ms (median)", "pandas ms (median)", "pandas / DuckDB", "result rows"],
                rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
