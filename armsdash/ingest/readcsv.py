"""Reading an uploaded file: bytes -> a DataFrame of strings, or one clear ReadError.

Encodings are decided here, in Python, because DuckDB's reader only knows utf-8,
utf-16 and latin-1 (and Excel on Windows writes cp1252). The parsing itself is
Arrow's multi-threaded CSV reader; a file it cannot read as a plain table (a row
with too few or too many fields, an unclosed quote) is read again by pandas' C
reader, whose errors name the row. Nothing here splits lines by hand except to
look at the header. Cells stay an Arrow table of strings (a column that repeats its
values dictionary-encoded): the validator checks them in DuckDB without copying them
into Python objects. A pure-ASCII file, the usual case, is handed to Arrow as it is.

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
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from armsdash import config
from armsdash.ingest import parallel

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DELIMITERS = (",", ";", "\t")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_UNNAMED = "\x00unnamed:"
_SAMPLE = 65536  # characters looked at for control characters
_EXCEL_SEP = re.compile(r"sep=([,;\t|])", re.IGNORECASE)
_BAD_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")

# Arrow builds its Unicode tables on the first call of a utf8 kernel (0.15-0.3 s here): pay that
# once when the module is imported (server start), not inside a user's first upload.
pc.utf8_trim_whitespace(pa.array([" "]))


class ReadError(ValueError):
    """The file cannot be read as a CSV table; the message says why and what to do."""


@dataclass(frozen=True)
class Limits:
    """The largest upload accepted."""

    max_bytes: int
    max_rows: int

    @classmethod
    def from_config(cls, max_mb: int | None = None) -> "Limits":
        """The limits configured: Streamlit's ``server.maxUploadSize`` (``config.upload_max_mb``, or ``max_mb`` as the
        running server reads it) and ``ARMSDASH_UPLOAD_MAX_ROWS``."""
        megabytes = config.upload_max_mb() if max_mb is None else max_mb
        return cls(max_bytes=int(megabytes) * 1024 * 1024, max_rows=int(config.UPLOAD_MAX_ROWS.value()))


@dataclass(frozen=True)
class CsvTable:
    """A parsed upload: every cell a stripped string ('' when empty), with its spreadsheet row."""

    cells: pa.Table  # one string column (or dictionary of strings) per named column of row 1, in file order
    rows: pa.Array  # int64: the spreadsheet row of each cells row
    encoding: str
    delimiter: str

    @property
    def header(self) -> list[str]:
        """The column names, as written in the file (stripped)."""
        return list(self.cells.column_names)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The cells as a DataFrame of strings indexed by spreadsheet row (made on first use)."""
        frame = strings(self.cells).to_pandas()
        frame.index = pd.Index(self.rows.to_numpy(), name="row")
        return frame


