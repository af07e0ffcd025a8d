"""Key sentences worked out by hand on fixed data, and the rule that a sentence states no figure its chart lacks."""

from __future__ import annotations

import base64
import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest

from armsdash.charts import base, delivery_charts, sanctions_charts
from armsdash.charts import dependency_charts as charts
from armsdash.readings import key_sentences

SRC = {"source_id": "s1", "source_title": "Fact sheet", "source_publisher": "SIPRI", "source_url": "https://x.org",
       "source_date": "2024-03-11"}


def published() -> pd.DataFrame:
    rows = [("RUS", "Russia", 2009, 76.0), ("FRA", "France", 2009, 4.2), ("RUS", "Russia", 2019, 36.4),
            ("FRA", "France", 2019, 29.4)]
    return pd.DataFrame([{"supplier_code": c, "supplier": n, "period_start": y, "period_end": y + 4,
                          "period": f"{y}–{str(y + 4)[2:]}", "share_pct": s, **SRC} for c, n, y, s in rows])


def computed_by_year() -> pd.DataFrame:
    rows = [(2021, "RUS", "Russia", 1, 50.04), (2021, "FRA", "France", 2, 30.0), (2021, "OTHER", "Other", 3, 19.96),
            (2022, "RUS", "Russia", 1, 20.0), (2022, "FRA", "France", 2, 45.55), (2022, "OTHER", "Other", 3, 34.45)]
    return pd.DataFrame([{"year": y, "supplier_code": c, "supplier": n, "supplier_rank": r, "share_pct": s,
                          "tiv_mn": s * 10} for y, c, n, r, s in rows])


def computed_by_period() -> pd.DataFrame:
    rows = [(2014, False, "RUS", "Russia", 1, 58.0), (2014, False, "USA", "United States", 2, 12.0),
            (2019, True, "RUS", "Russia", 1, 58.0), (2019, True, "USA", "United States", 2, 20.25)]
    return pd.DataFrame([{"period_start": y, "period_end": y + 4, "period": f"{y}–{str(y + 4)[2:]}", "is_partial": p,
                          "supplier_code": c, "supplier": n, "supplier_rank": r, "share_pct": s, "tiv_mn": s}
                         for y, p, c, n, r, s in rows])


def compared() -> pd.DataFrame:
    rows = [("2009–13", "Russia", 76.0, 75.93, "2023-01-01"), ("2009–13", "Russia", 75.0, 75.93, "2020-01-01"),
            ("2019–23", "France", 33.0, 30.6, "2024-01-01"), ("2019–23", "Russia", 36.0, 36.5, "2024-01-01")]
    return pd.DataFrame([{"period": p, "supplier": n, "published_share_pct": a, "computed_share_pct": b,
                          "difference_pts": b - a, "source_title": "t", "source_date": d} for p, n, a, b, d in rows])


def concentration() -> pd.DataFrame:
    return pd.DataFrame({"year": [2013, 2014, 2023], "window_start": [2009, 2010, 2019],
                         "window_end": [2013, 2014, 2023], "hhi": [5868.6, np.nan, 2659.2],
                         "top_supplier": ["Russia", None, "Russia"], "top_share_pct": [75.9, np.nan, 36.49]})


def compare() -> pd.DataFrame:
    rows = [("IND", "India", 2023, 2659.2, "Russia", 36.5), ("PAK", "Pakistan", 2023, 6762.0, "China", 81.6),
            ("IND", "India", 2022, 3000.0, "Russia", 40.0), ("BGD", "Bangladesh", 2022, 5000.0, "China", 70.0)]
    return pd.DataFrame([{"recipient_code": c, "recipient": n, "year": y, "window_start": y - 4, "window_end": y,
                          "hhi": h, "top_supplier": t, "top_share_pct": s} for c, n, y, h, t, s in rows])


def inventory() -> pd.DataFrame:
    rows = [("army", "Russia", "RUS", 60.0, 2020, True), ("army", "France", "FRA", 10.0, 2020, True),
            ("all services", "Russia", "RUS", 36.0, 2025, False)]
    return pd.DataFrame([{"service_or_category": s, "origin_label": o, "origin_code": c, "share_pct": p,
                          "as_of_year": y, "is_estimate": e, **SRC} for s, o, c, p, y, e in rows])


def arsenal() -> pd.DataFrame:
    rows = [("all categories", "RUS", "Russia", 640.0, 64.04, 900, 60.0), ("all categories", "FRA", "France", 85.0,
            8.54, 300, 20.0), ("all categories", "ISR", "Israel", 275.0, 27.42, 300, 20.0),
            ("aircraft", "RUS", "Russia", 400.0, 80.0, 100, 50.0), ("aircraft", "FRA", "France", 100.0, 20.0, 100,
                                                                      50.0)]
    return pd.DataFrame([{"category": k, "service_life_years": 35, "origin_code": c, "origin": n, "tiv_mn": t,
                          "tiv_share_pct": ts, "units": u, "units_share_pct": us, "n_deals": 1, "as_of_year": 2024,
                          "is_estimate": True} for k, c, n, t, ts, u, us in rows])


