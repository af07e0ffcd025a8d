"""SIPRI's export layouts: the columns each one has, and recognising a layout by its header line."""

from __future__ import annotations

from armsdash.ingest.sipri_text import SipriFormatError, decode, is_year, norm, split_records

LAYOUTS = ("trade_register", "delivery_year", "tiv_importers", "tiv_exporters")
LAYOUT_LABELS = {
    "trade_register": "SIPRI trade register (one row per deal)",
    "delivery_year": "SIPRI transfers by delivery year (one row per deal and year)",
    "tiv_importers": "SIPRI TIV of arms imports (importer table)",
    "tiv_exporters": "SIPRI TIV of arms exports (exporter table)",
}
# SIPRI's preamble is 8-11 lines; allow a little more before giving up on a header.
MAX_PREAMBLE_LINES = 40

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

# Columns of free text, where SIPRI's unquoted cells may hold a line break (sipri_join); the TIV tables have none.
FREE_TEXT = {
    "trade_register": ("designation", "description", "comments"),
    "delivery_year": ("designation", "description"),
}

IMPORTER_FIRST_CELLS = {"recipient", "recipients", "imports by", "importer", "importers", "imports to"}
EXPORTER_FIRST_CELLS = {"exports by", "supplier", "suppliers", "exporter", "exporters", "exports from"}

DEAL_COLUMNS = [
    "deal_id", "recipient", "supplier", "order_year", "order_year_is_estimate", "units_ordered",
    "units_ordered_is_estimate", "designation", "description", "category", "units_delivered",
    "units_delivered_is_estimate", "delivery_years", "first_delivery_year", "last_delivery_year",
    "deal_status", "comments", "tiv_per_unit", "tiv_total_order", "tiv_delivered", "line",
]



def free_text_positions(layout: str, header: list[str]) -> dict[int, str]:
    """Position -> header label of each free-text column of ``layout`` in ``header`` (empty for the TIV tables)."""
    labels = {"trade_register": REGISTER_COLUMNS, "delivery_year": DELIVERY_YEAR_COLUMNS}.get(layout, {})
    wanted = {norm(labels[key]): labels[key] for key in FREE_TEXT.get(layout, ())}
    return {position: wanted[norm(cell)] for position, cell in enumerate(header) if norm(cell) in wanted}


def detect_layout(header: list[str]) -> str | None:
    """Return the layout whose header this is, ``regional`` for SIPRI's regional table, or None."""
    cells = [norm(c) for c in header]
    names = set(cells)
    if {"sipri at database id", "delivery year", "tiv delivery values"} <= names:
        return "delivery_year"
    if {"recipient", "supplier", "year of order", "sipri tiv of delivered weapons"} <= names:
        return "trade_register"
    years = sum(is_year(c) for c in cells)
    if years >= 1 and cells:
        if cells[0] in IMPORTER_FIRST_CELLS:
            return "tiv_importers"
        if cells[0] in EXPORTER_FIRST_CELLS:
            return "tiv_exporters"
        if len(cells) > 2 and cells[0] == "" and cells[1] == "" and is_year(cells[2]):
            return "regional"
    return None



def sniff_layout(data: bytes) -> str | None:
    """The layout of a SIPRI export from its first lines (``regional`` included), or None if it is none."""
    try:
        records = split_records(decode(data[:20000]))
    except SipriFormatError:
        return None
    return next((layout for _line, cells in records[:MAX_PREAMBLE_LINES] if (layout := detect_layout(cells))), None)



def is_sipri_export(data: bytes) -> bool:
    """True when ``data`` is a SIPRI export: load it with ``sipri_load.load_export``, not ``uploads.check_upload``."""
    return sniff_layout(data) is not None