def strings(table: pa.Table) -> pa.Table:
    """``table`` with its dictionary-encoded columns decoded to plain strings."""
    return table.cast(pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
                                 for f in table.schema]))


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` for an upload, refusing what is not text.

    Tries UTF-16 (by BOM, or by the zero bytes of ASCII text in UTF-16), UTF-8
    (with or without BOM), then cp1252 and finally Latin-1, which decodes anything.
    """
    _refuse_workbook(data)
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
    _refuse_binary("\x00" in text, text[:_SAMPLE])
    return text, encoding


def _refuse_workbook(data: bytes) -> None:
    if data.startswith(_XLSX_MAGIC):
        raise ReadError("This is an Excel workbook (.xlsx) or another zip file, not a CSV file. "
                        "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that.")
    if data.startswith(_OLE_MAGIC):
        raise ReadError("This is an old Excel workbook (.xls), not a CSV file. "
                        "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that.")


def _refuse_binary(has_nul: bool, sample: str) -> None:
    if has_nul or len(_CONTROL.findall(sample)) > max(8, len(sample) // 100):
        raise ReadError("The file holds binary data, not text: upload a CSV file saved from a spreadsheet.")


def _utf8_payload(data: bytes) -> tuple[bytes, str, str]:
    """``(payload, row_1, encoding)``: the file as UTF-8 bytes without BOM, its first line as text, its encoding."""
    if data.isascii() and b"\x00" not in data:  # (UTF-16 of ASCII text is ASCII bytes too, with zeros)
        # already UTF-8: skip decoding (and re-encoding) a copy of what may be 100 MB
        _refuse_workbook(data)
        _refuse_binary(False, data[:_SAMPLE].decode("ascii"))
        end = data.find(b"\n")
        return data, (data if end < 0 else data[:end]).decode("ascii"), "utf-8"
    text, encoding = decode(data)
    if not text or text.isspace():
        raise ReadError("The file is empty.")
    payload = data.removeprefix(codecs.BOM_UTF8) if encoding == "utf-8" else text.encode("utf-8")
    return payload, first_line(text.lstrip("\ufeff")), encoding


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


def first_line(text: str) -> str:
    """The text up to its first newline (without copying the rest, which may be 100 MB)."""
    end = text.find("\n")
    return text if end < 0 else text[:end]


def sniff_delimiter(text: str) -> str:
    """Return the delimiter that splits the header row into the most fields (comma on a tie)."""
    first = first_line(text)
    best, best_count = ",", 0
    for delim in _DELIMITERS:
        try:
            fields = next(csv.reader([first], delimiter=delim), [])
        except csv.Error:
            # a bare CR (old Mac line endings) or a field over csv's limit (a 10^6-column header):
            # count plainly; pandas then reads the file or reports it (found by tests/app/test_drill_hostile_upload.py)
            fields = first.split(delim)
        if len(fields) > best_count:
            best, best_count = delim, len(fields)
    return best


def read_bytes(data: bytes, limits: Limits | None = None) -> CsvTable:
    """Parse an uploaded file into a CsvTable; raise ReadError with a user-facing message."""
    limits = limits or Limits.from_config()
    if len(data) > limits.max_bytes:
        raise ReadError(f"The file is {len(data) / 1024 / 1024:.1f} MB; the limit is "
                        f"{limits.max_bytes / 1024 / 1024:.0f} MB (server.maxUploadSize in .streamlit/config.toml). "
                        "Split it into smaller files.")
    if not data or data.isspace():
        raise ReadError("The file is empty.")
    payload, row_1, encoding = _utf8_payload(data)
    hinted = _EXCEL_SEP.fullmatch(row_1.strip(" \r"))
    if hinted:
        # Excel's "sep=;" line names the delimiter; Excel hides it, so the header below is its row 1
        payload = payload[payload.find(b"\n") + 1:]
        end = payload.find(b"\n")
        row_1 = (payload if end < 0 else payload[:end]).decode("utf-8", errors="replace")
    if not row_1.strip(" \r\t,;"):
        raise ReadError("Row 1 is empty: it must hold the column names.")
    delimiter = hinted.group(1) if hinted else sniff_delimiter(row_1)
    header_fields = row_1.count(delimiter) + 1
    if header_fields > MAX_COLUMNS:
        # pandas needs minutes for a 10^6-column header (tests/app/test_drill_hostile_upload.py)
        raise ReadError(f"Row 1 has {header_fields:,} columns; a table has at most {MAX_COLUMNS}. "
                        "Check the delimiter, or upload the table's template.")
    cells = _parse_arrow(payload, delimiter, header_fields)
    if cells is None:
        cells = _parse_pandas(payload.decode("utf-8"), delimiter)
    del payload
    return _table(cells, encoding, delimiter, limits)


def _string_options(count: int) -> tuple[pacsv.ReadOptions, pacsv.ConvertOptions]:
    names = [f"c{i}" for i in range(count)]
    return (pacsv.ReadOptions(column_names=names),
            pacsv.ConvertOptions(column_types={n: pa.string() for n in names}, strings_can_be_null=False,
                                 quoted_strings_can_be_null=False))


def _parse_arrow(payload: bytes, delimiter: str, count: int) -> pa.Table | None:
    """Every record as ``count`` strings (row 1 included), or None when a record does not fit a plain table."""
    quotes = payload.count(b'"') if b'"' in payload else 0  # memchr first: most files quote nothing
    if quotes % 2:
        return None  # an unclosed quote: Arrow would read to the end of the file as one value
    invalid: list[object] = []

    def skip(row: object) -> str:
        invalid.append(row)
        return "skip"

    read_options, convert_options = _string_options(count)
    parse_options = pacsv.ParseOptions(delimiter=delimiter, quote_char='"', double_quote=True, escape_char=False,
                                       newlines_in_values=quotes > 0, ignore_empty_lines=False,
                                       invalid_row_handler=skip)
    try:
        # a BufferReader hands Arrow the bytes as they are; a BytesIO is read through Python in copied blocks
        cells = pacsv.read_csv(pa.BufferReader(payload), read_options=read_options, parse_options=parse_options,
                               convert_options=convert_options)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return None if invalid else cells


def _parse_pandas(text: str, delimiter: str) -> pa.Table:
    """The slow path: pandas pads short rows and names the row of anything it cannot read."""
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, engine="c", quotechar='"',
                            header=None)
    except pd.errors.ParserError as exc:
        raise ReadError(_parser_message(str(exc))) from exc
    except pd.errors.EmptyDataError as exc:
        raise ReadError("The file is empty.") from exc
    frame.columns = [f"c{i}" for i in range(frame.shape[1])]
    return pa.Table.from_pandas(frame.fillna(""), preserve_index=False)


def _table(cells: pa.Table, encoding: str, delimiter: str, limits: Limits) -> CsvTable:
    """Row 1 as the header; the other records trimmed, blank ones dropped, with their row numbers."""
    header = [str(cells.column(i)[0].as_py() or "").strip() for i in range(cells.num_columns)]
    _check_header(header)
    names = [h or f"{_UNNAMED}{i}" for i, h in enumerate(header, start=1)]
    body = cells.slice(1)
    # the columns trimmed side by side
    columns = parallel.map_threads(lambda i: _trimmed(body.column(i)), range(body.num_columns))
    rows = pa.array(np.arange(2, 2 + body.num_rows, dtype=np.int64))
    named = []
    for name, column in zip(names, columns):
        filled = _filled(column)
        if name.startswith(_UNNAMED):
            if pc.any(filled).as_py():
                first = pc.filter(rows, filled)[0].as_py()
                raise ReadError(f"Row {first}: a value under a column with no name in row 1 "
                                f"(column {name.removeprefix(_UNNAMED)}). Give the column a name or delete it.")
            continue
        named.append((name, column, filled))
    if not named:
        raise ReadError("The file has a header row but no data rows.")
    keep = named[0][2]
    for _name, _column, filled in named[1:]:
        keep = pc.or_(keep, filled)
    table = pa.table({name: column for name, column, _filled in named})
    if not pc.all(keep).as_py():
        table, rows = table.filter(keep), rows.filter(keep)
    if table.num_rows == 0:
        raise ReadError("The file has a header row but no data rows.")
    if table.num_rows > limits.max_rows:
        raise ReadError(f"The file has {table.num_rows:,} rows; the limit is {limits.max_rows:,}. "
                        "Split it into smaller files.")
    return CsvTable(cells=table, rows=rows, encoding=encoding, delimiter=delimiter)


def _trimmed(column: pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """One column, each value stripped of surrounding whitespace.

    A column whose first cells repeat (years, countries, statuses) comes back dictionary-encoded:
    it is trimmed, and later checked, once per distinct value, and its rows hold only indices.
    Other text stays in its chunks (joining a million strings into one buffer would copy them again).
    """
    column = pc.fill_null(column.cast(pa.string()), "")
    if not repeats(column):
        return pc.utf8_trim_whitespace(column)
    encoded = pc.dictionary_encode(column).combine_chunks()  # the chunks share one dictionary: indices are joined
    trimmed = pc.utf8_trim_whitespace(encoded.dictionary)
    if trimmed.equals(encoded.dictionary):
        return encoded
    # trimming can make two values one (" IND", "IND"): encode the trimmed values again and map the indices
    trimmed = trimmed.dictionary_encode()
    return pa.DictionaryArray.from_arrays(pc.take(trimmed.indices, encoded.indices), trimmed.dictionary)


def repeats(cells: pa.Array | pa.ChunkedArray, sample: int = 10_000) -> bool:
    """True when at most half of the first ``sample`` cells are distinct (checking distinct values is then cheaper)."""
    head = cells.slice(0, sample)
    return len(head) > 0 and pc.count_distinct(head).as_py() <= len(head) // 2


def _filled(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """For each cell: True unless it is empty, as one array."""
    if pa.types.is_dictionary(column.type):
        return pc.take(pc.not_equal(column.dictionary, ""), column.indices)
    filled = pc.not_equal(column, "")
    return filled.combine_chunks() if isinstance(filled, pa.ChunkedArray) else filled


def _check_header(header: list[str]) -> None:
    if len(header) <= 1 and not any(header):
        raise ReadError("The first row is empty: it must hold the column names.")
    seen: set[str] = set()
    for name in header:
        if name and name.lower() in seen:
            raise ReadError(f"Row 1: the column name {name!r} appears twice.")
        seen.add(name.lower())


def _parser_message(message: str) -> str:
    match = _BAD_LINE.search(message)
    if match:
        expected, line, saw = match.groups()
        return (f"Row {line} has {saw} fields but the header has {expected}. A value probably contains "
                "the delimiter without quotes around it.")
    if "EOF inside string" in message or "EOF" in message:
        return "A quoted value is never closed (a \" is missing). Check the last rows of the file."
    return f"The file cannot be read as CSV: {message}"
