"""Parsing SIPRI exports as downloaded: layouts, awkward values, and exact problem reports."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from armsdash.ingest import sipri_text
from armsdash.ingest.sipri_layouts import sniff_layout
from armsdash.ingest.sipri_parse import parse_export
from armsdash.ingest.sipri_rows import Problem
from armsdash.ingest.sipri_text import SipriFormatError, parse_generated
from tests.support import sipri_samples as samples

FIRST_ROW_LINE = 13  # 11 preamble lines, the header on line 12


def yearly_dict(parsed) -> dict[tuple[str, str, int], float]:
    return {(r.recipient, r.supplier, r.year): round(r.tiv_mn, 6) for r in parsed.yearly.itertuples()}


def test_register_is_recognised_with_its_release_and_scope():
    parsed = parse_export(samples.register())
    assert parsed.layout == "trade_register"
    assert parsed.data_generated == datetime(2026, 5, 18, 14, 29, 20)
    assert (parsed.all_suppliers, parsed.all_recipients) == (True, True)
    assert (parsed.year_from, parsed.year_to) == (None, None)  # 'Not specified' = every year
    assert parsed.n_data_rows == 6 and len(parsed.deals) == 6
    assert parsed.problems == [] and parsed.warnings == []


def test_register_splits_delivered_tiv_evenly_over_listed_years():
    parsed = parse_export(samples.register())
    assert yearly_dict(parsed) == {
        ("India", "Russia", 2011): 20.0,  # 40 / 2 listed years (2011; 2013)
        ("India", "Russia", 2013): 20.0,
        ("India", "France", 2014): 60.0,  # one year
        ("Pakistan", "China", 2006): 7.5,  # 15 / 2
        ("Pakistan", "China", 2007): 7.5,
        ("Viet Nam", "Soviet Union", 1986): 1.0,
        ("MNLF (Philippines)*", "unknown supplier(s)", 1975): 0.5,  # 1.5 / 3
        ("MNLF (Philippines)*", "unknown supplier(s)", 1976): 0.5,
        ("MNLF (Philippines)*", "unknown supplier(s)", 1977): 0.5,
    }


def test_register_reads_flags_parentheses_blanks_and_cp1252():
    deals = parse_export(samples.register()).deals.set_index("designation")
    france = deals.loc["Yb-2"]
    assert (france.order_year_is_estimate, france.units_ordered_is_estimate, france.units_delivered_is_estimate) == (
        True, True, True)
    russia = deals.loc["Xa-1"]
    assert (russia.order_year_is_estimate, russia.units_ordered_is_estimate) == (False, False)
    assert russia.delivery_years == "2011; 2013"
    assert (russia.first_delivery_year, russia.last_delivery_year) == (2011, 2013)
    assert russia.comments == "deal note; delivery delayed from 2010 to 2011"
    china = deals.loc["Zc-3"]  # '(2005)' and '(10)' are estimates in older exports
    assert (china.order_year, china.order_year_is_estimate, china.units_ordered, china.units_ordered_is_estimate) == (
        2005, True, 10, True)
    israel = deals.loc["Wd-4"]  # nothing delivered, number ordered not yet available
    assert pd.isna(israel.units_ordered) and israel.units_delivered == 0 and pd.isna(israel.delivery_years)
    assert pd.isna(israel.tiv_delivered) and pd.isna(israel.tiv_total_order) and israel.tiv_per_unit == 2.0
    assert "W\u00e4rtsil\u00e4-9" in deals.index


def test_register_deal_ids_are_stable_and_unique():
    first = parse_export(samples.register()).deals["deal_id"].tolist()
    again = parse_export(samples.register(generated="1 Jun 2026 9:00:00 AM")).deals["deal_id"].tolist()
    assert first == again and len(set(first)) == 6
    twice = parse_export(samples.register([samples.REGISTER_ROWS[0]] * 2)).deals["deal_id"].tolist()
    assert len(set(twice)) == 2


def test_delivery_year_export_keeps_sipris_yearly_values_and_groups_deals():
    parsed = parse_export(samples.delivery_year())
    assert parsed.layout == "delivery_year"
    assert (parsed.year_from, parsed.year_to) == (2000, 2030)
    assert yearly_dict(parsed) == {
        ("India", "Russia", 2011): 20.0,
        ("India", "Russia", 2013): 20.0,
        ("India", "Soviet Union", 2011): 4.0,
        ("India", "France", 2011): 30.0,
        ("Pakistan", "United States", 2011): 15.0,
    }
    deals = parsed.deals.set_index("deal_id")
    assert len(deals) == 4
    deal = deals.loc["101"]  # two yearly rows: 2 + 2 units, 20 + 20 TIV
    assert (deal.units_delivered, deal.tiv_delivered, deal.delivery_years) == (4, 40.0, "2011; 2013")
    assert bool(deal.units_delivered_is_estimate) and deal.category == "Aircraft"  # one of its years is an estimate
    assert deals.loc["103"].comments == "local production"


def test_tiv_importer_table_drops_world_total_and_reads_trailing_space_zeros():
    parsed = parse_export(samples.tiv_table("Recipient"))
    assert parsed.layout == "tiv_importers"
    assert (parsed.year_from, parsed.year_to) == (2010, 2012)
    rows = sorted(parsed.totals.itertuples(index=False, name=None))
    assert rows == [("India", 2011, 54.0), ("India", 2012, 20.0), ("Pakistan", 2010, 0.0), ("Pakistan", 2011, 15.0)]


def test_tiv_exporter_table_is_recognised_by_its_first_cell():
    assert parse_export(samples.tiv_table("Exports by")).layout == "tiv_exporters"


@pytest.mark.parametrize("variant", ["utf-8", "utf-8-sig", "utf-16", "crlf"])
def test_encodings_and_line_ends_read_the_same(variant):
    text = samples.register().decode("cp1252")
    data = text.replace("\n", "\r\n").encode("cp1252") if variant == "crlf" else text.encode(variant)
    assert yearly_dict(parse_export(data)) == yearly_dict(parse_export(samples.register()))
    assert "W\u00e4rtsil\u00e4-9" in set(parse_export(data).deals["designation"])


def test_stray_carriage_return_inside_a_field_is_dropped():
    row = "India,Russia,2010,,4,,Xa-1,fighter aircraft,4,,2011,New,long\r comment,10,40,40"
    deal = parse_export(samples.register([row])).deals.iloc[0]
    assert deal.comments == "long comment" and deal.tiv_delivered == 40.0


def test_footer_lines_are_not_data():
    parsed = parse_export(samples.register(footer=["", "(c) SIPRI 2026"]))
    assert parsed.footer == ["(c) SIPRI 2026"] and len(parsed.deals) == 6 and parsed.problems == []


def test_delivered_tiv_without_a_year_is_loaded_and_warned_about():
    row = "India,Russia,2010,,4,,Xa-1,fighter aircraft,4,,,New,,10,40,40"
    parsed = parse_export(samples.register([row]))
    assert len(parsed.deals) == 1 and parsed.yearly.empty
    assert parsed.warnings == [f"line {FIRST_ROW_LINE}: 40 TIV delivered but no delivery year listed; "
                               "the deal is loaded but its TIV is in no year's total."]


def test_missing_range_means_the_years_with_data():
    parsed = parse_export(samples.register(years="", scope="from All countries to India"))
    assert (parsed.year_from, parsed.year_to) == (1975, 2014)
    assert (parsed.all_suppliers, parsed.all_recipients) == (True, False)


REGISTER_OK = samples.REGISTER_ROWS[0]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (REGISTER_OK.replace(",2010,", ",20x1,"),
         Problem(FIRST_ROW_LINE, "Year of order", "20x1", "a year between 1900 and 2100, or empty")),
        (REGISTER_OK.replace("2011; 2013", "2011; 20133"),
         Problem(FIRST_ROW_LINE, "Year(s) of delivery", "2011; 20133",
                 "years separated by '; ', e.g. '2017; 2019', or empty")),
        (REGISTER_OK.replace(",4,,Xa-1", ",4,x,Xa-1"),
         Problem(FIRST_ROW_LINE, "(estimate flag after 'Number ordered')", "x", "'?' or ''")),
        (REGISTER_OK[: REGISTER_OK.rindex(",")] + ",-5",
         Problem(FIRST_ROW_LINE, "SIPRI TIV of delivered weapons", "-5", "a number of 0 or more, or empty")),
        (REGISTER_OK.replace(",4,,2011", ",4.5,,2011"),
         Problem(FIRST_ROW_LINE, "Number delivered", "4.5", "a whole number of 0 or more, or empty")),
        ("," + REGISTER_OK.split(",", 1)[1],
         Problem(FIRST_ROW_LINE, "Recipient", "", "a name (the cell is empty)")),
        (REGISTER_OK.replace("deal note;", "deal note, with a comma;"),
         Problem(FIRST_ROW_LINE, "(whole row)",
                 REGISTER_OK.replace("deal note;", "deal note, with a comma;")[:60],
                 "16 comma-separated fields as in the header on line 12, found 17")),
    ],
    ids=["order-year", "delivery-year-list", "flag", "negative-tiv", "fractional-units", "empty-recipient",
         "extra-field"],
)
def test_register_row_problems_name_line_and_column(row, expected):
    parsed = parse_export(samples.register([samples.REGISTER_ROWS[1], row]))
    assert parsed.problems == [Problem(expected.line + 1, expected.column, expected.value, expected.expected)]
    assert len(parsed.deals) == 1  # the good row is read; the loader refuses the file as a whole


DY_OK = samples.DELIVERY_YEAR_ROWS[0]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([DY_OK.replace(",20,No", ",,No")],
         [Problem(FIRST_ROW_LINE, "TIV delivery values", "", "the TIV delivered that year (the cell is empty)")]),
        ([DY_OK.replace(",2011,", ",,")],
         [Problem(FIRST_ROW_LINE, "Delivery year", "", "a year between 1900 and 2100")]),
        ([DY_OK.replace(",No,2,", ",Maybe,2,")],
         [Problem(FIRST_ROW_LINE, "Order date is estimate", "Maybe",
                  "'Yes' or 'yes' or 'YES' or 'Y' or 'y' or '1' or 'True' or 'true' or 'No' or 'no' or 'NO' or 'N' "
                  "or 'n' or '0' or 'False' or 'false' or ''")]),
        ([DY_OK, samples.DELIVERY_YEAR_ROWS[1].replace(",India,", ",Pakistan,")],
         [Problem(FIRST_ROW_LINE + 1, "Recipient", "Pakistan", "'India', as on line 13 for deal 101")]),
    ],
    ids=["blank-tiv", "blank-year", "bad-flag", "deal-changes-recipient"],
)
def test_delivery_year_row_problems(rows, expected):
    assert parse_export(samples.delivery_year(rows)).problems == expected


def test_tiv_table_problem_names_the_year_column():
    parsed = parse_export(samples.tiv_table(rows=["India,,n/a,20,74,60.2%,74,60.2%"]))
    assert parsed.problems == [Problem(11, "2011", "n/a", "a number of 0 or more, or empty")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04rest-of-a-zip",
         "This is an Excel workbook, not a CSV file. Download the export from SIPRI as CSV."),
        (b"a,b\n1,2\n", "Not a SIPRI export this app recognises: no line in the first 40 looks like the header of the "
                        "trade register, the transfers-by-delivery-year export or the TIV importer/exporter tables. "
                        "First line: 'a,b'"),
        (b"Title\n\n,,1990,1991,1990-1991\nAfrica,Regional total,1,2,3\n",
         "This is SIPRI's regional table (imports by region and supplier); it names no recipient country. Load the "
         "trade register, the transfers-by-delivery-year export or the TIV importer table instead."),
        (samples.register([]),
         "The file has the header of a SIPRI trade register (one row per deal) but no data rows."),
        (samples.register().replace(b",Number delivered,", b",Delivered,"),
         "The header lacks the column(s) 'Number delivered'. Download the export again from SIPRI without "
         "removing columns."),
    ],
    ids=["empty", "excel", "other-csv", "regional", "header-only", "missing-column"],
)
def test_files_that_are_not_readable_exports_are_refused_with_a_reason(data, message):
    with pytest.raises(SipriFormatError) as caught:
        parse_export(data)
    assert str(caught.value) == message


def test_sniff_layout_recognises_each_layout_from_the_first_lines():
    assert sniff_layout(samples.register()) == "trade_register"
    assert sniff_layout(samples.delivery_year()) == "delivery_year"
    assert sniff_layout(samples.tiv_table("Exports by")) == "tiv_exporters"
    assert sniff_layout(b"recipient_code,supplier_code\nIND,RUS\n") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18 May 2026 2:29:20 PM", datetime(2026, 5, 18, 14, 29, 20)),
     ("3 Jan 2025 9:16:02 AM", datetime(2025, 1, 3, 9, 16, 2)),
     ("2025-01-03", datetime(2025, 1, 3)),
     ("yesterday", None)],
)
def test_data_generated_stamp(text, expected):
    assert parse_generated(text) == expected


def test_an_unmatched_quote_is_refused_not_swallowed():
    row = 'India,Russia,2010,,4,,"Xa-1,fighter aircraft,4,,2011,New,,10,40,40'
    data = samples.register([row] + ["x" * 200_000])
    with pytest.raises(SipriFormatError, match=r"cannot be read as CSV .* unmatched '\"'"):
        parse_export(data)


def test_a_name_longer_than_any_country_is_a_problem():
    row = "A" * 201 + ",Russia,2010,,4,,Xa-1,fighter aircraft,4,,2011,New,,10,40,40"
    assert parse_export(samples.register([row])).problems == [
        Problem(FIRST_ROW_LINE, "Recipient", "A" * 201, "a name of at most 200 characters")]


def test_oversized_file_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(sipri_text, "MAX_BYTES", 1000)
    with pytest.raises(SipriFormatError, match=r"SIPRI exports are far smaller \(the limit is 0 MB\)"):
        parse_export(samples.register())
