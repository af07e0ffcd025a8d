"""Reading uploads: encodings, delimiters and every kind of file that is not a CSV table."""

from __future__ import annotations

import tomllib

import pytest

from armsdash import config
from armsdash.ingest.readcsv import Limits, ReadError, read_bytes

TEXT = "source_id,title\nsrc_a,Café militaire\nsrc_b,Øresund\n"
ASCII = "source_id,title\nsrc_a,Cafe militaire\nsrc_b,Oresund\n"  # UTF-16 of it is ASCII bytes, with zeros
LIMITS = Limits(max_bytes=10_000, max_rows=100)


@pytest.mark.parametrize("text, codec, encoding", [
    (TEXT, "utf-8", "utf-8"),
    (TEXT, "utf-8-sig", "utf-8"),
    (TEXT, "cp1252", "cp1252"),
    (TEXT, "utf-16", "utf-16"),
    (TEXT, "utf-16-le", "utf-16-le"),
    (TEXT, "utf-16-be", "utf-16-be"),
    (ASCII, "utf-16-le", "utf-16-le"),
    (ASCII, "utf-16-be", "utf-16-be"),
    (ASCII, "ascii", "utf-8"),
], ids=["utf8", "utf8-bom", "cp1252", "utf16-bom", "utf16le-no-bom", "utf16be-no-bom", "ascii-utf16le-no-bom",
        "ascii-utf16be-no-bom", "ascii"])
def test_encodings_are_decoded(text, codec, encoding):
    table = read_bytes(text.encode(codec), LIMITS)
    assert table.encoding == encoding
    assert table.header == ["source_id", "title"]
    assert table.frame["title"].tolist() == [line.split(",")[1] for line in text.splitlines()[1:]]


def test_latin1_bytes_undefined_in_cp1252_still_decode():
    data = "a,b\nx\x81y,1\n".encode("latin-1")
    assert read_bytes(data, LIMITS).frame["a"].tolist() == ["x\x81y"]


def test_semicolon_delimiter_is_detected():
    table = read_bytes(b"source_id;title\nsrc_a;A, with comma\n", LIMITS)
    assert table.delimiter == ";"
    assert table.frame.loc[2].tolist() == ["src_a", "A, with comma"]


def test_rows_are_numbered_as_in_a_spreadsheet_and_blank_rows_dropped():
    table = read_bytes(b"a,b\n1,2\n\n 3 , 4 \n\"multi\nline\",5\n", LIMITS)
    assert table.frame.index.tolist() == [2, 4, 5]
    assert table.frame.loc[4].tolist() == ["3", "4"]
    assert table.frame.loc[5, "a"] == "multi\nline"


def test_short_rows_are_padded_with_empty_cells():
    table = read_bytes(b"a,b,c\n1,2\n", LIMITS)
    assert table.frame.loc[2].tolist() == ["1", "2", ""]


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty."),
    (b"  \r\n\n", "The file is empty."),
    (b"PK\x03\x04\x14\x00\x06\x00rest-of-zip", "This is an Excel workbook (.xlsx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "This is an old Excel workbook (.xls)"),
    (bytes(range(256)) * 4, "The file holds binary data"),
    (b"a,b\n1\x002,3\n", "The file holds binary data"),
    (b"a,b\n" + b"\x01\x02,\x03\x04\n" * 50, "The file holds binary data"),
    (b"source_id,title\n", "The file has a header row but no data rows."),
    (b"source_id,title\n,\n\n", "The file has a header row but no data rows."),
    (b"\na,b\n1,2\n", "Row 1 is empty"),
    (b"a,b\n1,2\n3,4,5\n", "Row 3 has 3 fields but the header has 2."),
    (b"a,b\n1,\"2\n3,4\n", "A quoted value is never closed"),
    (b"a,a\n1,2\n", "Row 1: the column name 'a' appears twice."),
    (b"a,,b\n1,x,2\n", "Row 2: a value under a column with no name in row 1 (column 2)."),
], ids=["empty", "whitespace", "xlsx", "xls", "binary", "nul-byte", "ascii-control-characters", "header-only",
        "header-and-blank-rows",
        "blank-first-row", "too-many-fields", "unclosed-quote", "duplicate-column", "unnamed-column"])
def test_unreadable_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(ReadError) as error:
        read_bytes(data, LIMITS)
    assert str(error.value).startswith(message)


def test_empty_unnamed_trailing_columns_from_excel_are_dropped():
    assert read_bytes(b"a,b,,\n1,2,,\n", LIMITS).header == ["a", "b"]


def test_file_over_the_byte_limit_is_refused():
    with pytest.raises(ReadError, match=r"the limit is 0 MB \(server.maxUploadSize"):
        read_bytes(b"a\n" + b"1\n" * 10, Limits(max_bytes=10, max_rows=100))


def test_file_over_the_row_limit_is_refused():
    with pytest.raises(ReadError, match="The file has 101 rows; the limit is 100."):
        read_bytes(b"a\n" + b"1\n" * 101, LIMITS)


def test_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "1")  # Streamlit's own name for server.maxUploadSize
    monkeypatch.setenv("ARMSDASH_UPLOAD_MAX_ROWS", "5")
    assert Limits.from_config() == Limits(max_bytes=1024 * 1024, max_rows=5)


def test_one_upload_limit_for_the_server_the_page_and_the_command_line(monkeypatch):
    """The documented 256 MB is Streamlit's server.maxUploadSize in .streamlit/config.toml, which the CLI reads too."""
    monkeypatch.delenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", raising=False)
    settings = tomllib.loads(config.STREAMLIT_CONFIG.read_text())
    assert settings["server"]["maxUploadSize"] == config.upload_max_mb() == 256
    assert "default 256" in (config.REPO_ROOT / "README.md").read_text()
    limits = Limits.from_config()
    assert limits.max_rows >= 1_000_000
    assert limits.max_bytes == 256 * 1024 * 1024
