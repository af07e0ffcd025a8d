"""Sanctions lists as their publishers export them: OpenSanctions' ``targets.simple.csv`` and OFAC's legacy ``sdn.csv``.

Each is recognised by its shape, like the SIPRI exports, and read as it is (no editing):

- **OpenSanctions** ``targets.simple.csv``: a header ``id,schema,name,aliases,birth_date,countries,addresses,
  identifiers,sanctions,phones,emails,dataset,first_seen,last_seen,last_change`` (older files lack ``last_change``;
  columns are read by name); every field quoted; multi-valued cells joined with ``;``; each sanction is
  ``program - reason - status - startDate - endDate`` with empty parts left out; ``dataset`` holds titles.
- **OFAC** ``sdn.csv``: no header; 12 fields ``ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type,
  Tonnage, GRT, Vess_flag, Vess_owner, Remarks``; ``-0-`` is empty; programmes joined as ``A] [B``; aliases as
  ``a.k.a. 'NAME'`` in Remarks; a last line holding only Ctrl-Z.

Only organisations can make weapons: people, vessels and aircraft are read and counted as not relevant. Nothing
here touches the store: ``read_list`` returns the list's entries (``sanctions_match`` matches and writes them).
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from armsdash.ingest import readcsv

OPENSANCTIONS_COLUMNS = ("id", "schema", "name", "aliases", "birth_date", "countries", "addresses", "identifiers",
                         "sanctions", "phones", "emails", "dataset", "first_seen", "last_seen", "last_change")
OPENSANCTIONS_REQUIRED = ("id", "schema", "name", "aliases", "countries", "sanctions", "dataset", "first_seen",
                          "last_seen")
SDN_COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type", "Tonnage", "GRT",
               "Vess_flag", "Vess_owner", "Remarks")
ORGANISATION_SCHEMAS = {"company", "organization", "legalentity", "publicbody"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_AKA = re.compile(r"\b[af]\.k\.a\.,? '([^']+)'", re.IGNORECASE)
_SDN_EMPTY = "-0-"
AUTHORITY_WORDS = {"us": "US", "eu": "EU", "uk": "GB", "gb": "GB", "un": "UN", "canadian": "CA", "swiss": "CH",
                   "japan": "JP", "australian": "AU", "ukraine": "UA", "french": "FR", "new zealand": "NZ"}
Progress = Callable[[float, str], None]


class SanctionsListError(ValueError):
    """The file looks like a sanctions list but cannot be read; ``problems`` are (line, column, value, expected)."""

    def __init__(self, message: str, problems: list[tuple[int, str, str, str]]):
        super().__init__(message)
        self.problems = problems


@dataclass(frozen=True)
class Listing:
    """One listing as the list states it (a designation not yet matched to an entity)."""

    authority: str
    programme: str
    listed_on: str
    delisted_on: str | None
    kind: str


@dataclass
class ListEntry:
    """One organisation on the list, with the names it is listed under and its listings."""

    line: int
    list_id: str
    name: str
    aliases: list[str]
    countries: str
    listings: list[Listing] = field(default_factory=list)


@dataclass
class ListFile:
    """A sanctions list read from a file: its layout, its own date, and its organisations."""

    layout: str  # opensanctions | ofac_sdn
    list_date: str  # YYYY-MM-DD: OpenSanctions' latest last_change (or last_seen), or the date given for sdn.csv
    rows: int
    entries: list[ListEntry]

    @property
    def not_relevant(self) -> int:
        """Rows that are not organisations (people, vessels, aircraft ...)."""
        return self.rows - len(self.entries)

    @property
    def publisher(self) -> str:
        """Who publishes the list."""
        return "OpenSanctions" if self.layout == "opensanctions" else "US Treasury, OFAC"

    @property
    def release_id(self) -> str:
        """The source id the loaded list is recorded under (its layout and date)."""
        return f"{self.layout}_{self.list_date}"


def _lines(data: bytes) -> list[str]:
    text, _encoding = readcsv.decode(data)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def recognise(data: bytes) -> str | None:
    """``opensanctions``, ``ofac_sdn`` or None, from the file's first lines."""
    head = data[:65536].decode("utf-8-sig", errors="replace")
    lines = [line for line in head.replace("\r\n", "\n").split("\n")[:6] if line.strip()]
    if not lines:
        return None
    header = {h.strip().lower() for h in next(csv.reader([lines[0]]), [])}
    if {"id", "schema", "name"} <= header and len(header & set(OPENSANCTIONS_COLUMNS)) >= 6:
        return "opensanctions"
    records = [next(csv.reader([line]), []) for line in lines[:5] if line.strip() != "\x1a"]
    shaped = sum(bool(r) and r[0].strip().isdigit() and len(r) == len(SDN_COLUMNS) for r in records)
    if records and _SDN_EMPTY in head and shaped > len(records) / 2:  # most first lines: a number and 12 fields
        return "ofac_sdn"
    return None


