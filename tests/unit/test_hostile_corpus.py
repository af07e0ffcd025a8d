"""The hostile-file corpus is what it claims: ≥ 50 distinct files, each broken in the way it says."""

import io
import zipfile

from bench.hostile import GOOD_ROWS, HEADER, corpus, huge_line


def test_corpus_has_at_least_50_distinct_files():
    files = corpus()
    assert len(files) >= 50
    assert len({f.data for f in files}) == len(files), "two corpus files have the same bytes"
    assert sum(f.must_reject for f in files) >= 30


def test_zip_bomb_inflates_a_thousandfold():
    bomb = next(f for f in corpus() if f.name == "zip_bomb.csv")
    with zipfile.ZipFile(io.BytesIO(bomb.data)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    assert inflated >= 100 * 2**20 and inflated > 500 * len(bomb.data)


def test_million_column_header_has_a_million_columns():
    header = next(f for f in corpus() if f.name == "columns_1m_header.csv")
    assert header.data.count(b",") + 1 == 1_000_000


def test_payload_files_differ_from_the_good_rows_only_where_they_say():
    by_name = {f.name: f for f in corpus()}
    hyperlink = by_name["formula_hyperlink.csv"].data.decode()
    assert '=HYPERLINK(""http://evil.example"",""click"")' in hyperlink
    assert hyperlink.splitlines()[0] == ",".join(HEADER)
    assert GOOD_ROWS[1][0] in hyperlink


def test_huge_line_is_one_line_of_the_requested_size():
    item = huge_line(size_mb=2)
    lines = item.data.split(b"\n")
    assert len(lines[1]) > 2 * 2**20 and len([line for line in lines if line]) == 2
