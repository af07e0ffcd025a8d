"""Which table an upload is for, recognised from its header.

Each table's own contract is a layout; so are the reference layouts staff already
keep their records in (``../shared/reference/``), which name countries differently
and may lack derived columns. A layout renames the file's columns to the
contract's, says which file columns it reads but does not store, and which
contract columns are derived after validation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from armsdash.contracts import CONTRACTS


@dataclass(frozen=True)
class Layout:
    """One accepted CSV layout of a table."""

    name: str
    table: str
    renames: dict[str, str] = field(default_factory=dict)  # file column -> contract column
    ignored: tuple[str, ...] = ()  # file columns accepted and not stored
    derived: tuple[str, ...] = ()  # contract columns computed from the others

    def file_column(self, contract_column: str) -> str:
        """The name the file gives a contract column (for messages)."""
        for file_name, target in self.renames.items():
            if target == contract_column:
                return file_name
        return contract_column

    def expected_columns(self) -> list[str]:
        """The file columns this layout reads, in contract order, then the ignored ones."""
        contract = CONTRACTS[self.table]
        names = [self.file_column(c) for c in contract.column_names if c not in self.derived]
        return names + list(self.ignored)

    def required_columns(self) -> list[str]:
        """The file columns that must be present."""
        contract = CONTRACTS[self.table]
        return [self.file_column(c.name) for c in contract.columns if c.required and c.name not in self.derived]


NATIVE = {table: Layout(name=table, table=table) for table in CONTRACTS}

REFERENCE = (
    Layout(
        name="delivery_records (reference layout: recipient_iso3, supplier_iso3)",
        table="delivery_records",
        renames={"recipient_iso3": "recipient_code", "supplier_iso3": "supplier_code"},
        derived=("programme_id",),
    ),
    Layout(
        name="published_import_shares (reference layout: recipient_iso3, recipient, supplier)",
        table="published_import_shares",
        renames={"recipient_iso3": "recipient_code", "supplier": "supplier_code"},
        ignored=("recipient",),
    ),
    Layout(
        name="inventory_origin (reference layout: recipient_iso3, origin)",
        table="inventory_origin",
        renames={"recipient_iso3": "recipient_code", "origin": "origin_label"},
        derived=("origin_code",),
    ),
)

LAYOUTS: tuple[Layout, ...] = tuple(NATIVE.values()) + REFERENCE


def normalise_header(header: list[str]) -> list[str]:
    """Column names compared case-insensitively, spaces as underscores (``Source ID`` -> ``source_id``)."""
    return ["_".join(str(h).strip().lower().split()) for h in header]


def detect(header: list[str], table: str | None = None) -> Layout | None:
    """Return the layout that fits ``header`` best, or None when none has its required columns.

    With ``table`` given, the best layout of that table is returned even when columns
    are missing (the validator then lists them).
    """
    names = set(normalise_header(header))
    candidates = [lay for lay in LAYOUTS if table is None or lay.table == table]

    def score(layout: Layout) -> tuple[int, int, int]:
        expected = set(layout.expected_columns())
        fits = int(set(layout.required_columns()) <= names)
        return fits, len(expected & names), -len(names - expected)

    ranked = sorted(candidates, key=score, reverse=True)
    if not ranked:
        return None
    best = ranked[0]
    fits, overlap, _extra = score(best)
    # A file missing a required column is still recognised when most of its header
    # matches one layout, so that the missing column is what the user is told.
    if table is None and not fits and overlap < max(2, len(best.expected_columns()) // 2 + 1):
        return None
    return best
