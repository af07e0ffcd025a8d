"""Validation: one small bad file per rule, each asserting the exact row and column reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from armsdash import config
from armsdash.charts import exports
from armsdash.contracts import CONTRACTS, EXAMPLE_MARK
from armsdash.ingest import templates
from armsdash.ingest.checked import SHOWN, Problem
from armsdash.ingest.readcsv import read_bytes
from armsdash.ingest.validate import validate

SOURCES = {"src_a", "src_b", "sipri_2024"}
REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"

SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
RECORDS = ("programme_id,recipient_code,supplier_code,system,category,contract_year,contract_value_usd_mn,"
           "units_ordered,units_delivered,promised_delivery,actual_or_expected_delivery,status,source_id,note\n")
GOOD_RECORD = "ind-rus-s400,IND,RUS,S-400,air defence,2018,5430,5,3,2023,2026-2027,delayed,src_a,ok"
INVENTORY = ("recipient_code,service_or_category,origin_label,origin_code,share_pct,units,as_of_year,"
             "is_estimate,source_id,note\n")
SOURCE_HEADER = "source_id,title,publisher,url,published_date,accessed_note\n"


def check(text: str, **kwargs):
    """Validate CSV text against the fixed set of known sources."""
    return validate(read_bytes(text.encode("utf-8")), known_sources=SOURCES, year_max=2026, **kwargs)


def only(checked) -> Problem:
    """The one problem of ``checked`` (fails when there are none or several)."""
    problems = checked.problem_list()
    assert len(problems) == 1, [p.message() for p in problems]
    return problems[0]


def test_good_file_passes_and_is_typed():
    checked = check(SHARES + "IND,RUS,2019,2023,36,src_a,\nIND,France,2019,2023,33.5,src_a,quote\n")
    assert checked.ok and checked.table == "published_import_shares"
    assert checked.problems.empty
    frame = checked.frame
    assert frame["supplier_code"].tolist() == ["RUS", "FRA"]
    assert frame["share_pct"].tolist() == [36.0, 33.5]
    assert frame["period_start"].tolist() == [2019, 2019]
    assert frame.index.tolist() == [2, 3]
    assert pd.isna(frame.loc[2, "note"])


BAD = [
    # (id, csv text, (row, column, start of expected))
    ("required-value", RECORDS + GOOD_RECORD + "\n" + GOOD_RECORD.replace("S-400", "").replace("ind-rus-s400", "x"),
     (3, "system", "a value (this column is required)")),
    ("missing-column", SHARES.replace(",share_pct", "") + "IND,RUS,2019,2023,src_a,\n",
     (1, "share_pct", "a column named 'share_pct'")),
    ("extra-column", SHARES.replace(",note", ",note,colour") + "IND,RUS,2019,2023,36,src_a,,red\n",
     (1, "colour", "only the template's columns")),
    ("integer-type", SHARES + "IND,RUS,2019,2023,36,src_a,\nIND,FRA,2019.5,2023,3,src_a,\n",
     (3, "period_start", "a whole number")),
    ("number-type", SHARES + "IND,RUS,2019,2023,36%,src_a,\n", (2, "share_pct", "a number (without a % sign)")),
    ("boolean-type", INVENTORY + "IND,all,Russia,RUS,36,,2025,maybe,src_a,\n", (2, "is_estimate", "true or false")),
    ("allowed-status", RECORDS + GOOD_RECORD.replace("delayed", "delayd"),
     (2, "status", "one of: delivered, in_progress, delayed, stalled, cancelled (did you mean delayed?)")),
    ("allowed-category", RECORDS + GOOD_RECORD.replace("air defence", "tanks"), (2, "category", "one of: aircraft")),
    ("share-over-100", SHARES + "IND,RUS,2019,2023,101,src_a,\n", (2, "share_pct", "a share from 0 to 100")),
    ("share-negative", SHARES + "IND,RUS,2019,2023,-1,src_a,\n", (2, "share_pct", "a share from 0 to 100")),
    ("year-too-early", SHARES + "IND,RUS,1949,2023,30,src_a,\n", (2, "period_start", "a year from 1950 to 2026")),
    ("year-after-next", RECORDS + GOOD_RECORD.replace(",2018,", ",2027,"),
     (2, "contract_year", "a year from 1950 to 2026")),
    ("negative-units", RECORDS + GOOD_RECORD.replace(",5,3,", ",5,-3,"),
     (2, "units_delivered", "a number that is not negative")),
    ("period-backwards", SHARES + "IND,RUS,2023,2019,30,src_a,\n",
     (2, "period_end", "a last year not before period_start")),
    ("date-form", RECORDS + GOOD_RECORD.replace(",2023,", ",23/05/2023,"), (2, "promised_delivery", "a date: YYYY")),
    ("date-month", RECORDS + GOOD_RECORD.replace(",2023,", ",2023-13,"),
     (2, "promised_delivery", "a month from 01 to 12")),
    ("date-day", RECORDS + GOOD_RECORD.replace(",2023,", ",2023-02-30,"),
     (2, "promised_delivery", "a day that exists in that month")),
    ("date-range-backwards", RECORDS + GOOD_RECORD.replace("2026-2027", "2027-2026"),
     (2, "actual_or_expected_delivery", "a range whose first year is not after its last")),
    ("date-strict-no-text", SOURCE_HEADER + "s9,Title,SIPRI,https://sipri.org,late 2022,\n",
     (2, "published_date", "a date: YYYY, YYYY-MM, YYYY-MM-DD")),
    ("duplicate-key",
     SHARES + "IND,RUS,2019,2023,30,src_a,\nIND,FRA,2019,2023,30,src_a,\nIND,Russia,2019,2023,30,src_a,\n",
     (4, "recipient_code, supplier_code, period_start, period_end, source_id",
      "a unique recipient_code, supplier_code, period_start, period_end, source_id (the same as row 2)")),
    ("unknown-source", SHARES + "IND,RUS,2019,2023,36,sipri_2042,\n",
     (2, "source_id", "a source_id listed in the sources table (upload the source first) (did you mean sipri_2024?)")),
    ("unknown-country", SHARES + "Inida,RUS,2019,2023,36,src_a,\n",
     (2, "recipient_code", "a known country name or ISO3 code: unknown country 'Inida' (did you mean India")),
    ("shares-sum-over-100",
     SHARES + "IND,RUS,2019,2023,60,src_a,\nPAK,CHN,2019,2023,80,src_a,\nIND,FRA,2019,2023,50,src_a,\n",
     (4, "share_pct", "shares of one recipient_code, period_start, period_end, source_id that add up to at most 100 "
                      "(rows 2, 4 add up to 110.0)")),
    ("long-cell", SHARES + "IND,RUS,2019,2023,36,src_a," + "x" * 10_001 + "\n",
     (2, "note", "at most 10,000 characters")),
    ("formula-cell", SHARES + 'IND,RUS,2019,2023,36,src_a,"=HYPERLINK(""http://evil"",""click"")"\n',
     (2, "note", "text that does not start with =, +, - or @")),
    ("formula-at", SHARES + "IND,RUS,2019,2023,36,src_a,@SUM(A1)\n", (2, "note", "text that does not start with")),
    ("html-script", SHARES + "IND,RUS,2019,2023,36,src_a,<script>alert(1)</script>\n",
     (2, "note", "plain text without HTML tags, javascript: links or Markdown links and images")),
    ("html-img", SHARES + 'IND,RUS,2019,2023,36,src_a,"<img src=x onerror=alert(1)>"\n',
     (2, "note", "plain text without HTML tags")),
    ("markdown-link", SOURCE_HEADER + "s9,Title,[SIPRI](https://outside.example),,2024,\n",
     (2, "publisher", "plain text without HTML tags, javascript: links or Markdown links and images")),
    ("markdown-image", SHARES + "IND,RUS,2019,2023,36,src_a,![x] (https://outside.example/track.png)\n",
     (2, "note", "plain text without HTML tags, javascript: links or Markdown links and images")),
    ("javascript-url", SOURCE_HEADER + "s9,Title,SIPRI,javascript:alert(1),2024,\n",
     (2, "url", "a web address starting with http:// or https://")),
    ("replace-recipient-without-recipient", SOURCE_HEADER + "s9,Title,SIPRI,,2024,\n",
     (1, "", "mode append or replace_table: sources has no recipient")),
]


@pytest.mark.parametrize("text, expected", [(b[1], b[2]) for b in BAD], ids=[b[0] for b in BAD])
def test_each_rule_reports_the_row_and_column(text, expected):
    mode = "replace_recipient" if "replace-recipient" in text or expected[2].startswith("mode") else "append"
    checked = check(text, mode=mode)
    problem = only(checked)
    assert (problem.row, problem.column) == expected[:2]
    assert problem.expected.startswith(expected[2]), problem.expected
    assert not checked.ok


def test_problem_message_names_row_column_value_and_expectation():
    problem = only(check(SHARES + "IND,RUS,2019,2023,36,src_a,\nIND,FRA,2019,2023,abc,src_a,\n"))
    assert problem.message() == "Row 3, share_pct: 'abc' - expected a number (without a % sign)"


def test_unrecognised_header_lists_the_tables():
    problem = only(check("colour,size\nred,3\n"))
    assert problem.row == 1
    assert problem.expected.startswith("the header of one of the tables (download a template): sources (source_id")


def test_forced_table_reports_missing_columns():
    checked = check("colour,size\nred,3\n", table="sources")
    assert [(p.row, p.column) for p in checked.problem_list()[:2]] == [(1, "source_id"), (1, "title")]


def test_header_is_matched_ignoring_case_and_spaces():
    checked = check("Source ID,Title\ns9,Some title\n")
    assert checked.ok and checked.table == "sources"


def test_values_are_normalised():
    checked = check(RECORDS + GOOD_RECORD.replace("delayed", "In Progress").replace("air defence", "Air-Defence")
                    .replace(",IND,RUS,", ",india,Russian Federation,"))
    assert checked.ok, checked.problem_list()
    row = checked.frame.loc[2]
    assert (row["status"], row["category"], row["recipient_code"], row["supplier_code"]) == (
        "in_progress", "air defence", "IND", "RUS")


def test_free_text_dates_with_a_year_are_accepted_where_the_contract_allows_text():
    checked = check(RECORDS + GOOD_RECORD.replace("2026-2027", "late 2022-early 2023"))
    assert checked.ok


def test_semicolon_file_with_decimal_commas():
    text = SHARES.replace(",", ";") + "IND;RUS;2019;2023;36,5;src_a;\n"
    checked = check(text)
    assert checked.ok and checked.frame.loc[2, "share_pct"] == 36.5


def test_sources_in_the_same_upload_count_as_known():
    checked = check(SOURCE_HEADER + "new_src,Title,SIPRI,https://sipri.org,2024-03,\n")
    assert checked.ok


def test_revised_figures_from_different_sources_do_not_add_up():
    checked = check(SHARES + "IND,RUS,2009,2013,75,src_a,\nIND,RUS,2009,2013,76,src_b,\n")
    assert checked.ok


def test_only_the_first_200_problems_are_listed_with_the_total_counted():
    text = SHARES + "".join(f"IND,RUS,{1900 + i % 40},2023,36,src_{i},\n" for i in range(300))
    checked = check(text)
    assert len(checked.problem_list()) == SHOWN
    assert len(checked.problems) == 600  # every row: a year before 1950 and an unknown source
    assert checked.summary() == "600 problems in 300 rows"


def test_rejected_rows_csv_has_reasons_and_neutralised_formulas():
    checked = check(SHARES + "IND,RUS,2019,2023,36,src_a,\nIND,FRA,2019,2023,36,src_a,=1+1\n"
                    "IND,USA,2019,2023,x,src_a,\n")
    rejected = checked.rejected_rows()
    assert rejected["row"].tolist() == [3, 4]
    assert rejected["reason"].tolist() == [
        "note: text that does not start with =, +, - or @ (a spreadsheet would run it as a formula)",
        "share_pct: a number (without a % sign)",
    ]
    text = exports.csv_bytes(rejected).decode("utf-8-sig")
    assert ",'=1+1," in text
    assert ",=1+1," not in text


@pytest.mark.parametrize("name", ["sources", "published_import_shares", "inventory_origin", "delivery_records"])
def test_reference_layouts_are_accepted_as_they_are(name):
    known = set(pd.read_csv(REFERENCE / "sources.csv", dtype=str)["source_id"])
    data = (REFERENCE / f"{name}.csv").read_bytes()
    checked = validate(read_bytes(data), known_sources=known)
    assert checked.ok, [p.message() for p in checked.problem_list(5)]
    assert checked.table == name
    bundled = pd.read_csv(config.DATA_DIR / f"{name}.csv", dtype=str, keep_default_na=False)
    if name == "sources":  # the bundled sources also list the SIPRI releases
        assert set(checked.frame["source_id"]) <= set(bundled["source_id"])
        return
    assert len(checked.frame) == len(bundled)
    if name == "delivery_records":
        assert checked.frame["programme_id"].tolist() == bundled["programme_id"].tolist()
    if name == "published_import_shares":
        assert checked.frame["supplier_code"].tolist() == bundled["supplier_code"].tolist()


@pytest.mark.parametrize("table", sorted(CONTRACTS))
def test_bundled_seed_files_pass_validation(table):
    known = set(pd.read_csv(config.DATA_DIR / "sources.csv", dtype=str)["source_id"])
    codes = set(pd.read_csv(config.DATA_DIR / "countries.csv", dtype=str, keep_default_na=False)["code"])
    checked = validate(read_bytes((config.DATA_DIR / f"{table}.csv").read_bytes()), table=table,
                       known_sources=known, known_countries=codes)
    assert checked.ok, [p.message() for p in checked.problem_list(5)]


@pytest.mark.parametrize("table", sorted(CONTRACTS))
def test_a_template_uploaded_unchanged_is_refused_as_its_example_row_only(table):
    known = set(pd.read_csv(config.DATA_DIR / "sources.csv", dtype=str)["source_id"])
    checked = validate(read_bytes(templates.template_csv(table)), known_sources=known)
    assert [p.message() for p in checked.problem_list()] == [
        "Row 2: this is the template's example row: replace it with your own rows or delete it"]
    assert checked.table == table and len(checked.frame) == 1
    edited = templates.template_csv(table).replace(EXAMPLE_MARK.encode(), b"our own row")
    if edited != templates.template_csv(table):  # the example with its mark replaced is an ordinary row
        assert validate(read_bytes(edited), known_sources=known).ok
    described = templates.columns_frame(table)
    assert described["column"].tolist() == CONTRACTS[table].column_names


def test_codes_of_the_store_countries_table_are_accepted_as_they_are():
    text = SHARES + "IND,QZX,2019,2023,3,src_a,\n"
    assert only(check(text)).expected.startswith("a known country name or ISO3 code: unknown country 'QZX'")
    assert check(text, known_countries={"QZX"}).ok
