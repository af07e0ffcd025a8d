"""Read SIPRI Arms Transfers Database exports exactly as SIPRI's website writes them.

Pure parsing: bytes in, a ``ParsedExport`` out; no database, no Streamlit.
Layouts recognised by their header line (see ``../shared/fixtures/SOURCES.md``):

- ``trade_register``: the classic register, one row per deal; estimate flags (``?``)
  sit in unnamed columns after the value they qualify; delivery years are listed
  as ``2017; 2019``. Only the total delivered TIV is given, so each deal's TIV is
  split evenly over its listed delivery years (an approximation: SIPRI spreads it
  by the units delivered each year, which this layout hides).
- ``delivery_year``: the newer transfers export, one row per deal and delivery
  year, with that year's TIV (SIPRI's own yearly figures).
- ``tiv_importers`` / ``tiv_exporters``: TIV totals per country and year.

SIPRI's regional table is recognised and refused with a message (it has no
recipient countries). Anything else is refused with the header that was found.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

LAYOUTS = ("trade_register", "delivery_year", "tiv_importers", "tiv_exporters")
LAYOUT_LABELS = {
    "trade_register": "SIPRI trade register (one row per deal)",
    "delivery_year": "SIPRI transfers by delivery year (one row per deal and year)",
    "tiv_importers": "SIPRI TIV of arms imports (importer table)",
    "tiv_exporters": "SIPRI TIV of arms exports (exporter table)",
}
# SIPRI's preamble is 8-11 lines; allow a little more before giving up on a header.
MAX_PREAMBLE_LINES = 40
MIN_YEAR, MAX_YEAR = 1900, 2100
MAX_PROBLEMS = 200
MAX_NAME_LENGTH = 200  # SIPRI's longest names are under 60 characters
MAX_BYTES = 200 * 1024 * 1024  # SIPRI's complete register is about 4 MB

REGISTER_COLUMNS = {
    "recipient": "Recipient",
    "supplier": "Supplier",
    "order_year": "Year of order",
    "units_ordered": "Number ordered",
    "designation": "Weapon designation",
    "description": "Weapon description",
    "units_delivered": "Number delivered",
    "delivery_years": "Year(s) of delivery",
    "deal_status": "status",
    "comments": "Comments",
    "tiv_per_unit": "SIPRI TIV per unit",
    "tiv_total_order": "SIPRI TIV for total order",
    "tiv_delivered": "SIPRI TIV of delivered weapons",
}
# The register's unnamed flag columns follow these columns.
REGISTER_FLAGGED = ("order_year", "units_ordered", "units_delivered")
REGISTER_OPTIONAL = ("comments", "deal_status", "tiv_per_unit", "tiv_total_order")

DELIVERY_YEAR_COLUMNS = {
    "deal_id": "SIPRI AT Database ID",
    "supplier": "Supplier",
    "recipient": "Recipient",
    "designation": "Designation",
    "description": "Description",
    "category": "Armament category",
    "order_year": "Order date",
    "order_year_is_estimate": "Order date is estimate",
    "units_delivered": "Numbers delivered",
    "units_delivered_is_estimate": "Numbers delivered is estimate",
    "year": "Delivery year",
    "year_is_estimate": "Delivery year is estimate",
    "deal_status": "Status",
    "sipri_estimate": "SIPRI estimate",
    "tiv_per_unit": "TIV deal unit",
    "tiv_mn": "TIV delivery values",
    "local_production": "Local production",
}
DELIVERY_YEAR_OPTIONAL = ("designation", "description", "category", "order_year", "order_year_is_estimate",
                          "units_delivered", "units_delivered_is_estimate", "year_is_estimate", "deal_status",
                          "sipri_estimate", "tiv_per_unit", "local_production")

IMPORTER_FIRST_CELLS = {"recipient", "recipients", "imports by", "importer", "importers", "imports to"}
EXPORTER_FIRST_CELLS = {"exports by", "supplier", "suppliers", "exporter", "exporters", "exports from"}

DEAL_COLUMNS = [
    "deal_id", "recipient", "supplier", "order_year", "order_year_is_estimate", "units_ordered",
    "units_ordered_is_estimate", "designation", "description", "category", "units_delivered",
    "units_delivered_is_estimate", "delivery_years", "first_delivery_year", "last_delivery_year",
    "deal_status", "comments", "tiv_per_unit", "tiv_total_order", "tiv_delivered", "line",
]


class SipriFormatError(ValueError):
    """The file is not a SIPRI export this app can read; the message says why and what to do."""


@dataclass(frozen=True)
class Problem:
    """One value that could not be read: where it is and what was expected."""

    line: int  # line number in the file, 1-based, as a text editor shows it
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        return f"line {self.line}, column {self.column!r}: {shown!r} - expected {self.expected}"


@dataclass
class ParsedExport:
    """What one SIPRI export holds, with SIPRI's names (codes are assigned when loading).

    ``deals``: one row per deal (``DEAL_COLUMNS``); ``yearly``: TIV by recipient,
    supplier and year (``recipient, supplier, year, tiv_mn``); ``totals``: TIV per
    country and year from the importer/exporter tables (``country, year, tiv_mn``).
    ``problems`` are rows that could not be read: a file with any is not loaded.
    ``warnings`` are read but worth telling the user (e.g. TIV with no delivery year).
    """

    layout: str
    title: str
    data_generated: datetime | None
    year_from: int | None  # the export's selected year range; None = not specified
    year_to: int | None
    all_recipients: bool  # the export says it covers all recipients
    all_suppliers: bool
    n_data_rows: int
    deals: pd.DataFrame | None = None
    yearly: pd.DataFrame | None = None
    totals: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    def names(self) -> set[str]:
        """Every country or actor name the export uses."""
        found: set[str] = set()
        for frame, columns in ((self.deals, ("recipient", "supplier")), (self.yearly, ("recipient", "supplier")),
                               (self.totals, ("country",))):
            if frame is not None:
                for column in columns:
                    found.update(frame[column].dropna().unique())
        return found


# ---------------------------------------------------------------- text and lines

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


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Split the text into CSV records with their 1-based line numbers.

    Line ends are normalised; a stray carriage return inside a field is dropped
    (some SIPRI exports carry one in the Comments column).
    """
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")
    text = text.replace("\r\n", "\n").replace("\r", "")
    lines = text.split("\n")
    reader = csv.reader(lines, delimiter=",", quotechar='"', strict=False)
    records: list[tuple[int, list[str]]] = []
    try:
        for fields in reader:
            records.append((reader.line_num, fields))
    except csv.Error as exc:
        # e.g. an unbalanced '"' that swallows the rest of the file into one huge field
        raise SipriFormatError(f"Line {reader.line_num + 1} cannot be read as CSV ({exc}); "
                               "is there an unmatched '\"' in the file?") from exc
    return records


