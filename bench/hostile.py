"""A corpus of malformed and malicious upload files, and a harness that feeds them to the upload.

``corpus()`` returns ≥ 50 distinct files (bytes made here, nothing committed): broken
encodings, other delimiters, binaries and archives renamed .csv (a zip bomb among them),
broken CSV structure, wrong headers (up to 10^6 columns), formula / HTML / SQL payloads,
duplicate keys, out-of-range and wrong-type values, unknown references, huge cells.
``huge_line()`` builds the 100 MB single-line file on demand (slow variant).

Each file says whether it must be rejected (``must_reject``) or may be accepted when
the validator finds it valid (e.g. CRLF endings, a BOM, text that merely looks like SQL);
``run(con, check, commit)`` fingerprints every table around each attempt.

    python -m bench.hostile          # prints the corpus with the upload's verdict (when it exists)
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import random
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

HEADER = ["programme_id", "recipient_code", "supplier_code", "system", "category", "contract_year",
          "contract_value_usd_mn", "units_ordered", "units_delivered", "promised_delivery",
          "actual_or_expected_delivery", "status", "source_id", "note"]
GOOD_ROWS = [
    ["bench-ind-rus-1", "IND", "RUS", "Test system A", "air defence", "2018", "5430", "5", "3", "2023",
     "2026-2027", "delayed", "s400_trt_2025", "fine"],
    ["bench-pak-chn-1", "PAK", "CHN", "Test system B", "aircraft", "2019", "1200", "10", "10", "2022",
     "2022", "delivered", "s400_trt_2025", ""],
]


@dataclass(frozen=True)
class HostileFile:
    """One file of the corpus."""

    name: str  # id, also the file name offered to the upload
    data: bytes
    what: str  # what is wrong with it
    must_reject: bool = True


def _csv(rows: list[list[str]], header: list[str] | None = None, *, delimiter: str = ",",
         newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerow(HEADER if header is None else header)
    writer.writerows(rows)
    return out.getvalue()


def _with(column: str, value: str, row: int = 0) -> list[list[str]]:
    rows = [list(r) for r in GOOD_ROWS]
    rows[row][HEADER.index(column)] = value
    return rows


def _good(**kw) -> str:
    return _csv([list(r) for r in GOOD_ROWS], **kw)


def _zip_bomb() -> bytes:
    """A zip whose one member inflates from ~100 KB to 100 MB of zeros (renamed .csv)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("data.csv", "w") as member:
            chunk = b"0" * (1 << 20)
            for _ in range(100):
                member.write(chunk)
    return buffer.getvalue()


