"""What the delivery pages say, from hand-made metric frames."""

from __future__ import annotations

import pandas as pd

from armsdash.charts import delivery_charts
from armsdash.readings import delivery_view


def _delays(rows):
    return pd.DataFrame(rows, columns=["programme_id", "supplier_code", "supplier", "category", "contract_year",
                                       "excluded_reason"])


def test_exclusion_note_counts_programmes_without_a_promise():
    delays = _delays([
        ("a", "RUS", "Russia", "ships", 2001, None),
        ("b", "RUS", "Russia", "ships", 2002, "no promised date"),
        ("c", "FRA", "France", "aircraft", 2003, "no promised date"),
        ("d", "FRA", "France", "aircraft", 2004, "not yet due"),
    ])
    note = delivery_view.exclusion_note(delays)
    # 4 programmes, 3 left out (2 without a promise, 1 not yet due): 1 has a delay figure
    assert note.startswith("1 of 4 programmes have a delay figure; 2 are left out")
    assert "2 no promised date, 1 not yet due" in note


def test_filter_choices_come_from_the_unfiltered_programmes():
    delays = _delays([("a", "RUS", "Russia", "ships", 1997, None), ("b", "FRA", "France", "aircraft", 2016, None)])
    assert delivery_view.supplier_choices(delays) == {"all": "All suppliers", "FRA": "France", "RUS": "Russia"}
    assert delivery_view.category_choices(delays) == ["all", "aircraft", "ships"]
    assert delivery_view.contract_years(delays) == (1997, 2016)


def test_overview_headlines_name_the_supplier_that_owes_most():
    overview = pd.DataFrame([dict(n_programmes=10, n_open=4, n_late_now=2, median_delay_months=9.0, n_with_delay=6,
                                  n_no_promised_date=1, value_undelivered_usd_mn=12768.6, top_supplier="Russia",
                                  top_supplier_value_usd_mn=950.0)])
    values = {h.label: (h.value, h.detail) for h in delivery_view.overview_headlines(overview)}
    assert values["Programmes delayed now"][0] == "2 of 4 open"
    assert values["Median delay"] == ("9 months", "over 6 programmes; 1 without a promised date left out")
    assert values["Contract value undelivered"] == ("USD 12.8 bn", "most owed by Russia (USD 950 mn)")


def test_exposure_headlines_keep_the_estimate_flag_and_source():
    exposure = pd.DataFrame([
        dict(figure="Share of the inventory of this origin", category="air force", value=60.0, unit="share_pct",
             period="2024", is_estimate=True, basis="", source_id="inv", source_title="Study",
             source_publisher="Think tank", source_url=None, source_date="2025"),
        dict(figure="Contract value still owed", category="all categories", value=110.0, unit="usd_mn",
             period="as of 2026-06-15", is_estimate=False, basis="pro rata", source_id="a, b", source_title=None,
             source_publisher=None, source_url=None, source_date=None),
    ])
    first, second = delivery_view.exposure_headlines(exposure)
    assert (first.label, first.value, first.is_estimate) == ("Share of the inventory of this origin", "60%", True)
    assert first.detail == "air force · 2024"
    assert first.source == "Source: Think tank (2025)"
    assert (second.value, second.is_estimate) == ("USD 110 mn", False)
    assert second.source.startswith("Sources: delivery records (2 sources")


def test_lead_time_chart_and_source_line():
    frame = pd.DataFrame([dict(supplier="Russia", category="Aircraft", n_deals=3, n_undelivered=2,
                               median_years_to_first=3.0, median_years_to_last=5.0, release_ids="reg_a, reg_b")])
    fig = delivery_charts.lead_times(frame, title="t", source=delivery_view.lead_time_source(frame))
    assert [list(t.x) for t in fig.data] == [[3.0], [5.0]]
    assert fig.layout.annotations[0].text == "Source: SIPRI Arms Transfers Database (reg_a, reg_b)"


def test_programme_table_shows_worst_delay_first_and_the_range_across_sources(con):
    from armsdash.metrics import run_metric
    from tests.support import delivery_fixture

    delivery_fixture.load(con)
    delays = run_metric(con, "delivery_delays", {"recipient": "IND", "as_of": delivery_fixture.AS_OF})
    table = delivery_view.programme_table(delays).set_index("System")
    assert table.index[0] == "System partial"  # 24 months, the longest
    assert table.loc["System claims", "Delay by source (months)"] == "15"  # one original promise (src_old)
    assert table.loc["System late", "Delay by source (months)"] == "15"
    assert table.loc["System cancelled", "Delay by source (months)"] == ""


def test_tables_show_an_empty_cell_where_a_month_or_text_is_missing_never_none(con):
    from armsdash.metrics import run_metric
    from tests.support import delivery_fixture

    delivery_fixture.load(con)
    delays = run_metric(con, "delivery_delays", {"recipient": "IND", "as_of": delivery_fixture.AS_OF})
    table = delivery_view.programme_table(delays).set_index("System")
    assert delays["expected_by"].isna().any() and delays["excluded_reason"].isna().any()  # the fixture has gaps
    for column in ("Latest expected", "No delay because"):
        assert table[column].notna().all() and "None" not in set(table[column]) and "" in set(table[column])
    backlog = pd.DataFrame({
        "system": ["A", "B"], "category": ["ships", None], "status": ["late", "open"], "units_owed": [2, 1],
        "units_ordered": [4, 1], "value_undelivered_usd_mn": [12.34, None], "promised_by": ["2023-12-01", None],
        "expected_by": [None, "2027-06-01"], "delay_months": [30.0, None], "slip_months": [None, None],
        "source_id": ["s", "s"], "source_url": [None, "https://example.org"]})
    shown = delivery_view.backlog_table(backlog)
    assert shown["Original promise"].tolist() == ["Dec 2023", ""]
    assert shown["Latest expected"].tolist() == ["", "Jun 2027"]
    assert shown["Category"].tolist() == ["ships", ""] and shown["Link"].tolist() == ["", "https://example.org"]
    assert shown["Value owed (USD mn)"].iloc[0] == 12.3  # numbers stay numbers