def russia() -> pd.DataFrame:
    return pd.DataFrame({"figure": ["Deliveries still in service, by TIV (2024)", "army (2020), SIPRI",
                                    "SIPRI: share of imports 2019–23"], "share_pct": [64.0, 60.0, 36.0],
                         "kind": ["deliveries-based estimate", "published inventory estimate",
                                  "published import share"], "basis": ["a", "b", "c"]})


def delays() -> pd.DataFrame:
    rows = [("p1", "S-400", "Russia", True, "2023-12-31", "2027-12-31", 48),
            ("p2", "Rafale", "France", False, "2022-12-31", "2022-12-31", 0),
            ("p3", "Frigate", "Russia", False, "2024-09-30", "2024-12-31", 3),
            ("p4", "Rifles", "Russia", True, None, None, None)]
    frame = pd.DataFrame([{"programme_id": i, "system": s, "supplier": n, "supplier_code": n[:3].upper(),
                           "is_open": o, "promised_by": pd.Timestamp(p) if p else pd.NaT,
                           "completion_by": pd.Timestamp(c) if c else pd.NaT, "stated_by": pd.Timestamp(c) if c else
                           pd.NaT, "contract_start": pd.Timestamp("2018-01-01"), "delay_months": d,
                           "excluded_reason": None if d is not None else "no promised date", "claims": "",
                           "status": "in_progress" if o else "delivered", "source_id": "s1"}
                          for i, s, n, o, p, c, d in rows])
    frame["delay_months"] = frame["delay_months"].astype("Int64")
    return frame


def track() -> pd.DataFrame:
    rows = [("RUS", "Russia", 19, 5, 0, 0.0, 36.0, 12768.6), ("FRA", "France", 3, 2, 1, 50.0, 48.0, 7400.0),
            ("USA", "United States", 2, 0, 0, np.nan, np.nan, 0.0)]
    return pd.DataFrame([{"supplier_code": c, "supplier": n, "n_programmes": p, "n_due": d, "n_on_time": t,
                          "on_time_share_pct": s, "median_delay_months": m, "n_with_delay": d,
                          "value_undelivered_usd_mn": v, "n_value_unknown": 0} for c, n, p, d, t, s, m, v in rows])


def lead() -> pd.DataFrame:
    rows = [("Russia", "Aircraft", 10, 4, 3.0, 6.0), ("France", "Ships", 4, 1, 1.0, 2.5), ("USA", "Sensors", 2, 0,
                                                                                             2.5, 3.0)]
    return pd.DataFrame([{"supplier_code": s[:3], "supplier": s, "category": c, "n_deals": n, "n_undelivered": u,
                          "median_years_to_first": f, "median_years_to_last": la} for s, c, n, u, f, la in rows])


def exposure() -> pd.DataFrame:
    rows = [("Share of imports (SIPRI TIV, last five years)", "any", "any list", 20.24, 2447.8, 12115.8, "tiv_mn",
             "2021–2025", True),
            ("Share of imports (SIPRI TIV, last five years)", "US", "secondary-sanctions list", 10.6, 1283.9, 12115.8,
             "tiv_mn", "2021–2025", True),
            ("Share of open programmes", "any", "any list", 100 / 3, 4, 12, "programmes", "open on 2025-06-01", False),
            ("Share of open programmes", "US", "blocking sanction", 25.0, 3, 12, "programmes", "open on 2025-06-01",
             False)]
    return pd.DataFrame([{"figure": f, "authority": a, "kind": k, "value": v, "listed_amount": la, "total_amount": ta,
                          "amount_unit": u, "period": p, "is_estimate": e} for f, a, k, v, la, ta, u, p, e in rows])


def listings() -> pd.DataFrame:
    rows = [("2014-07-16", "2014-07-16", True, "listing: blocking sanction", "Uralvagonzavod listed: US EO 13661"),
            ("2014-07-01", "2014-07", False, "listing: export restriction", "USC listed: US BIS Entity List"),
            ("2022-06-28", "2022-06-28", True, "listing: blocking sanction", "Rostec listed: US EO 14024"),
            ("2022-02-24", "2022-02-24", True, "war", "Russia invades Ukraine")]
    return pd.DataFrame([{"event_day": pd.Timestamp(d), "date_text": t, "day_is_exact": e, "kind": k, "label": label}
                         for d, t, e, k, label in rows])


