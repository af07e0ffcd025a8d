"""Checks run once per distinct value must still land on every row that holds the value, and
the Arrow reader must read what the pandas reader (its fallback) reads."""

from __future__ import annotations

import pandas as pd

from armsdash.ingest import readcsv
from armsdash.ingest.readcsv import Limits, read_bytes
from armsdash.ingest.validate import validate

LIMITS = Limits(max_bytes=50 * 2**20, max_rows=1_000_000)
RECORDS = ("programme_id,recipient_code,supplier_code,system,category,contract_year,contract_value_usd_mn,"
           "units_ordered,units_delivered,promised_delivery,actual_or_expected_delivery,status,source_id,note\n")


def record(i: int, year: str = "2018", status: str = "delayed", recipient: str = "IND") -> str:
    return f"p{i},{recipient},RUS,S-{i},air defence,{year},5430,5,3,2023,2026-2027,{status},src_a,note {i}\n"


def test_a_bad_value_repeated_is_reported_on_each_of_its_rows_and_nowhere_else():
    rows = [record(i, year="19x0" if i in (7, 300, 2999) else str(1990 + i % 30)) for i in range(3000)]
    checked = validate(read_bytes((RECORDS + "".join(rows)).encode(), LIMITS), known_sources={"src_a"},
                       year_max=2026)
    assert [(p.row, p.column, p.value, p.expected) for p in checked.problem_list()] == [
        (row, "contract_year", "19x0", "a whole number") for row in (9, 302, 3001)]  # data row i is line i + 2


def test_values_mapped_once_are_spread_back_to_the_right_rows():
    statuses = ["Delayed", "in progress", "DELIVERED", "delayed"]
    recipients = ["India", "IND", "Pakistan", "pak"]
    rows = [record(i, status=statuses[i % 4], recipient=recipients[(i // 4) % 4]) for i in range(64)]
    checked = validate(read_bytes((RECORDS + "".join(rows)).encode(), LIMITS), known_sources={"src_a"},
                       year_max=2026)
    assert checked.ok, [p.message() for p in checked.problem_list(5)]
    frame = checked.frame
    expected_status = {"Delayed": "delayed", "in progress": "in_progress", "DELIVERED": "delivered",
                       "delayed": "delayed"}
    assert frame["status"].tolist() == [expected_status[statuses[i % 4]] for i in range(64)]
    assert frame["recipient_code"].tolist() == [["IND", "IND", "PAK", "PAK"][(i // 4) % 4] for i in range(64)]
    assert frame.index.tolist() == list(range(2, 66))
    assert frame["contract_year"].tolist() == [2018] * 64


def test_a_range_rule_and_a_type_rule_on_the_same_column_keep_file_order_within_a_row():
    text = RECORDS + record(1, year="1800") + record(2, year="1.5") + record(3)
    checked = validate(read_bytes(text.encode(), LIMITS), known_sources={"src_a"}, year_max=2026)
    assert [(p.row, p.expected) for p in checked.problem_list()] == [
        (2, "a year from 1950 to 2026"), (3, "a whole number")]


def test_arrow_and_pandas_readers_agree_on_quotes_newlines_and_spaces(monkeypatch):
    data = (b'a,b,c\n"x, with comma", "  padded  " ,3\n"multi\nline",y,""\n\n"say ""hi""",z,\t5\t\n')
    assert readcsv._parse_arrow(data, ",", 3) is not None  # the file takes the fast path
    fast = read_bytes(data, LIMITS)
    monkeypatch.setattr(readcsv, "_parse_arrow", lambda *args: None)  # force the fallback
    slow = read_bytes(data, LIMITS)
    pd.testing.assert_frame_equal(fast.frame, slow.frame)
    assert fast.frame.loc[5].tolist() == ['say "hi"', "z", "5"]
    assert fast.frame.index.tolist() == [2, 3, 5]  # the blank record (row 4) keeps its number


def test_a_short_row_falls_back_to_the_reader_that_pads_it():
    assert readcsv._parse_arrow(b"a,b,c\n1,2,3\n4,5\n", ",", 3) is None
    table = read_bytes(b"a,b,c\n1,2,3\n4,5\n", LIMITS)
    assert table.frame.loc[3].tolist() == ["4", "5", ""]


def test_cells_are_trimmed_of_any_space_including_non_breaking_and_tabs():
    data = "a,b,c\n\u00a0IND\u00a0,\tx\t,Café\n plain ,y,z\n".encode()
    frame = read_bytes(data, LIMITS).frame
    assert frame["a"].tolist() == ["IND", "plain"]
    assert frame["b"].tolist() == ["x", "y"]
    assert frame["c"].tolist() == ["Café", "z"]


def test_values_that_differ_only_in_surrounding_spaces_are_one_value_and_one_key():
    rows = [record(i, recipient=[" IND", "IND ", "\tIND"][i % 3]) for i in range(30)]
    rows.append(record(29).replace(",src_a,", ", src_a ,"))  # row 32 repeats row 31's key once trimmed
    checked = validate(read_bytes((RECORDS + "".join(rows)).encode(), LIMITS), known_sources={"src_a"},
                       year_max=2026)
    assert checked.raw["recipient_code"].tolist() == ["IND"] * 31
    assert [(p.row, p.column, p.value) for p in checked.problem_list()] == [
        (32, "programme_id, source_id", "p29 / src_a")]
    assert "the same as row 31" in checked.problem_list()[0].expected


def test_a_column_that_repeats_only_in_its_first_rows_is_checked_on_every_row():
    # the first 10,000 notes repeat (the column is read as distinct values), the rest are all different
    notes = ["same"] * 10_000 + [f"note {i}" for i in range(5_000)]
    notes[12_345] = "=HYPERLINK(1)"
    rows = [record(i).replace(f",note {i}\n", f",{note}\n") for i, note in enumerate(notes)]
    checked = validate(read_bytes((RECORDS + "".join(rows)).encode(), LIMITS), known_sources={"src_a"},
                       year_max=2026)
    assert [(p.row, p.column, p.value) for p in checked.problem_list()] == [(12_347, "note", "=HYPERLINK(1)")]
    frame = validate(read_bytes((RECORDS + "".join(rows[:12_345] + rows[12_346:])).encode(), LIMITS),
                     known_sources={"src_a"}, year_max=2026).frame
    assert frame["note"].iloc[[0, 9_999, 10_000, -1]].tolist() == ["same", "same", "note 0", "note 4999"]
