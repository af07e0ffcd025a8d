"""Records split by a line break inside an unquoted free-text field are joined back, or refused with the reason."""

from __future__ import annotations

import pandas as pd
import pytest

from armsdash.ingest.sipri_join import join_broken
from armsdash.ingest.sipri_load import load_export
from armsdash.ingest.sipri_parse import parse_export
from armsdash.ingest.sipri_rows import Problem
from armsdash.store import db
from tests.support import sipri_samples as samples

FIRST = 13  # the first data line of the samples
ROW = samples.REGISTER_ROWS[0]  # India,Russia,...,Xa-1,fighter aircraft,...,deal note; delivery delayed ...,10,40,40


def _deals(parsed) -> pd.DataFrame:
    return parsed.deals.drop(columns=["line"]).reset_index(drop=True)


def _same_as_unbroken(broken: bytes, unbroken: bytes) -> None:
    got, want = parse_export(broken), parse_export(unbroken)
    assert got.problems == []
    pd.testing.assert_frame_equal(_deals(got), _deals(want))
    pd.testing.assert_frame_equal(got.yearly, want.yearly)
    assert got.n_data_rows == want.n_data_rows


@pytest.mark.parametrize("brk", ["\r\n", "\n"], ids=["crlf", "bare-lf"])
@pytest.mark.parametrize("old, new, column", [
    ("deal note; delivery", "deal note;{brk}delivery", "Comments"),
    ("Xa-1,fighter", "Xa{brk}-1,fighter", "Weapon designation"),
    ("fighter aircraft", "fighter{brk}aircraft", "Weapon description"),
    ("to 2011,10", "to 2011{brk},10", "Comments"),  # the break ends the comment, as in SIPRI's March 2025 register
])
def test_register_record_split_in_a_text_field_is_joined_and_reported(brk, old, new, column):
    split = ROW.replace(old, new.format(brk=brk))
    rows = [split] + samples.REGISTER_ROWS[1:]
    parsed = parse_export(samples.register(rows))
    if column == "Weapon designation":  # 'Xa -1': the break stands for a space, as it does in prose
        assert parsed.deals.loc[0, "designation"] == "Xa -1"
    else:
        _same_as_unbroken(samples.register(rows), samples.register())
    assert [(j.lines, j.columns) for j in parsed.joined] == [((FIRST, FIRST + 1), (column,))]
    assert parsed.deals.loc[0, "line"] == FIRST


def test_crlf_file_with_a_bare_lf_in_a_comment_is_joined():
    rows = [ROW.replace("deal note; ", "deal note;\n")] + samples.REGISTER_ROWS[1:]
    text = samples.register(rows).decode("cp1252")
    data = text.replace("\n", "\r\n").replace("deal note;\r\n", "deal note;\n").encode("cp1252")
    _same_as_unbroken(data, samples.register())


def test_several_breaks_in_one_record_and_in_neighbouring_records():
    first = ROW.replace("fighter aircraft", "fighter\naircraft").replace("deal note; ", "deal note;\r\n\r\n")
    second = samples.REGISTER_ROWS[1].replace("Yb-2,", "Yb-2\n,")
    data = samples.register([first, second] + samples.REGISTER_ROWS[2:])
    _same_as_unbroken(data, samples.register())
    assert [j.lines for j in parse_export(data).joined] == [(13, 14, 16), (17, 18)]  # line 15 is blank


@pytest.mark.parametrize("old, new, column", [
    ("Xa-1,fighter", "Xa-1\n,fighter", "Designation"),
    ("fighter aircraft,", "fighter\r\naircraft,", "Description"),
])
def test_delivery_year_record_split_in_a_text_field_is_joined(old, new, column):
    rows = list(samples.DELIVERY_YEAR_ROWS)
    rows[1] = rows[1].replace(old, new)
    parsed = parse_export(samples.delivery_year(rows))
    assert parsed.problems == []
    assert [(j.lines, j.columns) for j in parsed.joined] == [((FIRST + 1, FIRST + 2), (column,))]
    pd.testing.assert_frame_equal(parsed.yearly, parse_export(samples.delivery_year()).yearly)