def licence() -> pd.DataFrame:
    rows = [("RUS", "Russia", 2014, 44.59, 69.04), ("RUS", "Russia", 2019, 72.70, 57.57),
            ("GBR", "United Kingdom", 2019, 15.89, 29.28)]
    return pd.DataFrame([{"supplier_code": c, "supplier": n, "period_start": y, "period_end": y + 4,
                          "period": f"{y}–{str(y + 4)[2:]}", "local_units_pct": u, "local_tiv_pct": t,
                          "local_units": u, "units": 100.0, "unknown_units": 0.0} for c, n, y, u, t in rows])


def shares_with_listings(frame: pd.DataFrame, **options) -> object:
    return sanctions_charts.shares_lines_with_events(frame, listings(), **options)


AS_OF = dt.date(2026, 12, 3)
CASES = {
    "published_shares_over_time": (
        base.published_shares_over_time, published, {},
        "The share of India's arms imports from Russia fell from 76% in 2009–13 to 36% in 2019–23; France was next "
        "in 2019–23 with 29% (SIPRI's published shares of trend-indicator values, by five-year period)."),
    "shares_stacked": (
        charts.shares_stacked, computed_by_year, {"by": "year"},
        "The share of India's arms imports from France rose from 30.0% in 2021 to 45.5% in 2022; Russia was next "
        "in 2022 with 20.0% (computed from SIPRI trend-indicator values, by year)."),
    "shares_lines": (
        charts.shares_lines, computed_by_period, {"by": "period"},
        "The share of India's arms imports from Russia was 58.0% in both 2014–18 and 2019–23 (part of the period); "
        "United States was next in 2019–23 (part of the period) with 20.2% (computed from SIPRI trend-indicator "
        "values, by five-year period)."),
    "published_vs_computed": (
        charts.published_vs_computed, compared, {},
        "Across 3 suppliers and periods, the share computed here from SIPRI's trend-indicator values is at most 2.4 "
        "points from SIPRI's published share: France in 2019–23, 33% published and 30.6% computed."),
    "concentration_lines": (
        charts.concentration_lines, concentration, {},
        "India's supplier concentration (HHI, 0–10,000) fell from 5,869 in the five years to 2013 to 2,659 in the "
        "five years to 2023, highly concentrated; Russia supplied 36% of imports."),
    "concentration_compare": (
        charts.concentration_compare, compare, {},
        "Of the 3 recipients compared, Pakistan had the most concentrated suppliers in the five years to 2023 (HHI "
        "6,762, highly concentrated; China 82%) and India the least (HHI 2,659, highly concentrated)."),
    "inventory_published": (
        charts.inventory_published, inventory, {},
        "India's inventory by origin as published, newest first: Russia 36% of all services (2025, reported); "
        "Russia 60% of army (2020, estimate)."),
    "arsenal_estimate": (
        charts.arsenal_estimate, arsenal, {"measure": "tiv", "assumption": "lives",
                                           "title": "India: equipment in service in 2024 by origin"},
        "Estimate: of the weapons delivered to India and still within their assumed service life in 2024, by SIPRI "
        "TIV: Russia 64.0% and Israel 27.4%."),
    "russia_figures": (
        charts.russia_figures, russia, {},
        "Figures for the Russian (incl. Soviet) share run from 36% to 64%: lowest, SIPRI: share of imports 2019–23 "
        "(published import share); highest, Deliveries still in service, by TIV (2024) (deliveries-based estimate). "
        "They count different things."),
    "delivery_timeline": (
        delivery_charts.delivery_timeline, delays, {"as_of": AS_OF},
        "2 of the 4 programmes shown were delivered, or are expected, after their original promised date; the longest "
        "delay is the S-400 (Russia), which is 48 months late."),
    "supplier_comparison": (
        delivery_charts.supplier_comparison, track, {},
        "France delivered 50% of its programmes due on time (1 of 2); France has the longest median delay, 48 "
        "months; Russia owes the most contract value, USD 12.8 bn."),
    "lead_times": (
        delivery_charts.lead_times, lead, {},
        "In the SIPRI trade register, the median time from order to first delivery ranges from 1 year (France · "
        "Ships) to 3 years (Russia · Aircraft); Russia · Aircraft has the most orders not fully delivered, 4 of 10 "
        "deals."),
    "exposure_bars": (
        sanctions_charts.exposure_bars, exposure, {},
        "Makers on any list account for 20.2% of India's arms imports (SIPRI TIV, 2021–2025), an estimate; 33.3% of "
        "India's open programmes. The largest single listing is US · blocking sanction: 25.0% of India's open "
        "programmes."),
    "timeline": (
        sanctions_charts.timeline, listings, {},
        "Listings of India's makers and their parents: 2 blocking sanction listings, 1 export restriction listing; "
        "the first, USC listed: US BIS Entity List (2014-07); the latest, Rostec listed: US EO 14024 (2022-06-28). "
        "Other events marked: 1 war event."),
    "shares_lines_with_events": (
        shares_with_listings, computed_by_year, {},
        "The share of India's arms imports from France rose from 30.0% in 2021 to 45.5% in 2022; Russia was next "
        "in 2022 with 20.0% (computed from SIPRI trend-indicator values, by year)."),
    "licence_lines": (
        sanctions_charts.licence_lines, licence, {"measure": "units"},
        "Share of units delivered to India in 2019–23 built in India under licence or assembled, by origin (read "
        "from SIPRI's register comments): Russia 72.7%; United Kingdom 15.9%."),
}