def _xlsx_like() -> bytes:
    """The container of an Excel workbook (zip with [Content_Types].xml and xl/), renamed .csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
    return buffer.getvalue()


@functools.cache
def _corpus() -> tuple[HostileFile, ...]:
    return tuple(_build())


def corpus() -> list[HostileFile]:
    """Every file of the corpus (the 100 MB line excepted: see ``huge_line``); built once per process."""
    return list(_corpus())


def _build() -> list[HostileFile]:
    rng = random.Random(8)
    good = _good()
    files = [
        # --- empty and nearly empty
        HostileFile("empty.csv", b"", "an empty file"),
        HostileFile("bom_only.csv", b"\xef\xbb\xbf", "only a UTF-8 byte-order mark"),
        HostileFile("whitespace.csv", b"  \n\n\t\n", "whitespace and blank lines only"),
        HostileFile("header_only.csv", _csv([]).encode(), "the header and no rows"),
        HostileFile("newline_only.csv", b"\n", "a single newline"),
        # --- encodings
        HostileFile("utf8_bom.csv", b"\xef\xbb\xbf" + good.encode(), "valid, with a UTF-8 BOM", must_reject=False),
        HostileFile("latin1.csv", _csv(_with("note", "Défense nationale, coût élevé")).encode("latin-1"),
                    "Latin-1 bytes (é as 0xE9)", must_reject=False),
        HostileFile("cp1252_quotes.csv", _csv(_with("note", "“smart quotes” – and a dash")).encode("cp1252"),
                    "Windows-1252 smart quotes", must_reject=False),
        HostileFile("utf16le_bom.csv", good.encode("utf-16"), "UTF-16 with a BOM", must_reject=False),
        HostileFile("utf16be_nobom.csv", good.encode("utf-16-be"), "UTF-16 big-endian without a BOM",
                    must_reject=False),
        HostileFile("utf32.csv", good.encode("utf-32"), "UTF-32"),
        HostileFile("invalid_utf8.csv", good.encode().replace(b"fine", b"fi\xff\xfene"),
                    "invalid UTF-8 bytes in a cell", must_reject=False),
        HostileFile("overlong_utf8.csv", good.encode().replace(b"fine", b"\xc0\xaf"), "an overlong UTF-8 sequence",
                    must_reject=False),
        # --- delimiters and line endings
        HostileFile("semicolon.csv", _good(delimiter=";").encode(), "semicolon-delimited (Excel, European locale)",
                    must_reject=False),
        HostileFile("tab.csv", _good(delimiter="\t").encode(), "tab-delimited", must_reject=False),
        HostileFile("pipe.csv", _good(delimiter="|").encode(), "pipe-delimited", must_reject=False),
        HostileFile("mixed_delimiters.csv", (",".join(HEADER) + "\n" + ";".join(GOOD_ROWS[0]) + "\n").encode(),
                    "comma header, semicolon rows"),
        HostileFile("crlf.csv", _good(newline="\r\n").encode(), "CRLF line endings", must_reject=False),
        HostileFile("cr_only.csv", _good(newline="\r").encode(), "old Mac CR-only line endings", must_reject=False),
        HostileFile("blank_lines.csv", good.replace("\n", "\n\n").encode(), "blank lines between rows",
                    must_reject=False),
        # --- binaries and archives renamed .csv
        HostileFile("random_bytes.csv", bytes(rng.getrandbits(8) for _ in range(65536)), "64 KB of random bytes"),
        HostileFile("nul_bytes.csv", good.encode().replace(b"Test", b"Te\x00st"), "NUL bytes inside cells"),
        HostileFile("png.csv", b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(2048)),
                    "a PNG image renamed .csv"),
        HostileFile("pdf.csv", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n", "a PDF renamed .csv"),
        HostileFile("elf.csv", b"\x7fELF\x02\x01\x01" + bytes(1024), "an executable renamed .csv"),
        HostileFile("xlsx.csv", _xlsx_like(), "an Excel workbook renamed .csv"),
        HostileFile("zip_bomb.csv", _zip_bomb(), "a zip bomb (100 MB of zeros deflated) renamed .csv"),
        HostileFile("gzip.csv", gzip.compress(good.encode()), "a gzipped CSV renamed .csv"),
        # --- CSV structure
        HostileFile("unterminated_quote.csv", (good + '"bench-x,IND,RUS,unterminated\n').encode(),
                    "a quote that never closes"),
        HostileFile("short_row.csv", (good + "bench-short,IND\n").encode(), "a row with 2 of 14 fields"),
        HostileFile("long_row.csv", (good.rstrip("\n") + ",extra,fields\n").encode(), "a row with 16 fields"),
        HostileFile("quoted_newline.csv", _csv(_with("note", "line one\nline two")).encode(),
                    "a quoted newline inside a cell (valid CSV)", must_reject=False),
        HostileFile("header_repeated.csv", (good + ",".join(HEADER) + "\n").encode(), "the header again as a row"),
        HostileFile("preamble.csv", ("Delivery records export\nGenerated: today\n" + good).encode(),
                    "two title lines before the header"),
        # --- headers
        HostileFile("extra_column.csv", _csv([r + ["x"] for r in GOOD_ROWS], HEADER + ["unexpected"]).encode(),
                    "an unknown extra column"),
        HostileFile("missing_column.csv", _csv([r[:-2] + r[-1:] for r in GOOD_ROWS],
                                               HEADER[:-2] + HEADER[-1:]).encode(), "source_id missing"),
        HostileFile("duplicate_column.csv", _csv([r + [r[0]] for r in GOOD_ROWS], HEADER + ["programme_id"]).encode(),
                    "programme_id twice in the header"),
        HostileFile("header_case.csv", _csv(GOOD_ROWS, [h.upper() + " " for h in HEADER]).encode(),
                    "header in capitals with trailing spaces", must_reject=False),
        HostileFile("reordered.csv", _csv([r[::-1] for r in GOOD_ROWS], HEADER[::-1]).encode(),
                    "every column present, in reverse order", must_reject=False),
        HostileFile("columns_10k.csv", (",".join(f"c{i}" for i in range(10_000)) + "\n" +
                                        ",".join("1" for _ in range(10_000)) + "\n").encode(), "10,000 columns"),
        HostileFile("columns_1m_header.csv", (",".join(f"c{i}" for i in range(1_000_000)) + "\n").encode(),
                    "a header of 10^6 columns (6.9 MB, one line)"),
        # --- payloads in text cells
        HostileFile("formula_hyperlink.csv",
                    _csv(_with("system", '=HYPERLINK("http://evil.example","click")')).encode(),
                    "an Excel formula (=HYPERLINK) in a text cell", must_reject=False),
        HostileFile("formula_prefixes.csv", _csv(_with("note", "+1+cmd|' /C calc'!A0") +
                                                 [_with("note", "@SUM(1+1)", 1)[1]]).encode(),
                    "DDE and @/+ formula prefixes", must_reject=False),
        HostileFile("formula_in_id.csv", _csv(_with("programme_id", "=1+1")).encode(), "a formula as the programme id",
                    must_reject=False),
        HostileFile("html_script.csv", _csv(_with("note", "<script>alert(document.cookie)</script>")).encode(),
                    "a script tag in the note", must_reject=False),
        HostileFile("html_img.csv", _csv(_with("system", '<img src=x onerror="alert(1)">')).encode(),
                    "an HTML event handler in the system name", must_reject=False),
        HostileFile("sql_drop.csv", _csv(_with("note", "'); drop table sources; --")).encode(),
                    "SQL-looking text in the note", must_reject=False),
        HostileFile("sql_in_code.csv", _csv(_with("recipient_code", "IND' or '1'='1")).encode(),
                    "SQL injection in a country code"),
        HostileFile("sql_in_source.csv", _csv(_with("source_id", "x'; delete from data_versions; --")).encode(),
                    "SQL injection in a source reference"),
        HostileFile("ansi_escape.csv", _csv(_with("note", "\x1b[31mred\x1b[0m \x07bell")).encode(),
                    "terminal escape and control characters", must_reject=False),
        HostileFile("bidi_override.csv", _csv(_with("system", "\u202etxt.exe\u200b")).encode(),
                    "right-to-left override and zero-width characters", must_reject=False),
        HostileFile("cell_10k.csv", _csv(_with("note", "A" * 10_000)).encode(), "a 10,000-character cell",
                    must_reject=False),
        HostileFile("cell_1mb.csv", _csv(_with("note", "B" * 1_000_000)).encode(), "a 1 MB cell",
                    must_reject=False),
        # --- values
        HostileFile("duplicate_keys.csv", _csv(GOOD_ROWS + [GOOD_ROWS[0]]).encode(),
                    "the same programme and source twice"),
        HostileFile("negative_units.csv", _csv(_with("units_ordered", "-5")).encode(), "negative units ordered"),
        HostileFile("year_1800.csv", _csv(_with("contract_year", "1800")).encode(), "a contract year of 1800"),
        HostileFile("year_3000.csv", _csv(_with("contract_year", "3000")).encode(), "a contract year of 3000"),
        HostileFile("text_in_int.csv", _csv(_with("units_ordered", "five")).encode(), "text in an integer column"),
        HostileFile("nan_inf.csv", _csv(_with("contract_value_usd_mn", "inf") +
                                        [_with("contract_value_usd_mn", "NaN", 1)[1]]).encode(),
                    "inf and NaN as values"),
        HostileFile("thousands_sep.csv", _csv(_with("contract_value_usd_mn", "5,430")).encode(),
                    "a thousands separator in a number"),
        HostileFile("decimal_comma.csv", _csv(_with("contract_value_usd_mn", "5430,5")).encode(),
                    "a decimal comma"),
        HostileFile("huge_int.csv", _csv(_with("units_ordered", "9" * 40)).encode(), "a 40-digit integer"),
        HostileFile("bad_status.csv", _csv(_with("status", "lost")).encode(), "a status outside the list"),
        HostileFile("bad_category.csv", _csv(_with("category", "lasers")).encode(), "a category outside the list"),
        HostileFile("unknown_country.csv", _csv(_with("supplier_code", "Narnia")).encode(), "an unknown country"),
        HostileFile("unknown_source.csv", _csv(_with("source_id", "no_such_source")).encode(), "an unknown source"),
        HostileFile("null_words.csv", _csv(_with("recipient_code", "NULL") + [_with("system", "None", 1)[1]]).encode(),
                    "NULL / None as required values"),
        HostileFile("empty_required.csv", _csv(_with("programme_id", "")).encode(), "an empty required cell"),
        HostileFile("bad_date.csv", _csv(_with("promised_delivery", "23/05/2024")).encode(), "a date as dd/mm/yyyy"),
        HostileFile("delivered_gt_ordered.csv", _csv(_with("units_delivered", "50")).encode(),
                    "more units delivered than ordered", must_reject=False),
    ]
    names = [f.name for f in files]
    assert len(names) == len(set(names)), "corpus names must be unique"
    return files


def huge_line(size_mb: int = 100) -> HostileFile:
    """A file whose second line is one ``size_mb`` MB cell (generated, never committed)."""
    cell = b"Z" * (size_mb * 1024 * 1024)
    data = (",".join(HEADER) + "\n").encode() + b"bench-huge,IND,RUS," + cell + b",aircraft\n"
    return HostileFile(f"line_{size_mb}mb.csv", data, f"a single {size_mb} MB line")


@dataclass
class Outcome:
    """What the upload did with one file."""

    name: str
    accepted: bool
    message: str
    seconds: float
    store_unchanged: bool


def run(con, check: Callable[[bytes, str], tuple[bool, str]], fingerprint: Callable[[object], dict],
        files: list[HostileFile]) -> list[Outcome]:
    """Offer each file to ``check(data, name) -> (committed, message)``; fingerprint the store around it."""
    outcomes = []
    for item in files:
        before = fingerprint(con)
        started = time.perf_counter()
        accepted, message = check(item.data, item.name)
        elapsed = time.perf_counter() - started
        after = fingerprint(con)
        outcomes.append(Outcome(item.name, accepted, message, elapsed, before == after))
    return outcomes


def main() -> int:
    """Print the corpus: name, size, what is wrong."""
    from bench.common import table

    files = corpus()
    print(f"{len(files)} files (+ the 100 MB line, generated on demand)")
    print(table(["file", "bytes", "what", "must be rejected"],
                [[f.name, f"{len(f.data):,}", f.what, "yes" if f.must_reject else "if invalid"] for f in files]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