def _norm(cell: str) -> str:
    """A header cell folded for comparison: stripped, lower case, single spaces."""
    return re.sub(r"\s+", " ", cell).strip().lower()


def _is_year(cell: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", cell.strip()))


def detect_layout(header: list[str]) -> str | None:
    """Return the layout whose header this is, ``regional`` for SIPRI's regional table, or None."""
    cells = [_norm(c) for c in header]
    names = set(cells)
    if {"sipri at database id", "delivery year", "tiv delivery values"} <= names:
        return "delivery_year"
    if {"recipient", "supplier", "year of order", "sipri tiv of delivered weapons"} <= names:
        return "trade_register"
    years = sum(_is_year(c) for c in cells)
    if years >= 1 and cells:
        if cells[0] in IMPORTER_FIRST_CELLS:
            return "tiv_importers"
        if cells[0] in EXPORTER_FIRST_CELLS:
            return "tiv_exporters"
        if len(cells) > 2 and cells[0] == "" and cells[1] == "" and _is_year(cells[2]):
            return "regional"
    return None


def _preamble_info(lines: list[str]) -> tuple[str, datetime | None, list[str]]:
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


def _scope(title: str) -> tuple[bool, bool, int | None, int | None, bool]:
    """From the title line: (all suppliers, all recipients, year from, year to, range stated)."""
    folded = re.sub(r"\s+", " ", title).lower()
    match = re.search(r"from (.+?) to (.+?) \.", folded + " .")
    all_suppliers = bool(match) and match.group(1).strip() == "all countries"
    all_recipients = bool(match) and match.group(2).strip() == "all countries"
    years = re.search(r"year range '([^']*)' to '([^']*)'", folded)
    if not years:
        return all_suppliers, all_recipients, None, None, False
    low, high = (int(y) if _is_year(y) else None for y in years.groups())
    return all_suppliers, all_recipients, low, high, True


# ---------------------------------------------------------------- values

def _number(text: str) -> tuple[float | None, bool] | None:
    """Read a SIPRI number: ``12``, ``0.5``, ``0 `` (trailing space), estimates ``(12)`` or ``12?``.

    Returns (value, is_estimate), (None, False) for an empty cell, or None when unreadable.
    """
    value = text.strip()
    if value == "":
        return None, False
    estimate = False
    if value.startswith("(") and value.endswith(")"):
        value, estimate = value[1:-1].strip(), True
    if value.endswith("?"):
        value, estimate = value[:-1].strip(), True
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", value):
        return None
    return float(value), estimate


def _year(text: str) -> tuple[int | None, bool] | None:
    """Read a year (estimates as for numbers); None when unreadable or out of range."""
    parsed = _number(text)
    if parsed is None:
        return None
    value, estimate = parsed
    if value is None:
        return None, False
    if value != int(value) or not MIN_YEAR <= value <= MAX_YEAR:
        return None
    return int(value), estimate


def _year_list(text: str) -> list[int] | None:
    """Read a delivery-year list such as ``2017; 2019; 2021``; None when any item is unreadable."""
    items = [item for item in re.split(r"[;,]", text) if item.strip()]
    years: list[int] = []
    for item in items:
        parsed = _year(item)
        if parsed is None or parsed[0] is None:
            return None
        years.append(parsed[0])
    return sorted(set(years))


class _RowReader:
    """Reads one record's cells, collecting problems instead of raising."""

    def __init__(self, line: int, cells: list[str], positions: dict[str, int], labels: dict[str, str],
                 problems: list[Problem]):
        self.line, self.cells, self.positions, self.labels, self.problems = line, cells, positions, labels, problems
        self.ok = True

    def raw(self, key: str) -> str:
        position = self.positions.get(key)
        return "" if position is None else self.cells[position].strip()

    def problem(self, key: str, expected: str, value: str | None = None) -> None:
        self.ok = False
        self.problems.append(Problem(self.line, self.labels.get(key, key), self.raw(key) if value is None else value,
                                     expected))

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.raw(key)
        if required and not value:
            self.problem(key, "a name (the cell is empty)")
        elif required and len(value) > MAX_NAME_LENGTH:
            self.problem(key, f"a name of at most {MAX_NAME_LENGTH} characters", value)
        return value or None

    def number(self, key: str, *, integer: bool = False) -> tuple[float | None, bool]:
        raw = self.raw(key)
        parsed = _number(raw)
        if parsed is None or (integer and parsed[0] is not None and parsed[0] != int(parsed[0])):
            self.problem(key, "a whole number of 0 or more, or empty" if integer else "a number of 0 or more, or empty")
            return None, False
        return parsed

    def year(self, key: str, required: bool = False) -> tuple[int | None, bool]:
        parsed = _year(self.raw(key))
        if parsed is None or (required and parsed[0] is None):
            self.problem(key, f"a year between {MIN_YEAR} and {MAX_YEAR}" + ("" if required else ", or empty"))
            return None, False
        return parsed

    def flag(self, key: str, true: tuple[str, ...], false: tuple[str, ...]) -> bool | None:
        if key not in self.positions:
            return None
        raw = self.raw(key)
        if raw in true:
            return True
        if raw in false:
            return False
        self.problem(key, " or ".join(repr(v) for v in true + false))
        return None


# ---------------------------------------------------------------- layouts

def _positions(header: list[str], wanted: dict[str, str], optional: tuple[str, ...]) -> dict[str, int]:
    """Map each wanted key to its column index by header name; SipriFormatError lists missing ones."""
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        index.setdefault(_norm(cell), position)
    positions: dict[str, int] = {}
    missing: list[str] = []
    for key, label in wanted.items():
        if _norm(label) in index:
            positions[key] = index[_norm(label)]
        elif key not in optional:
            missing.append(label)
    if missing:
        raise SipriFormatError(
            "The header lacks the column(s) " + ", ".join(repr(m) for m in missing)
            + ". Download the export again from SIPRI without removing columns."
        )
    return positions


def _deal_hash(parts: list[str], seen: dict[str, int]) -> str:
    """A stable id for a register deal (the register has no SIPRI deal id)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]
    seen[digest] = seen.get(digest, 0) + 1
    return f"R{digest}" if seen[digest] == 1 else f"R{digest}-{seen[digest]}"


def _parse_register(header: list[str], rows: list[tuple[int, list[str]]], problems: list[Problem],
                    warnings: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    positions = _positions(header, REGISTER_COLUMNS, REGISTER_OPTIONAL)
    labels = dict(REGISTER_COLUMNS)
    for key in REGISTER_FLAGGED:
        flag_position = positions[key] + 1
        if flag_position < len(header) and header[flag_position].strip() == "":
            positions[key + "_is_estimate"] = flag_position
            labels[key + "_is_estimate"] = f"(estimate flag after {REGISTER_COLUMNS[key]!r})"
    deals: list[dict] = []
    yearly: list[tuple[str, str, int, float]] = []
    seen: dict[str, int] = {}
    for line, cells in rows:
        row = _RowReader(line, cells, positions, labels, problems)
        recipient = row.text("recipient", required=True)
        supplier = row.text("supplier", required=True)
        order_year, order_year_estimate = row.year("order_year")
        units_ordered, units_ordered_estimate = row.number("units_ordered", integer=True)
        units_delivered, units_delivered_estimate = row.number("units_delivered", integer=True)
        tiv_per_unit, _ = row.number("tiv_per_unit")
        tiv_total, _ = row.number("tiv_total_order")
        tiv_delivered, _ = row.number("tiv_delivered")
        flags = {}
        for key in REGISTER_FLAGGED:
            flag = row.flag(key + "_is_estimate", ("?",), ("",))
            flags[key] = bool(flag) or {"order_year": order_year_estimate, "units_ordered": units_ordered_estimate,
                                        "units_delivered": units_delivered_estimate}[key]
        years = _year_list(row.raw("delivery_years"))
        if years is None:
            row.problem("delivery_years", "years separated by '; ', e.g. '2017; 2019', or empty")
        if not row.ok:
            continue
        if tiv_delivered and not years:
            warnings.append(f"line {line}: {tiv_delivered:g} TIV delivered but no delivery year listed; "
                            "the deal is loaded but its TIV is in no year's total.")
        elif tiv_delivered and years:
            # The register gives one total: spread it evenly over the listed years.
            for year in years:
                yearly.append((recipient, supplier, year, tiv_delivered / len(years)))
        parts = [recipient, supplier, row.raw("order_year"), row.raw("units_ordered"), row.raw("designation"),
                 row.raw("description")]
        deals.append({
            "deal_id": _deal_hash(parts, seen), "recipient": recipient, "supplier": supplier,
            "order_year": order_year, "order_year_is_estimate": flags["order_year"],
            "units_ordered": None if units_ordered is None else int(units_ordered),
            "units_ordered_is_estimate": flags["units_ordered"],
            "designation": row.text("designation"), "description": row.text("description"), "category": None,
            "units_delivered": None if units_delivered is None else int(units_delivered),
            "units_delivered_is_estimate": flags["units_delivered"],
            "delivery_years": "; ".join(str(y) for y in years) or None,
            "first_delivery_year": years[0] if years else None, "last_delivery_year": years[-1] if years else None,
            "deal_status": row.text("deal_status"), "comments": row.text("comments"),
            "tiv_per_unit": tiv_per_unit, "tiv_total_order": tiv_total, "tiv_delivered": tiv_delivered,
            "line": line,
        })
    return _deal_frame(deals), _yearly_frame(yearly)


def _parse_delivery_year(header: list[str], rows: list[tuple[int, list[str]]], problems: list[Problem],
                         warnings: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    positions = _positions(header, DELIVERY_YEAR_COLUMNS, DELIVERY_YEAR_OPTIONAL)
    yes, no = ("Yes", "yes", "YES", "Y", "y", "1", "True", "true"), ("No", "no", "NO", "N", "n", "0", "False", "false", "")
    parts: list[dict] = []
    for line, cells in rows:
        row = _RowReader(line, cells, positions, DELIVERY_YEAR_COLUMNS, problems)
        deal_id = row.text("deal_id")
        if deal_id is None:
            row.problem("deal_id", "SIPRI's deal id (the cell is empty)")
        recipient = row.text("recipient", required=True)
        supplier = row.text("supplier", required=True)
        year, _ = row.year("year", required=True)
        tiv, _ = row.number("tiv_mn")
        if row.ok and tiv is None:
            row.problem("tiv_mn", "the TIV delivered that year (the cell is empty)")
        order_year, _ = row.year("order_year")
        units, _ = row.number("units_delivered", integer=True)
        tiv_per_unit, _ = row.number("tiv_per_unit")
        flags = {key: row.flag(key, yes, no) for key in
                 ("order_year_is_estimate", "units_delivered_is_estimate", "year_is_estimate", "local_production")}
        if not row.ok:
            continue
        parts.append({
            "deal_id": deal_id, "recipient": recipient, "supplier": supplier, "year": year, "tiv_mn": tiv,
            "order_year": order_year, "order_year_is_estimate": flags["order_year_is_estimate"],
            "units_delivered": units, "units_delivered_is_estimate": flags["units_delivered_is_estimate"],
            "local_production": flags["local_production"], "designation": row.text("designation"),
            "description": row.text("description"), "category": row.text("category"),
            "deal_status": row.text("deal_status"), "tiv_per_unit": tiv_per_unit, "line": line,
        })
    frame = pd.DataFrame(parts, columns=["deal_id", "recipient", "supplier", "year", "tiv_mn", "order_year",
                                         "order_year_is_estimate", "units_delivered", "units_delivered_is_estimate",
                                         "local_production", "designation", "description", "category",
                                         "deal_status", "tiv_per_unit", "line"])
    yearly = frame.groupby(["recipient", "supplier", "year"], as_index=False, sort=True)["tiv_mn"].sum()
    return _deals_from_years(frame, problems), _yearly_frame(list(yearly.itertuples(index=False, name=None)))


def _deals_from_years(frame: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """One row per SIPRI deal id from the rows of each delivery year."""
    if frame.empty:
        return _deal_frame([])
    for column in ("recipient", "supplier"):
        first = frame.groupby("deal_id", sort=False)[column].transform("first")
        first_line = frame.groupby("deal_id", sort=False)["line"].transform("first")
        for _index, clash in frame[frame[column] != first].iterrows():
            problems.append(Problem(int(clash["line"]), DELIVERY_YEAR_COLUMNS[column], str(clash[column]),
                                    f"{first[_index]!r}, as on line {int(first_line[_index])} "
                                    f"for deal {clash['deal_id']}"))
    grouped = frame.groupby("deal_id", sort=False)
    deals = grouped.agg(
        recipient=("recipient", "first"), supplier=("supplier", "first"), order_year=("order_year", "first"),
        order_year_is_estimate=("order_year_is_estimate", "first"), designation=("designation", "first"),
        description=("description", "first"), category=("category", "first"),
        units_delivered=("units_delivered", lambda s: s.sum(min_count=1)),
        units_delivered_is_estimate=("units_delivered_is_estimate", lambda s: bool(s.fillna(False).any())),
        first_delivery_year=("year", "min"), last_delivery_year=("year", "max"),
        deal_status=("deal_status", "first"), tiv_per_unit=("tiv_per_unit", "first"),
        tiv_delivered=("tiv_mn", "sum"), local_production=("local_production", lambda s: bool(s.fillna(False).any())),
        line=("line", "first"),
    ).reset_index()
    years = grouped["year"].agg(lambda s: "; ".join(str(y) for y in sorted(set(int(v) for v in s))))
    deals["delivery_years"] = deals["deal_id"].map(years)
    deals["deal_id"] = deals["deal_id"].astype(str)
    deals["units_ordered"] = None
    deals["units_ordered_is_estimate"] = None
    deals["tiv_total_order"] = None
    deals["comments"] = deals.pop("local_production").map({True: "local production", False: None})
    return deals[DEAL_COLUMNS]


def _parse_tiv_table(header: list[str], rows: list[tuple[int, list[str]]],
                     problems: list[Problem]) -> pd.DataFrame:
    year_columns = [(position, int(cell)) for position, cell in enumerate(header) if _is_year(cell)]
    totals: list[tuple[str, int, float]] = []
    for line, cells in rows:
        name = cells[0].strip()
        if not name:
            problems.append(Problem(line, header[0].strip() or "first column", "", "a country name"))
            continue
        if name.lower().startswith("total"):
            continue  # SIPRI's world total row, not a country
        for position, year in year_columns:
            parsed = _number(cells[position])
            if parsed is None:
                problems.append(Problem(line, str(year), cells[position], "a number of 0 or more, or empty"))
            elif parsed[0] is not None:
                totals.append((name, year, parsed[0]))
    return pd.DataFrame(totals, columns=["country", "year", "tiv_mn"])


def _deal_frame(deals: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(deals, columns=DEAL_COLUMNS)


def _yearly_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["recipient", "supplier", "year", "tiv_mn"])


# ---------------------------------------------------------------- entry point

def sniff_layout(data: bytes) -> str | None:
    """The layout of a SIPRI export from its first lines (``regional`` included), or None if it is none."""
    try:
        records = _records(decode(data[:20000]))
    except SipriFormatError:
        return None
    return next((layout for _line, cells in records[:MAX_PREAMBLE_LINES] if (layout := detect_layout(cells))), None)


def parse_export(data: bytes) -> ParsedExport:
    """Recognise a SIPRI export by its header line and read every data row.

    Raises SipriFormatError when the file is not a readable SIPRI export (unknown
    layout, missing columns, no data rows). Row-level trouble is returned in
    ``problems`` (line, column, value, what was expected), never raised.
    """
    records = _records(decode(data))
    header_at = None
    layout = None
    for index, (_line, cells) in enumerate(records[:MAX_PREAMBLE_LINES]):
        layout = detect_layout(cells)
        if layout:
            header_at = index
            break
    if header_at is None or layout is None:
        first = next((",".join(cells) for _line, cells in records if any(c.strip() for c in cells)), "")
        raise SipriFormatError(
            "Not a SIPRI export this app recognises: no line in the first "
            f"{MAX_PREAMBLE_LINES} looks like the header of the trade register, the transfers-by-delivery-year "
            f"export or the TIV importer/exporter tables. First line: {first[:120]!r}"
        )
    if layout == "regional":
        raise SipriFormatError(
            "This is SIPRI's regional table (imports by region and supplier); it names no recipient country. "
            "Load the trade register, the transfers-by-delivery-year export or the TIV importer table instead."
        )
    header_line, header = records[header_at]
    preamble = [",".join(cells) for _line, cells in records[:header_at]]
    title, generated, warnings = _preamble_info(preamble)
    all_suppliers, all_recipients, year_from, year_to, stated = _scope(title)
    problems: list[Problem] = []
    body = [(line, cells) for line, cells in records[header_at + 1:] if any(c.strip() for c in cells)]
    # A footer is trailing text in one cell (a note, a copyright line), never data.
    footer: list[str] = []
    while body and len(body[-1][1]) == 1:
        footer.insert(0, body.pop()[1][0].strip())
    rows: list[tuple[int, list[str]]] = []
    for line, cells in body:
        if len(cells) != len(header):
            problems.append(Problem(line, "(whole row)", ",".join(cells)[:60],
                                    f"{len(header)} comma-separated fields as in the header on line "
                                    f"{header_line}, found {len(cells)}"))
        else:
            rows.append((line, cells))
    if not body:
        raise SipriFormatError(f"The file has the header of a {LAYOUT_LABELS[layout]} but no data rows.")
    parsed = ParsedExport(layout=layout, title=title, data_generated=generated, year_from=year_from,
                          year_to=year_to, all_recipients=all_recipients, all_suppliers=all_suppliers,
                          n_data_rows=len(body), problems=problems, warnings=warnings, footer=footer)
    if layout == "trade_register":
        parsed.deals, parsed.yearly = _parse_register(header, rows, problems, warnings)
    elif layout == "delivery_year":
        parsed.deals, parsed.yearly = _parse_delivery_year(header, rows, problems, warnings)
    else:
        parsed.totals = _parse_tiv_table(header, rows, problems)
        years = [int(c) for c in header if _is_year(c)]
        parsed.year_from, parsed.year_to = min(years), max(years)
        parsed.all_recipients = parsed.all_suppliers = False
    if not stated and layout in ("trade_register", "delivery_year") and parsed.yearly is not None and len(parsed.yearly):
        # No range in the title: the release covers only the years it has data for.
        parsed.year_from, parsed.year_to = int(parsed.yearly["year"].min()), int(parsed.yearly["year"].max())
    problems.sort(key=lambda p: p.line)
    return parsed