@functools.lru_cache(maxsize=4096)
def authority_of(dataset: str) -> str:
    """The authority of an OpenSanctions dataset title ('US OFAC ...' -> US, 'UK HMT ...' -> GB)."""
    lowered = dataset.strip().lower()
    for words, code in AUTHORITY_WORDS.items():
        if lowered == words or lowered.startswith(words + " "):
            return code
    return dataset.strip().split(" ")[0] if dataset.strip() else "unknown"


@functools.lru_cache(maxsize=4096)
def kind_of(*texts: str) -> str:
    """The kind of a listing from its dataset and programme: a secondary-sanctions list, an export restriction
    (entity and end-user lists) or, for everything else on a sanctions list, a blocking sanction."""
    said = " ".join(texts).lower()
    if "specified persons" in said or "caatsa 231 list" in said:
        return "secondary-sanctions list"
    if any(word in said for word in ("entity list", "end-user", "end user", "export control", "dual-use")):
        return "export restriction"
    return "blocking sanction"


def _split(cell: str) -> list[str]:
    """A multi-valued OpenSanctions cell: values joined with ';' (a value holding ';' is quoted in the cell)."""
    if not cell:
        return []
    values = cell.split(";") if '"' not in cell else next(csv.reader([cell], delimiter=";"))
    return [v.strip() for v in values if v.strip()]


def _day(text: str) -> str | None:
    """The YYYY-MM-DD a timestamp starts with, or None."""
    day = text[:10]
    if len(day) == 10 and day[4] == "-" and day[7] == "-" and (day[:4] + day[5:7] + day[8:]).isdigit():
        return day
    return None


def _opensanctions_listings(row: dict[str, str], line: int) -> list[Listing]:
    datasets = _split(row.get("dataset", ""))
    first_seen = _day(row.get("first_seen", ""))
    if first_seen is None:
        raise SanctionsListError(f"line {line}: first_seen is not a date", [
            (line, "first_seen", row.get("first_seen", ""), "a date YYYY-MM-DD (the day OpenSanctions first saw it)")])
    if len(datasets) != 1:  # which dataset each sanction belongs to is not said: one listing per dataset
        return [Listing(authority_of(d), d, first_seen, None, kind_of(d)) for d in datasets]
    found = []
    for sanction in _split(row.get("sanctions", "")):
        parts = [p.strip() for p in sanction.split(" - ") if p.strip()]
        dates = [p for p in parts if _DATE.match(p)]
        programme = parts[0] if parts and not _DATE.match(parts[0]) else datasets[0]
        found.append(Listing(authority_of(datasets[0]), programme, dates[0] if dates else first_seen,
                             dates[1] if len(dates) > 1 else None, kind_of(datasets[0], programme)))
    return found or [Listing(authority_of(datasets[0]), datasets[0], first_seen, None, kind_of(datasets[0]))]


