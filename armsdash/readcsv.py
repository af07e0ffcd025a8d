"""Reading an uploaded file: bytes -> a DataFrame of strings, or one clear ReadError.

Encodings are decided here, in Python, because DuckDB's reader only knows utf-8,
utf-16 and latin-1 (and Excel on Windows writes cp1252). The parsing itself is
pandas' C reader; nothing here splits lines by hand except to look at the header.

Row numbers are those a spreadsheet shows: the header is row 1, the first data
row is row 2. Blank lines keep their number (a spreadsheet shows them too) but
are dropped from the data.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

import pandas as pd

from armsdash import config

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (",", ";", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNNAMED = "\x00unnamed:"
_BAD_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


class ReadError(ValueError):
    """The file cannot be read as a CSV table; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    """The largest upload accepted."""

    max_bytes: int
    max_rows: int

    @classmethod
    def from_config(cls) -> "Limits":
        """The limits configured by ``ARMSDASH_UPLOAD_MAX_MB`` and ``ARMSDASH_UPLOAD_MAX_ROWS``."""
        return cls(max_bytes=int(float(config.UPLOAD_MAX_MB.value()) * 1024 * 1024),
                   max_rows=int(config.UPLOAD_MAX_ROWS.value()))


@dataclass(frozen=True)
class CsvTable:
    """A parsed upload: every cell a stripped string ('' when empty), indexed by spreadsheet row."""

    frame: pd.DataFrame
    encoding: str
    delimiter: str

    @property
    def header(self) -> list[str]:
        """The column names, as written in the file (stripped)."""
        return list(self.frame.columns)


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for an upload, refusing what is not text.

    Tries UTF-16 (by BOM, or by the zero bytes of ASCII text in UTF-16), UTF-8
    (with or without BOM), then cp1252 and finally Latin-1, which decodes anything.
    """
    if data.startswith(_XLSX_MAGIC):
        raise ReadError("This is an Excel workbook (.xlsx) or another zip file, not a CSV file. "
                        "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that.")
    if data.startswith(_OLE_MAGIC):
        raise ReadError("This is an old Excel workbook (.xls), not a CSV file. "
                        "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF32_LE):
        text, encoding = _decode_strict(data, "utf-16"), "utf-16"
    elif _looks_utf16_without_bom(data):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        text, encoding = _decode_strict(data, codec), codec
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
    sample = text[:65536]
    if "\x00" in text or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ReadError("The file holds binary data, not text: upload a CSV file saved from a spreadsheet.")
    return text, encoding


def _looks_utf16_without_bom(data: bytes) -> bool:
    head = data[:4096]
    if len(head) < 4:
        return False
    zeros_odd = head[1::2].count(0)
    zeros_even = head[0::2].count(0)
    half = len(head) // 2
    return max(zeros_odd, zeros_even) > 0.9 * half and min(zeros_odd, zeros_even) < 0.1 * half


def _decode_strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ReadError(f"The file looks like UTF-16 text but cannot be decoded ({exc.reason} at byte "
                        f"{exc.start}). Save it again as 'CSV UTF-8' and upload that.") from exc


MAX_COLUMNS = 200  # the widest contract has 21 columns


def sniff_delimiter(text: str) -> str:
    """Return the delimiter that splits the header row into the most fields (comma on a tie)."""
    first = text.split("\n", 1)[0]
    best, best_count = ",", 0
    for delim in _DELIMITERS:
        try:
            fields = next(csv.reader([first], delimiter=delim), [])
        except csv.Error:
            # a bare CR (old Mac line endings) or a field over csv's limit (a 10^6-column header):
            # count plainly; pandas then reads the file or reports it (found by tests/test_drill_hostile_upload.py)
            fields = first.split(delim)
        if len(fields) > best_count:
            best, best_count = delim, len(fields)
    return best


def read_bytes(data: bytes, limits: Limits | None = None) -> CsvTable:
    """Parse an uploaded file into a CsvTable; raise ReadError with a user-facing message."""
    limits = limits or Limits.from_config()
    if len(data) > limits.max_bytes:
        raise ReadError(f"The file is {len(data) / 1024 / 1024:.0f} MB; the limit is "
                        f"{limits.max_bytes / 1024 / 1024:.0f} MB. Split it into smaller files.")
    if not data.strip():
        raise ReadError("The file is empty.")
    text, encoding = decode(data)
    if not text.strip():
        raise ReadError("The file is empty.")
    if not text.lstrip("\ufeff").split("\n", 1)[0].strip(" \r\t,;"):
        raise ReadError("Row 1 is empty: it must hold the column names.")
    delimiter = sniff_delimiter(text)
    header_fields = text.split("\n", 1)[0].count(delimiter) + 1
    if header_fields > MAX_COLUMNS:
        # pandas needs minutes for a 10^6-column header (tests/test_drill_hostile_upload.py)
        raise ReadError(f"Row 1 has {header_fields:,} columns; a table has at most {MAX_COLUMNS}. "
                        "Check the delimiter, or upload the table's template.")
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
                            header=None)
    except pd.errors.ParserError as exc:
        raise ReadError(_parser_message(str(exc))) from exc
    except pd.errors.EmptyDataError as exc:
        raise ReadError("The file is empty.") from exc
    header = [str(h).strip() for h in frame.iloc[0]]
    _check_header(header)
    frame = frame.iloc[1:]
    frame.columns = [h or f"{_UNNAMED}{i}" for i, h in enumerate(header, start=1)]
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="row")
    frame = frame.apply(lambda col: col.str.strip())
    frame = _drop_blank(frame)
    if frame.empty:
        raise ReadError("The file has a header row but no data rows.")
    if len(frame) > limits.max_rows:
        raise ReadError(f"The file has {len(frame):,} rows; the limit is {limits.max_rows:,}. "
                        "Split it into smaller files.")
    return CsvTable(frame=frame, encoding=encoding, delimiter=delimiter)


def _check_header(header: list[str]) -> None:
    if len(header) <= 1 and not any(header):
        raise ReadError("The first row is empty: it must hold the column names.")
    seen: set[str] = set()
    for name in header:
        if name and name.lower() in seen:
            raise ReadError(f"Row 1: the column name {name!r} appears twice.")
        seen.add(name.lower())


def _drop_blank(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop rows whose cells are all empty, and unnamed columns that are empty (Excel leaves them)."""
    unnamed = [c for c in frame.columns if c.startswith(_UNNAMED)]
    for column in unnamed:
        if (frame[column] != "").any():
            first = frame.index[(frame[column] != "").to_numpy()][0]
            raise ReadError(f"Row {first}: a value under a column with no name in row 1 "
                            f"(column {column.removeprefix(_UNNAMED)}). Give the column a name or delete it.")
    frame = frame.drop(columns=unnamed)
    return frame[(frame != "").any(axis=1)]


def _parser_message(message: str) -> str:
    match = _BAD_LINE.search(message)
    if match:
        expected, line, saw = match.groups()
        return (f"Row {line} has {saw} fields but the header has {expected}. A value probably contains "
                "the delimiter without quotes around it.")
    if "EOF inside string" in message or "EOF" in message:
        return "A quoted value is never closed (a \" is missing). Check the last rows of the file."
    return f"The file cannot be read as CSV: {message}"