def test_a_break_inside_a_quoted_field_is_read_by_csv_not_joined():
    rows = [ROW.replace("deal note; delivery delayed from 2010 to 2011", '"deal note;\r\ndelivery, delayed"')]
    parsed = parse_export(samples.register(rows))
    assert parsed.problems == [] and parsed.joined == []
    assert parsed.deals.loc[0, "comments"] == "deal note;\ndelivery, delayed"


def test_a_break_outside_a_text_field_is_refused_as_before():
    rows = [ROW.replace("2010,,4,", "2010,,\n4,")]  # inside 'Number ordered': no free text there
    parsed = parse_export(samples.register(rows))
    assert parsed.joined == []
    assert [(p.line, p.column) for p in parsed.problems] == [(FIRST, "(whole row)"), (FIRST + 1, "(whole row)")]
    assert "found 5" in parsed.problems[0].expected


def test_a_join_that_does_not_type_check_is_refused_with_the_reason():
    rows = [ROW.replace("deal note; delivery", "deal note;\ndelivery").replace(",10,40,40", ",10,forty,40")]
    problems = parse_export(samples.register(rows)).problems
    assert [p.line for p in problems] == [FIRST, FIRST + 1]
    assert "joined as lines 13–14 it would have the header's fields, but its 'SIPRI TIV for total order' would " \
           "be 'forty'" in problems[0].expected


def test_the_tiv_tables_have_no_free_text_so_nothing_is_joined():
    parsed = parse_export(samples.tiv_table(rows=["India,,54\n,20,74,60.2%,74,60.2%"]))
    assert parsed.joined == [] and [p.line for p in parsed.problems] == [11, 12]


def _reads_when_last_is_a_number(line: int, cells: list[str]) -> list[Problem]:
    return [] if cells[-1].isdigit() else [Problem(line, "n", cells[-1], "a number")]


def test_an_ambiguous_join_is_refused_with_the_reason():
    # Three fields, both of the first two free text: line 2 completes line 1 or line 3, and one is left over.
    rows = [(1, ["a", "b"]), (2, ["c", "1"]), (3, ["d", "2"])]
    records, joins, problems = join_broken(rows, 3, {0: "x", 1: "y"}, _reads_when_last_is_a_number, 0)
    assert records == [] and joins == []
    assert [p.line for p in problems] == [1, 2, 3]
    assert "can be joined in more than one way (1–2, 2–3), so none was joined" in problems[0].expected


def test_join_takes_the_only_reading_and_keeps_whole_records_in_order():
    rows = [(1, ["a", "b", "1"]), (2, ["c", "d"]), (3, ["e", "2"]), (4, ["f", "g", "3"])]
    records, joins, problems = join_broken(rows, 3, {0: "x", 1: "y"}, _reads_when_last_is_a_number, 0)
    assert problems == []
    assert records == [(1, ["a", "b", "1"]), (2, ["c", "d e", "2"]), (4, ["f", "g", "3"])]
    assert [str(j) for j in joins] == ["lines 2–3 (y)"]


def test_the_load_summary_names_the_joined_lines():
    con = db.connect(":memory:")
    db.ensure_schema(con)
    con.execute("insert into data_versions (version, created_at, action) values (1, current_timestamp, 'build')")
    rows = [ROW.replace("deal note; ", "deal note;\r\n")] + samples.REGISTER_ROWS[1:]
    report = load_export(con, samples.register(rows), "register.csv", dry_run=True)
    assert report.n_data_rows == len(samples.REGISTER_ROWS)
    assert ("Joined 1 record(s) that a line break inside a text field had split over several lines: "
            "lines 13–14 (Comments).") in report.summary().splitlines()
