"""Load a SIPRI export into the store as a new data release, in one transaction.

A release replaces the SIPRI-derived rows of the same kind for what it covers
(recipients, suppliers, years), so loading a newer export never double-counts:
the trade register replaces earlier register rows, the delivery-year export
earlier delivery-year rows, and ``tiv_yearly_at`` prefers the latter per
recipient and year. Replaced rows are closed, not deleted, so undo can restore them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from armsdash import countries
from armsdash.ingest import plaintext, sipri_layouts
from armsdash.ingest.sipri_layouts import LAYOUT_LABELS, sniff_layout
from armsdash.ingest.sipri_parse import ParsedExport, parse_export
from armsdash.ingest.sipri_rows import Problem
from armsdash.ingest.sipri_text import (
    SipriFormatError,  # noqa: F401 - re-exported: callers catch it from here
    decode,
    split_records,
)
from armsdash.store import deal_years, delivery_programmes, versions

SIPRI_URL = "https://www.sipri.org/databases/armstransfers"
ATTRIBUTION = "Source: SIPRI Arms Transfers Database (c) SIPRI"
UNMAPPED_PREFIX = "UNMAPPED:"
# Stand-ins for an open year range, so one fixed SQL text serves every release.
NO_LOWER_YEAR, NO_UPPER_YEAR = -1, 9999

# Where clauses are fixed SQL of this module; every value is bound.
_SCOPE = (
    "($all_recipients or list_contains($recipients, recipient_code))"
    " and ($all_suppliers or list_contains($suppliers, supplier_code))"
)
_TIV_SCOPE = f"method = $method and {_SCOPE} and year >= $year_from and year <= $year_to"
_DEAL_SCOPE = (
    f"release_id in (select release_id from sipri_releases where layout = $layout) and {_SCOPE}"
    " and (($year_from = -1 and $year_to = 9999)"
    " or order_year between $year_from and $year_to"
    " or (last_delivery_year >= $year_from and first_delivery_year <= $year_to))"
)
_TOTALS_SCOPE = (
    "direction = $direction and list_contains($countries, country_code)"
    " and year >= $year_from and year <= $year_to"
)
_ORPHAN_RELEASES = (
    "release_id not in (select release_id from tiv_deliveries where version_removed is null)"
    " and release_id not in (select release_id from sipri_deals where version_removed is null)"
    " and release_id not in (select release_id from tiv_totals where version_removed is null)"
)


class SipriImportError(ValueError):
    """The export has rows that could not be read; nothing was loaded."""

    def __init__(self, message: str, problems: list[Problem]):
        super().__init__(message)
        self.problems = problems


@dataclass
class LoadReport:
    """What one load did: the release, the version it made, rows added and replaced, what to tell the user."""

    release_id: str
    layout: str
    data_generated: datetime | None
    version: int
    n_data_rows: int
    rows_added: dict[str, int] = field(default_factory=dict)
    rows_replaced: dict[str, int] = field(default_factory=dict)
    unmapped: dict[str, list[str]] = field(default_factory=dict)  # SIPRI name -> suggestions
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False  # True: a preview, nothing was committed
    joined: list[str] = field(default_factory=list)  # records split by a line break, joined: 'lines 7–8 (Comments)'

    def summary(self) -> str:
        """A few lines for the command line or a success message."""
        stamp = f"{self.data_generated.day} {self.data_generated:%b %Y}" if self.data_generated else "unknown date"
        added = ", ".join(f"{n} {t}" for t, n in self.rows_added.items() if n)
        replaced = ", ".join(f"{n} {t}" for t, n in self.rows_replaced.items() if n) or "none"
        if self.dry_run:
            head = f"Would load {LAYOUT_LABELS[self.layout]}, data generated {stamp}, as data version {self.version} " \
                   f"(release {self.release_id}); nothing was committed."
            counts = f"to add: {added or 'nothing'}; to replace from earlier releases: {replaced}."
        else:
            head = f"Loaded {LAYOUT_LABELS[self.layout]}, data generated {stamp}, as data version {self.version} " \
                   f"(release {self.release_id})."
            counts = f"added: {added or 'nothing'}; replaced from earlier releases: {replaced}."
        lines = [head, f"{self.n_data_rows} data rows read; {counts}"]
        if self.joined:
            lines.append(f"Joined {len(self.joined)} record(s) that a line break inside a text field had split "
                         f"over several lines: {'; '.join(self.joined)}.")
        for name, hints in self.unmapped.items():
            hint = f" (close to: {', '.join(hints)})" if hints else ""
            lines.append(f"Unmapped name {name!r} loaded as {UNMAPPED_PREFIX}{name}{hint}; "
                         "add it to armsdash/countries.py EXTRA_NAMES.")
        lines.extend(self.warnings)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def release_id_for(parsed: ParsedExport, checksum: str) -> str:
    """The id of a release: its layout and 'Data generated' stamp (else the file's checksum)."""
    if parsed.data_generated is not None:
        return f"sipri_{parsed.layout}_{parsed.data_generated:%Y-%m-%dT%H%M%S}"
    return f"sipri_{parsed.layout}_sha{checksum[:12]}"


def map_names(names: set[str]) -> tuple[dict[str, tuple[str, str, str]], dict[str, list[str]]]:
    """Map SIPRI names to (code, display name, kind); unknown names get a visible provisional code.

    Returns the mapping and the unmapped names with suggestions, so none is dropped silently.
    """
    mapping: dict[str, tuple[str, str, str]] = {}
    unmapped: dict[str, list[str]] = {}
    for name in sorted(names):
        found = countries.lookup(name)
        if found is None:
            unmapped[name] = countries.suggest(name)
            found = (UNMAPPED_PREFIX + name, name, "unknown")
        mapping[name] = found
    return mapping, unmapped


def _frames(parsed: ParsedExport, codes: dict[str, str], release_id: str) -> dict[str, pd.DataFrame]:
    """The rows to insert, per table, in the tables' column names."""
    frames: dict[str, pd.DataFrame] = {}
    if parsed.yearly is not None:
        method = "delivery_year" if parsed.layout == "delivery_year" else "register_even_split"
        yearly = parsed.yearly.assign(
            recipient_code=parsed.yearly["recipient"].map(codes),
            supplier_code=parsed.yearly["supplier"].map(codes),
        )
        # Two SIPRI names can share a code (e.g. 'Turkey' and 'Turkiye'): add them up.
        yearly = yearly.groupby(["recipient_code", "supplier_code", "year"], as_index=False)["tiv_mn"].sum()
        frames["tiv_deliveries"] = yearly.assign(method=method, release_id=release_id,
                                                 year=yearly["year"].astype("int64"))
    if parsed.deals is not None:
        deals = parsed.deals.assign(
            recipient_code=parsed.deals["recipient"].map(codes),
            supplier_code=parsed.deals["supplier"].map(codes),
            release_id=release_id,
        )
        for column in ("order_year", "units_ordered", "units_delivered", "first_delivery_year", "last_delivery_year"):
            deals[column] = pd.array(deals[column], dtype="Int64")
        for column in ("order_year_is_estimate", "units_ordered_is_estimate", "units_delivered_is_estimate"):
            deals[column] = pd.array(deals[column], dtype="boolean")
        for column in ("tiv_per_unit", "tiv_total_order", "tiv_delivered"):
            deals[column] = pd.to_numeric(deals[column]).astype("Float64")
        frames["sipri_deals"] = deals
    if parsed.totals is not None:
        totals = parsed.totals.assign(country_code=parsed.totals["country"].map(codes))
        totals = totals.groupby(["country_code", "year"], as_index=False)["tiv_mn"].sum()
        direction = "imports" if parsed.layout == "tiv_importers" else "exports"
        frames["tiv_totals"] = totals.assign(direction=direction, release_id=release_id)
    return frames


def _scope_params(parsed: ParsedExport, frames: dict[str, pd.DataFrame]) -> dict[str, object]:
    """Bound values saying what a release covers: recipients, suppliers, years."""
    codes = pd.concat([frames[t][["recipient_code", "supplier_code"]] for t in ("tiv_deliveries", "sipri_deals")
                       if t in frames])
    return {
        "all_recipients": parsed.all_recipients,
        "all_suppliers": parsed.all_suppliers,
        "recipients": sorted(codes["recipient_code"].unique().tolist()),
        "suppliers": sorted(codes["supplier_code"].unique().tolist()),
        "year_from": parsed.year_from if parsed.year_from is not None else NO_LOWER_YEAR,
        "year_to": parsed.year_to if parsed.year_to is not None else NO_UPPER_YEAR,
    }


def _close_covered_rows(con: duckdb.DuckDBPyConnection, parsed: ParsedExport, frames: dict[str, pd.DataFrame],
                        version: int) -> dict[str, int]:
    """Close the rows of earlier releases of the same kind that this release covers; return counts per table."""
    if parsed.layout in ("tiv_importers", "tiv_exporters"):
        totals = frames["tiv_totals"]
        return {"tiv_totals": versions.close_rows(con, "tiv_totals", version, _TOTALS_SCOPE, {
            "direction": "imports" if parsed.layout == "tiv_importers" else "exports",
            "countries": sorted(totals["country_code"].unique().tolist()),
            "year_from": parsed.year_from, "year_to": parsed.year_to,
        })}
    scope = _scope_params(parsed, frames)
    method = "delivery_year" if parsed.layout == "delivery_year" else "register_even_split"
    return {
        "tiv_deliveries": versions.close_rows(con, "tiv_deliveries", version, _TIV_SCOPE, {**scope, "method": method}),
        "sipri_deals": versions.close_rows(con, "sipri_deals", version, _DEAL_SCOPE,
                                           {**scope, "layout": parsed.layout}),
    }


def _new_countries(con: duckdb.DuckDBPyConnection, mapping: dict[str, tuple[str, str, str]],
                   version: int) -> pd.DataFrame:
    """Country rows for the codes the store does not name yet."""
    known = {row[0] for row in con.execute("select code from countries_at($v)", {"v": version}).fetchall()}
    rows = {code: (code, name, kind) for code, name, kind in mapping.values() if code not in known}
    return pd.DataFrame(sorted(rows.values()), columns=["code", "name", "kind"])


def _source_row(parsed: ParsedExport, release_id: str, file_name: str) -> pd.DataFrame:
    stamp = f"{parsed.data_generated.day} {parsed.data_generated:%b %Y}" if parsed.data_generated else "date unknown"
    return pd.DataFrame([{
        "source_id": release_id,
        "title": f"SIPRI Arms Transfers Database - {LAYOUT_LABELS[parsed.layout]} (Data generated {stamp})",
        "publisher": "SIPRI",
        "url": SIPRI_URL,
        "published_date": parsed.data_generated.strftime("%Y-%m-%d") if parsed.data_generated else None,
        "accessed_note": f"Loaded from {file_name}. {ATTRIBUTION}.",
    }])


def load_export(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str, *,
                author: str | None = None, dry_run: bool = False) -> LoadReport:
    """Parse a SIPRI export and load it as a new data version (all of it or nothing).

    With ``dry_run`` everything is done and counted, then rolled back: the report is
    the preview of what loading would add and replace.
    Raises SipriFormatError when the file is not a SIPRI export this app reads, and
    SipriImportError (with ``problems``: line, column, value, expected) when rows
    cannot be read; in both cases the store is unchanged.
    """
    parsed = parse_export(data)
    markup = markup_problems(data)
    if markup:
        raise SipriImportError(f"{file_name}: {len(markup)} cell(s) hold HTML, a javascript: link or a Markdown "
                               "link or image; nothing was loaded.", markup)
    if parsed.problems:
        raise SipriImportError(
            f"{file_name}: {len(parsed.problems)} row problem(s) in a {LAYOUT_LABELS[parsed.layout]}; "
            "nothing was loaded.", parsed.problems)
    checksum = versions.checksum(data)
    release_id = release_id_for(parsed, checksum)
    mapping, unmapped = map_names(parsed.names())
    frames = _frames(parsed, {name: entry[0] for name, entry in mapping.items()}, release_id)
    added: dict[str, int] = {}
    version = 0
    con.execute("begin transaction")
    try:
        version = versions.next_version(con)
        replaced = _close_covered_rows(con, parsed, frames, version)
        replaced["sipri_releases"] = versions.close_rows(con, "sipri_releases", version, "release_id = $r",
                                                         {"r": release_id})
        for table, frame in frames.items():
            added[table] = versions.insert_frame(con, table, frame, version)
        added["countries"] = versions.insert_frame(con, "countries", _new_countries(con, mapping, version), version)
        known_source = con.execute("select count(*) from sources_at($v) where source_id = $r",
                                   {"v": version, "r": release_id}).fetchone()[0]
        if not known_source:
            added["sources"] = versions.insert_frame(con, "sources", _source_row(parsed, release_id, file_name),
                                                     version)
        added["sipri_releases"] = versions.insert_frame(con, "sipri_releases", pd.DataFrame([{
            "release_id": release_id, "layout": parsed.layout, "data_generated": parsed.data_generated,
            "file_name": file_name, "all_recipients": parsed.all_recipients, "all_suppliers": parsed.all_suppliers,
            "year_from": parsed.year_from, "year_to": parsed.year_to}]).astype(
                {"year_from": "Int64", "year_to": "Int64", "all_recipients": "boolean", "all_suppliers": "boolean"}),
            version)
        # An earlier release whose rows have all been replaced is no longer current.
        replaced["sipri_releases"] += versions.close_rows(con, "sipri_releases", version, _ORPHAN_RELEASES)
        if not dry_run:  # a preview counts rows; nothing reads the derived ones before the rollback
            deal_years.refresh(con, deal_years.recipients_written(con, version))
            delivery_programmes.refresh(con, delivery_programmes.recipients_written(con, version))
        versions.record_version(
            con, version, action="upload", author=author, table_name=f"sipri:{parsed.layout}",
            file_name=file_name, checksum=checksum, rows_added=sum(added.values()),
            rows_removed=sum(replaced.values()),
            note=f"{LAYOUT_LABELS[parsed.layout]}, release {release_id}",
        )
        if dry_run:
            con.execute("rollback")
        else:
            versions.commit(con, version)
    except Exception as exc:
        versions.rollback(con)
        if message := versions.refusal(con, exc, version):
            raise versions.WriteConflict(message) from exc
        raise
    warnings = list(parsed.warnings)
    if parsed.footer:
        warnings.append(f"Ignored {len(parsed.footer)} footer line(s) after the data: "
                        + "; ".join(repr(f[:60]) for f in parsed.footer))
    return LoadReport(release_id=release_id, layout=parsed.layout, data_generated=parsed.data_generated,
                      version=version, n_data_rows=parsed.n_data_rows, rows_added=added, rows_replaced=replaced,
                      unmapped=unmapped, warnings=warnings, dry_run=dry_run,
                      joined=[str(join) for join in parsed.joined])


def markup_problems(data: bytes) -> list[Problem]:
    """Data cells of a SIPRI export holding markup, refused as in uploads (its names and notes are shown on pages).

    SIPRI's own preamble (which links its method as ``<https://...>``) is not stored and not checked.
    """
    records = split_records(decode(data))
    for at, (_line, cells) in enumerate(records[:sipri_layouts.MAX_PREAMBLE_LINES]):
        if sipri_layouts.detect_layout(cells):
            return plaintext.record_problems(records[at + 1:], cells)
    return []


def load_sipri_file(con: duckdb.DuckDBPyConnection, path: Path | str, *, author: str | None = None) -> LoadReport:
    """Load the SIPRI export at ``path``; raises like ``load_export``. The report prints as its summary."""
    return load_export(con, Path(path).read_bytes(), Path(path).name, author=author)


def detect_layout(head: str) -> str | None:
    """The SIPRI layout of a file from the text of its first lines, or None (the upload's routing hook).

    ``regional`` is returned for SIPRI's regional table so that the loader refuses it with a reason.
    """
    return sniff_layout(head.encode("utf-8"))
