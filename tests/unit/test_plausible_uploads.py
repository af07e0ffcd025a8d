"""Uploads that should not pass: implausible values, the template's example row, Excel's ``sep=`` line, and
refusals of a whole file that read as one sentence."""

from __future__ import annotations

import pytest

from armsdash.ingest import templates
from armsdash.ingest.readcsv import Limits, ReadError, read_bytes
from armsdash.ingest.validate import unreadable, validate

RECORDS = ("programme_id,recipient_code,supplier_code,system,category,contract_year,contract_value_usd_mn,"
           "units_ordered,units_delivered,promised_delivery,actual_or_expected_delivery,status,source_id,note\n")
ROW = "p1,IND,RUS,S-400,air defence,2018,{value},{ordered},{delivered},2023,2026,delayed,src_a,{note}\n"
TIV = "recipient_code,supplier_code,year,tiv_mn,method,release_id\n"


def problems(text: str) -> list[str]:
    checked = validate(read_bytes(text.encode()), known_sources={"src_a", "s400_trt_2025"})
    return [p.message() for p in checked.problem_list()]


def record(value="5430", ordered="5", delivered="3", note="") -> str:
    return RECORDS + ROW.format(value=value, ordered=ordered, delivered=delivered, note=note)


@pytest.mark.parametrize("value", ["1e308", "250001", "1e400", "inf"])
def test_an_implausible_contract_value_is_refused_with_the_reason(value):
    found = problems(record(value=value))
    assert len(found) == 1 and found[0].startswith(f"Row 2, contract_value_usd_mn: {value!r} - expected a ")
    if value != "inf" and value != "1e400":
        assert "the largest arms deal on record" in found[0]


def test_the_largest_plausible_contract_value_passes():
    assert problems(record(value="250000")) == []


def test_more_units_delivered_than_ordered_needs_a_note_saying_why():
    assert problems(record(ordered="5", delivered="50")) == [
        "Row 2, units_delivered: '50' - expected at most units_ordered, unless the row's note says why "
        "(e.g. options exercised)"]
    assert problems(record(ordered="5", delivered="50", note="45 more under options exercised in 2024")) == []


def test_an_implausible_tiv_and_unit_count_are_refused():
    assert problems(TIV + "IND,RUS,2021,1e308,delivery_year,src_a\n")[0].startswith(
        "Row 2, tiv_mn: '1e308' - expected a plausible value: at most 100,000 TIV million")
    assert problems(record(ordered="2000000", delivered="1"))[0].startswith(
        "Row 2, units_ordered: '2000000' - expected a plausible value: at most 1,000,000 units")


def test_each_bound_is_in_the_column_guide():
    guide = templates.columns_frame("delivery_records").set_index("column")["unit_or_form"]
    assert "at most 250,000" in guide["contract_value_usd_mn"] and "largest arms deal" in guide["contract_value_usd_mn"]
    assert "at most units_ordered, unless the row's note says why" in guide["units_delivered"]
    assert "at most 100,000" in templates.columns_frame("tiv_deliveries").set_index("column")["unit_or_form"]["tiv_mn"]


def test_the_example_row_among_real_rows_is_refused_by_its_row():
    template = templates.template_csv("delivery_records").decode("utf-8-sig")
    header, example = template.splitlines()[:2]
    text = header + "\n" + ROW.format(value="100", ordered="2", delivered="1", note="") + example + "\n"
    assert problems(text) == [("Row 3: this is the template's example row: replace it with your own rows "
                                  "or delete it")]


def test_a_whole_file_refusal_reads_as_its_sentence():
    too_many = "a,b\n" + "1,2\n" * 11
    with pytest.raises(ReadError) as refused:
        read_bytes(too_many.encode(), Limits(max_bytes=10_000, max_rows=10))
    message = unreadable(str(refused.value)).problem_list()[0].message()
    assert message == "The file has 11 rows; the limit is 10. Split it into smaller files."


def test_excels_sep_line_names_the_delimiter_and_is_not_row_1():
    text = "sep=;\r\n" + TIV.replace(",", ";") + "IND;RUS;2021;12,5;delivery_year;src_a\r\n"
    checked = validate(read_bytes(text.encode()), known_sources={"src_a"})
    assert checked.ok, [p.message() for p in checked.problem_list()]
    assert checked.frame["tiv_mn"].tolist() == [12.5]
    assert checked.frame.index.tolist() == [2]
