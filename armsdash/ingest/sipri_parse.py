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

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from armsdash.ingest.sipri_join import Join, join_broken
from armsdash.ingest.sipri_layouts import (
    DEAL_COLUMNS,
    DELIVERY_YEAR_COLUMNS,
    DELIVERY_YEAR_OPTIONAL,
    LAYOUT_LABELS,
    MAX_PREAMBLE_LINES,
    REGISTER_COLUMNS,
    REGISTER_FLAGGED,
    REGISTER_OPTIONAL,
    detect_layout,
    free_text_positions,
)
from armsdash.ingest.sipri_rows import Problem, RowReader, read_number, read_year_list
from armsdash.ingest.sipri_text import SipriFormatError, decode, is_year, norm, preamble_info, scope, split_records

MAX_PROBLEMS = 200


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
    joined: list[Join] = field(default_factory=list)  # records a line break inside a text field had split

    def names(self) -> set[str]:
        """Every country or actor name the export uses."""
        found: set[str] = set()
        for frame, columns in ((self.deals, ("recipient", "supplier")), (self.yearly, ("recipient", "supplier")),
                               (self.totals, ("country",))):
            if frame is not None:
                for column in columns:
                    found.update(frame[column].dropna().unique())
        return found


# ---------------------------------------------------------------- layouts

def _positions(header: list[str], wanted: dict[str, str], optional: tuple[str, ...]) -> dict[str, int]:
    """Map each wanted key to its column index by header name; SipriFormatError lists missing ones."""
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        index.setdefault(norm(cell), position)
    positions: dict[str, int] = {}
    missing: list[str] = []
    for key, label in wanted.items():
        if norm(label) in index:
            positions[key] = index[norm(label)]
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
        row = RowReader(line, cells, positions, labels, problems)
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
        years = read_year_list(row.raw("delivery_years"))
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
    yes = ("Yes", "yes", "YES", "Y", "y", "1", "True", "true")
    no = ("No", "no", "NO", "N", "n", "0", "False", "false", "")
    parts: list[dict] = []
    for line, cells in rows:
        row = RowReader(line, cells, positions, DELIVERY_YEAR_COLUMNS, problems)
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
    year_columns = [(position, int(cell)) for position, cell in enumerate(header) if is_year(cell)]
    totals: list[tuple[str, int, float]] = []
    for line, cells in rows:
        name = cells[0].strip()
        if not name:
            problems.append(Problem(line, header[0].strip() or "first column", "", "a country name"))
            continue
        if name.lower().startswith("total"):
            continue  # SIPRI's world total row, not a country
        for position, year in year_columns:
            parsed = read_number(cells[position])
            if parsed is None:
                problems.append(Problem(line, str(year), cells[position], "a number of 0 or more, or empty"))
            elif parsed[0] is not None:
                totals.append((name, year, parsed[0]))
    return pd.DataFrame(totals, columns=["country", "year", "tiv_mn"])


def _deal_frame(deals: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(deals, columns=DEAL_COLUMNS)


def _yearly_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["recipient", "supplier", "year", "tiv_mn"])


def _reads(layout: str, header: list[str], line: int, cells: list[str]) -> list[Problem]:
    """The problems reading one record in ``layout`` (a joined record's type check; none: it reads)."""
    problems: list[Problem] = []
    if layout == "trade_register":
        _parse_register(header, [(line, cells)], problems, [])
    elif layout == "delivery_year":
        _parse_delivery_year(header, [(line, cells)], problems, [])
    else:
        _parse_tiv_table(header, [(line, cells)], problems)
    return problems


# ---------------------------------------------------------------- entry point
def parse_export(data: bytes) -> ParsedExport:
    """Recognise a SIPRI export by its header line and read every data row.

    Raises SipriFormatError when the file is not a readable SIPRI export (unknown
    layout, missing columns, no data rows). Row-level trouble is returned in
    ``problems`` (line, column, value, what was expected), never raised.
    """
    records = split_records(decode(data))
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
    title, generated, warnings = preamble_info(preamble)
    all_suppliers, all_recipients, year_from, year_to, stated = scope(title)
    problems: list[Problem] = []
    body = [(line, cells) for line, cells in records[header_at + 1:] if any(c.strip() for c in cells)]
    # A footer is trailing text in one cell (a note, a copyright line), never data.
    footer: list[str] = []
    while body and len(body[-1][1]) == 1:
        footer.insert(0, body.pop()[1][0].strip())
    rows, joined, broken = join_broken(body, len(header), free_text_positions(layout, header),
                                       lambda line, cells: _reads(layout, header, line, cells), header_line)
    problems.extend(broken)
    if not body:
        raise SipriFormatError(f"The file has the header of a {LAYOUT_LABELS[layout]} but no data rows.")
    parsed = ParsedExport(layout=layout, title=title, data_generated=generated, year_from=year_from,
                          year_to=year_to, all_recipients=all_recipients, all_suppliers=all_suppliers,
                          n_data_rows=len(rows) + len(broken), problems=problems, warnings=warnings,
                          footer=footer, joined=joined)
    if layout == "trade_register":
        parsed.deals, parsed.yearly = _parse_register(header, rows, problems, warnings)
    elif layout == "delivery_year":
        parsed.deals, parsed.yearly = _parse_delivery_year(header, rows, problems, warnings)
    else:
        parsed.totals = _parse_tiv_table(header, rows, problems)
        years = [int(c) for c in header if is_year(c)]
        parsed.year_from, parsed.year_to = min(years), max(years)
        parsed.all_recipients = parsed.all_suppliers = False
    if (not stated and layout in ("trade_register", "delivery_year") and parsed.yearly is not None
            and len(parsed.yearly)):
        # No range in the title: the release covers only the years it has data for.
        parsed.year_from, parsed.year_to = int(parsed.yearly["year"].min()), int(parsed.yearly["year"].max())
    problems.sort(key=lambda p: p.line)
    return parsed