def _read_opensanctions(data: bytes, progress: Progress) -> ListFile:
    text, _encoding = readcsv.decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in OPENSANCTIONS_REQUIRED if c not in header]
    if missing:
        raise SanctionsListError(
            f"line 1: the OpenSanctions header lacks {', '.join(missing)}",
            [(1, name, "", "a column named " + repr(name) + " (OpenSanctions targets.simple.csv: "
              + ", ".join(OPENSANCTIONS_COLUMNS) + ")") for name in missing])
    at = {name: header.index(name) for name in OPENSANCTIONS_REQUIRED}
    dated = [header.index(c) for c in ("last_change", "last_seen") if c in header]
    entries, rows, latest = [], 0, ""
    for fields in reader:
        if not fields:
            continue
        rows += 1
        line = reader.line_num
        if len(fields) != len(header):
            raise SanctionsListError(f"line {line}: {len(fields)} fields, the header has {len(header)}", [
                (line, "", ",".join(fields)[:100], f"{len(header)} fields, as many as the header")])
        for i in dated:  # ISO timestamps sort as text: the latest is checked as a date once, at the end
            if fields[i][:1].isdigit():
                if fields[i] > latest:
                    latest = fields[i]
                break
        if rows % 20_000 == 0:
            progress(min(0.9, rows / 200_000), f"Read {rows:,} rows")
        if fields[at["schema"]].strip().lower() not in ORGANISATION_SCHEMAS:
            continue
        row = {name: fields[i] for name, i in at.items()}
        entries.append(ListEntry(line, row["id"], row["name"].strip(), _split(row["aliases"]), row["countries"],
                                 _opensanctions_listings(row, line)))
    if _day(latest) is None:
        raise SanctionsListError("no row has a last_change or last_seen date, so the list has no date", [
            (2, "last_change", latest[:100], "a date YYYY-MM-DD in last_change or last_seen")])
    return ListFile("opensanctions", _day(latest), rows, entries)


def _sdn_cell(value: str) -> str:
    value = value.strip()
    return "" if value == _SDN_EMPTY else value


def _read_sdn(data: bytes, list_date: str, progress: Progress) -> ListFile:
    entries, rows = [], 0
    reader = csv.reader(_lines(data))
    for fields in reader:
        line = reader.line_num
        if not fields or fields == ["\x1a"] or (len(fields) == 1 and not fields[0].strip()):
            continue
        rows += 1
        if len(fields) != len(SDN_COLUMNS):
            raise SanctionsListError(f"line {line}: {len(fields)} fields, expected {len(SDN_COLUMNS)}", [
                (line, "", ",".join(fields)[:100], f"{len(SDN_COLUMNS)} fields: {', '.join(SDN_COLUMNS)}")])
        if not fields[0].strip().isdigit():
            raise SanctionsListError(f"line {line}: ent_num is not a number", [
                (line, "ent_num", fields[0][:100], "a whole number (OFAC's entry number)")])
        if rows % 20_000 == 0:
            progress(min(0.9, rows / 200_000), f"Read {rows:,} rows")
        if _sdn_cell(fields[2]):  # individual, vessel, aircraft; entities have none
            continue
        programmes = [p.strip(" []") for p in _sdn_cell(fields[3]).split("] [") if p.strip(" []")]
        remarks = _sdn_cell(fields[11])
        entries.append(ListEntry(line, fields[0].strip(), _sdn_cell(fields[1]), _AKA.findall(remarks), "",
                                 [Listing("US", p, list_date, None, kind_of("OFAC SDN", p)) for p in programmes]))
    return ListFile("ofac_sdn", list_date, rows, entries)


def read_list(data: bytes, *, list_date: datetime.date | None = None, progress: Progress | None = None) -> ListFile:
    """Read a recognised sanctions list; SanctionsListError (with the line and column) when it cannot be read.

    ``list_date`` is the date of an ``sdn.csv`` (the file does not carry one; default today); an OpenSanctions
    file's own date is its latest ``last_change`` (or ``last_seen`` in older files).
    """
    progress = progress or (lambda fraction, text: None)
    layout = recognise(data)
    try:
        if layout == "opensanctions":
            found = _read_opensanctions(data, progress)
        elif layout == "ofac_sdn":
            found = _read_sdn(data, (list_date or datetime.date.today()).isoformat(), progress)
        else:
            raise SanctionsListError("not an OpenSanctions targets.simple.csv or an OFAC sdn.csv", [
                (1, "", "", "the header of targets.simple.csv, or sdn.csv's 12 fields without a header")])
    except csv.Error as exc:
        raise SanctionsListError(f"the file cannot be read as CSV: {exc}", [(1, "", "", "a CSV file")]) from exc
    except readcsv.ReadError as exc:
        raise SanctionsListError(str(exc), [(1, "", "", "a text file")]) from exc
    progress(0.95, f"Read {found.rows:,} rows: {len(found.entries):,} organisations")
    return found