@pytest.mark.parametrize("chart", CASES)
def test_key_sentence_worked_by_hand(chart):
    _build, frame, options, expected = CASES[chart]
    assert key_sentences.key_sentence(chart, frame(), subject="India", **options) == expected


def test_every_chart_builder_has_a_sentence():
    assert set(CASES) == set(key_sentences.SENTENCES)


@pytest.mark.parametrize("chart", CASES)
def test_empty_frame_gives_a_sentence_not_an_error(chart):
    _build, frame, options, _expected = CASES[chart]
    sentence = key_sentences.key_sentence(chart, frame().iloc[0:0], subject="India", **options)
    assert sentence and sentence.endswith(".")


def test_sentence_changes_with_the_filter():
    rows = published()
    whole = key_sentences.key_sentence("published_shares_over_time", rows, subject="India")
    cut = key_sentences.key_sentence("published_shares_over_time", rows[rows.period_start == 2019], subject="India")
    assert whole != cut and cut.startswith("Russia supplied 36% of India's arms imports in 2019–23")


def test_a_new_leader_in_the_last_period_is_named():
    rows = published()
    rows.loc[(rows.supplier_code == "FRA") & (rows.period_start == 2019), "share_pct"] = 41.0
    assert key_sentences.key_sentence("published_shares_over_time", rows, subject="India") == (
        "The share of India's arms imports from Russia fell from 76% in 2009–13 to 36% in 2019–23; France was the "
        "largest supplier in 2019–23 with 41% (SIPRI's published shares of trend-indicator values, by five-year "
        "period).")


def test_unknown_chart_has_no_sentence():
    assert key_sentences.key_sentence("a_new_chart", published(), subject="India") is None


NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")


def _walk(value, out: set[str]) -> None:
    if isinstance(value, dict) and "bdata" in value:  # Plotly's base64 encoding of a numeric array
        _walk(np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]), out)
    elif isinstance(value, dict):
        for item in value.values():
            _walk(item, out)
    elif isinstance(value, (list, tuple, np.ndarray, pd.Series)):
        for item in list(value):
            _walk(item, out)
    elif isinstance(value, str):
        out.update(NUMBER.findall(value))
    elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
            and np.isfinite(value):
        number = float(value)
        out.update({f"{abs(number):.0f}", f"{abs(number):.1f}", f"{abs(number):,.0f}", f"{abs(number):g}"})


def shown_figures(fig) -> set[str]:
    """Every number a reader can see in ``fig``: its labels and titles, each data value as its labels round it,
    and counts of what it draws (points per trace, traces, categories)."""
    spec = fig.to_plotly_json()
    out: set[str] = set()
    _walk(spec["layout"], out)
    for trace in spec["data"]:
        _walk({k: v for k, v in trace.items() if k not in ("hovertemplate", "marker", "line")}, out)
        for axis in ("x", "y"):
            values = trace.get(axis)
            if isinstance(values, dict) and "bdata" in values:
                values = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
            if values is not None:
                out.add(str(len(values)))
                out.add(str(len(set(map(str, values)))))
    out.add(str(len(spec["data"])))
    for name, axis in spec["layout"].items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict) and "categoryarray" in axis:
            out.add(str(len(axis["categoryarray"])))
    return out


@pytest.mark.parametrize("chart", CASES)
def test_sentence_states_no_figure_the_chart_does_not_show(chart):
    build, frame, options, _expected = CASES[chart]
    data = frame()
    fig = build(data, **{"title": "India: chart", "source": "Source: SIPRI", **options})
    sentence = key_sentences.key_sentence(chart, data, subject="India", **options)
    missing = [n for n in NUMBER.findall(sentence) if n not in shown_figures(fig)]
    assert not missing, f"{chart}: {missing} not in the chart"


def test_the_check_catches_a_figure_the_chart_lacks():
    fig = base.published_shares_over_time(published(), title="t", source="s")
    assert "77" not in shown_figures(fig) and "76" in shown_figures(fig)
