"""The text of a SIPRI export: decoding its bytes, splitting CSV records, reading its preamble."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

MAX_BYTES = 200 * 1024 * 1024  # SIPRI's complete register is about 4 MB


class SipriFormatError(ValueError):
    """The file is not a SIPRI export this app can read; the message says why and what to do."""


def decode(data: bytes) -> str:
    """Decode an export's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    SIPRI writes the trade register in Windows-1252 (``Wärtsilä``); the other exports are ASCII.
    Raises SipriFormatError for empty, Excel and other binary files.
    """
    if not data.strip():
        raise SipriFormatError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise SipriFormatError(f"The file is {len(data) / 1024 / 1024:.0f} MB; SIPRI exports are far smaller "
                               f"(the limit is {MAX_BYTES // 1024 // 1024} MB).")
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SipriFormatError("This is an Excel workbook, not a CSV file. Download the export from SIPRI as CSV.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise SipriFormatError("The file holds binary data (NUL bytes); it is not a CSV export.")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so it cannot fail.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def split_records(text: str) -> list[tuple[int, list[str]]]:
    """Split the text into CSV records with their 1-based line numbers.

    Line ends are normalised; a stray carriage return inside a field is dropped
    (some SIPRI exports carry one in the Comments column). A line break inside a quoted field
    stays in it; one inside an unquoted field ends the line (``sipri_join`` joins such records).
    """
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    text = text.replace("\r\n", "\n").replace("\r", "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",", quotechar='"', strict=False)
    records: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            records.append((reader.line_num, fields))
    except csv.Error as exc:
        # e.g. an unbalanced '"' that swallows the rest of the file into one huge field
        raise SipriFormatError(f"Line {reader.line_num + 1} cannot be read as CSV ({exc}); "
                               "is there an unmatched '\"' in the file?") from exc
    return records


def norm(cell: str) -> str:
    """A header cell folded for comparison: stripped, lower case, single spaces."""
    return re.sub(r"\s+", " ", cell).strip().lower()


def is_year(cell: str) -> bool:
    """True when the cell holds four digits (a year heading or value)."""
    return bool(re.fullmatch(r"\d{4}", cell.strip()))


def preamble_info(lines: list[str]) -> tuple[str, datetime | None, list[str]]:
    """Return (title, data generated, warnings) from the lines above the header."""
    title = next((line.strip() for line in lines if line.strip()), "")
    warnings: list[str] = []
    generated = None
    for line in lines:
        match = re.match(r"\s*data generated:\s*(.+?)\s*$", line, re.IGNORECASE)
        if match:
            generated = parse_generated(match.group(1))
            if generated is None:
                warnings.append(f"The 'Data generated' date {match.group(1)!r} could not be read.")
            break
    else:
        warnings.append("The file has no 'Data generated' line; the release is identified by its checksum.")
    return title, generated, warnings


def parse_generated(text: str) -> datetime | None:
    """Parse SIPRI's 'Data generated' stamp, e.g. ``18 May 2026 2:29:20 PM``; None if unreadable."""
    text = re.sub(r"\s+", " ", text.strip())
    for fmt in ("%d %b %Y %I:%M:%S %p", "%d %B %Y %I:%M:%S %p", "%d %b %Y %H:%M:%S", "%d %B %Y %H:%M:%S",
                "%d %b %Y", "%d %B %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def scope(title: str) -> tuple[bool, bool, int | None, int | None, bool]:
    """From the title line: (all suppliers, all recipients, year from, year to, range stated)."""
    folded = re.sub(r"\s+", " ", title).lower()
    match = re.search(r"from (.+?) to (.+?) \.", folded + " .")
    all_suppliers = bool(match) and match.group(1).strip() == "all countries"
    all_recipients = bool(match) and match.group(2).strip() == "all countries"
    years = re.search(r"year range '([^']*)' to '([^']*)'", folded)
    if not years:
        return all_suppliers, all_recipients, None, None, False
    low, high = (int(y) if is_year(y) else None for y in years.groups())
    return all_suppliers, all_recipients, low, high, True

