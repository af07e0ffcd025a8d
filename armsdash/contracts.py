"""The CSV contract of each table users may load: columns, types, allowed values.

The store's tables (``queries/tables.sql``) and the bundled CSVs in ``data/`` follow these
contracts; uploads are validated against them. Table names used in SQL are always
taken from ``CONTRACTS``, never from user text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Marks each template's example row, so that a template uploaded unchanged is recognised and refused.
EXAMPLE_MARK = "Example row: replace it with your own rows"

STATUSES = ("delivered", "in_progress", "delayed", "stalled", "cancelled")
CATEGORIES = (
    "aircraft",
    "air defence",
    "armour",
    "artillery",
    "engines",
    "missiles",
    "naval weapons",
    "sensors",
    "ships",
    "submarines",
    "satellites",
    "small arms",
    "other",
)


@dataclass(frozen=True)
class Column:
    """One column of a table's CSV contract."""

    name: str
    type: str  # varchar | integer | double | boolean
    required: bool
    description: str
    allowed: tuple[str, ...] = ()
    example: str = ""


@dataclass(frozen=True)
class TableContract:
    """A table users may load: what it holds and the columns of its CSV."""

    table: str
    label: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        """The CSV columns, in order."""
        return [c.name for c in self.columns]

    def duckdb_columns(self) -> dict[str, str]:
        """The ``columns=`` argument of DuckDB's read_csv for this contract."""
        return {c.name: c.type.upper() for c in self.columns}


SOURCES = TableContract(
    table="sources",
    label="Sources",
    description="Publications that figures cite: one row per source.",
    key=("source_id",),
    columns=(
        Column("source_id", "varchar", True, "Short unique id cited by data rows", example="sipri_fs_2023"),
        Column("title", "varchar", True, "Title of the publication",
               example="Trends in International Arms Transfers, 2023"),
        Column("publisher", "varchar", False, "Who published it", example="SIPRI"),
        Column("url", "varchar", False, "Link to the publication", example="https://www.sipri.org/"),
        Column("published_date", "varchar", False, "YYYY, YYYY-MM or YYYY-MM-DD", example="2024-03-11"),
        Column("accessed_note", "varchar", False, "How it was read (mirror, reprint ...)", example=EXAMPLE_MARK),
    ),
)

COUNTRIES = TableContract(
    table="countries",
    label="Countries",
    description="Names of the codes used in the data.",
    key=("code",),
    columns=(
        Column("code", "varchar", True, "ISO 3166 alpha-3 (or a project code)", example="XEX"),
        Column("name", "varchar", True, "Display name", example=EXAMPLE_MARK),
        Column("kind", "varchar", True, "state, former_state, non_state or unknown",
               allowed=("state", "former_state", "non_state", "unknown"), example="state"),
    ),
)

PUBLISHED_IMPORT_SHARES = TableContract(
    table="published_import_shares",
    label="Published supplier shares",
    description="Supplier shares of a recipient's imports of major arms over a period, as a source publishes them.",
    key=("recipient_code", "supplier_code", "period_start", "period_end", "source_id"),
    columns=(
        Column("recipient_code", "varchar", True, "Recipient, ISO3", example="IND"),
        Column("supplier_code", "varchar", True, "Supplier, ISO3", example="RUS"),
        Column("period_start", "integer", True, "First year of the period", example="2019"),
        Column("period_end", "integer", True, "Last year of the period (inclusive)", example="2023"),
        Column("share_pct", "double", True, "Share of the recipient's imports, 0-100", example="36"),
        Column("source_id", "varchar", True, "Source, from the sources table", example="sipri_fs_2023_thehindu"),
        Column("note", "varchar", False, "Quote or remark", example=EXAMPLE_MARK),
    ),
)

TIV_DELIVERIES = TableContract(
    table="tiv_deliveries",
    label="SIPRI TIV by year",
    description="SIPRI trend-indicator values delivered, by recipient, supplier and year.",
    key=("recipient_code", "supplier_code", "year", "method", "release_id"),
    columns=(
        Column("recipient_code", "varchar", True, "Recipient code", example="IND"),
        Column("supplier_code", "varchar", True, "Supplier code", example="RUS"),
        Column("year", "integer", True, "Delivery year", example="2021"),
        Column("tiv_mn", "double", True, "TIV delivered, millions", example="1200.5"),
        Column("method", "varchar", True, "How the yearly value was obtained",
               allowed=("delivery_year", "register_even_split"), example="delivery_year"),
        Column("release_id", "varchar", True, "Source id of the SIPRI export", example="sipri_atdb_2025_01"),
    ),
)

INVENTORY_ORIGIN = TableContract(
    table="inventory_origin",
    label="Inventory by origin",
    description="Estimates of the share (or number) of a country's equipment by country of origin.",
    key=("recipient_code", "service_or_category", "origin_label", "as_of_year", "source_id"),
    columns=(
        Column("recipient_code", "varchar", True, "Country whose inventory it is, ISO3", example="IND"),
        Column("service_or_category", "varchar", True, "Service or equipment category", example="all services"),
        Column("origin_label", "varchar", True, "Origin as the source words it", example="Russia"),
        Column("origin_code", "varchar", False, "Origin, ISO3", example="RUS"),
        Column("share_pct", "double", False, "Share of the inventory, 0-100", example="36"),
        Column("units", "double", False, "Number of items, where given", example=""),
        Column("as_of_year", "integer", False, "Year the estimate describes", example="2025"),
        Column("is_estimate", "boolean", True, "true when the figure is an estimate", example="true"),
        Column("source_id", "varchar", True, "Source, from the sources table", example="espreso_2025_12_10"),
        Column("note", "varchar", False, "Quote or remark", example=EXAMPLE_MARK),
    ),
)

DELIVERY_RECORDS = TableContract(
    table="delivery_records",
    label="Delivery records",
    description="Contracted programmes and what sources say about their delivery: one row per programme and source.",
    key=("programme_id", "source_id"),
    columns=(
        Column("programme_id", "varchar", True, "Groups the rows of several sources about one programme",
               example="ind-rus-s400"),
        Column("recipient_code", "varchar", True, "Recipient, ISO3", example="IND"),
        Column("supplier_code", "varchar", True, "Supplier, ISO3", example="RUS"),
        Column("system", "varchar", True, "Weapon system", example="S-400 Triumf (5 squadrons)"),
        Column("category", "varchar", True, "Equipment category", allowed=CATEGORIES, example="air defence"),
        Column("contract_year", "integer", False, "Year of the contract", example="2018"),
        Column("contract_value_usd_mn", "double", False, "Contract value, USD millions", example="5430"),
        Column("units_ordered", "integer", False, "Units ordered", example="5"),
        Column("units_delivered", "integer", False, "Units delivered so far", example="3"),
        Column("promised_delivery", "varchar", False, "Promised date: YYYY, YYYY-MM, YYYY-MM-DD or YYYY-YYYY",
               example="2023"),
        Column("actual_or_expected_delivery", "varchar", False, "Actual or expected date, same forms",
               example="2026-2027"),
        Column("status", "varchar", True, "Delivery status", allowed=STATUSES, example="delayed"),
        Column("source_id", "varchar", True, "Source, from the sources table", example="s400_trt_2025"),
        Column("note", "varchar", False, "Quote or remark", example=EXAMPLE_MARK),
    ),
)

DESIGNATION_KINDS = ("blocking sanction", "secondary-sanctions list", "export restriction")
EVENT_KINDS = ("sanctions", "contract", "delivery", "war", "policy")

ENTITIES = TableContract(
    table="entities",
    label="Makers and exporters",
    description="Makers, exporters and joint ventures, with their parent (Sukhoi -> UAC -> Rostec).",
    key=("entity_id",),
    columns=(
        Column("entity_id", "varchar", True, "Short unique id cited by designations and systems", example="sukhoi"),
        Column("name", "varchar", True, "Name", example="Sukhoi Company"),
        Column("aliases", "varchar", False, "Other names, separated by ;", example="PJSC Sukhoi;Sukhoi Aviation JSC"),
        Column("country_code", "varchar", True, "Country, ISO3", example="RUS"),
        Column("parent_entity_id", "varchar", False, "The entity that owns or controls it (its entity_id)",
               example="uac"),
        Column("source_id", "varchar", True, "Source, from the sources table", example="militaryleak_uac_2021_03"),
        Column("note", "varchar", False, "Quote or remark", example=""),
    ),
)

DESIGNATIONS = TableContract(
    table="designations",
    label="Sanctions and list designations",
    description="An entity on a sanctions or restriction list: who listed it, under which programme, from when.",
    key=("entity_id", "authority", "programme", "listed_on"),
    columns=(
        Column("entity_id", "varchar", True, "The listed entity (its entity_id)", example="sukhoi"),
        Column("authority", "varchar", True, "Who listed it: US, EU, GB, UN ...", example="US"),
        Column("programme", "varchar", True, "Programme or list", example="CAATSA 231 list"),
        Column("listed_on", "varchar", True, "Date listed: YYYY, YYYY-MM or YYYY-MM-DD", example="2017-10-27"),
        Column("delisted_on", "varchar", False, "Date delisted, same forms; empty while listed", example=""),
        Column("kind", "varchar", True, "What the listing does", allowed=DESIGNATION_KINDS,
               example="secondary-sanctions list"),
        Column("listed_name", "varchar", False, "The name as the list gives it", example="Sukhoi Aviation JSC"),
        Column("source_id", "varchar", True, "Source, from the sources table", example="lexology_caatsa_2017"),
        Column("note", "varchar", False, "Quote or remark", example=""),
    ),
)

SYSTEMS = TableContract(
    table="systems",
    label="Systems in service",
    description=("A weapon system a recipient fields or has on order: the SIPRI designations it covers, its maker, "
                 "its licence producer and counts. Several rows for one system where sources give other counts."),
    key=("recipient_code", "system", "count_source_id", "count_year"),
    columns=(
        Column("recipient_code", "varchar", True, "Country that fields it, ISO3", example="IND"),
        Column("system", "varchar", True, "System", example="Su-30MKI"),
        Column("sipri_designations", "varchar", False, "SIPRI register designations it covers, separated by ;",
               example="Su-30MK;Su-30K"),
        Column("category", "varchar", False, "Type of system, as the source words it", example="multirole fighter"),
        Column("maker_entity_id", "varchar", True, "Maker (its entity_id)", example="sukhoi"),
        Column("licence_producer_entity_id", "varchar", False, "Licence producer in the recipient (its entity_id)",
               example="hal"),
        Column("in_service_count", "integer", False, "Number in service", example="260"),
        Column("count_year", "integer", False, "Year of the count", example="2021"),
        Column("source_id", "varchar", True, "Source of the SIPRI designations", example="sipri_atdb_2026_05"),
        Column("maker_source_id", "varchar", False, "Source naming the maker", example="smetimes_su30_2024_12_13"),
        Column("count_source_id", "varchar", False, "Source of the count", example="idn_su30_2021_02"),
        Column("note", "varchar", False, "Quote or remark", example=EXAMPLE_MARK),
    ),
)

LICENCE_PRODUCTION = TableContract(
    table="licence_production",
    label="Licence production (published figures)",
    description="Published figures on licence or kit production and local content of a system.",
    key=("system", "producer_entity_id", "figure", "source_id"),
    columns=(
        Column("system", "varchar", True, "System", example="Su-30MKI"),
        Column("producer_entity_id", "varchar", True, "Producer the figure is about (its entity_id)", example="hal"),
        Column("figure", "varchar", True, "What is counted, as the source says",
               example="aircraft in HAL Nasik licence-production contract"),
        Column("value", "double", True, "The figure", example="222"),
        Column("unit", "varchar", True, "Its unit", example="aircraft"),
        Column("year", "integer", False, "Year the figure refers to", example="2019"),
        Column("source_id", "varchar", True, "Source, from the sources table", example="idn_su30_2019_02"),
        Column("note", "varchar", False, "Quote or remark", example=EXAMPLE_MARK),
    ),
)

EVENTS = TableContract(
    table="events",
    label="Events",
    description="Dated events shown on timelines: contracts, deliveries, sanctions, wars, policy.",
    key=("event_date", "label"),
    columns=(
        Column("event_date", "varchar", True, "Date: YYYY, YYYY-MM or YYYY-MM-DD", example="2018-10-05"),
        Column("label", "varchar", True, "What happened, in a few words", example="India signs S-400 contract"),
        Column("kind", "varchar", True, "Kind of event", allowed=EVENT_KINDS, example="contract"),
        Column("recipient_code", "varchar", False, "Country it concerns, ISO3; empty = every country",
               example="IND"),
        Column("source_id", "varchar", True, "Source, from the sources table", example="ndtv_s400_2018_10_05"),
        Column("note", "varchar", False, "Quote or remark", example=EXAMPLE_MARK),
    ),
)

CONTRACTS: dict[str, TableContract] = {
    c.table: c
    for c in (SOURCES, COUNTRIES, PUBLISHED_IMPORT_SHARES, TIV_DELIVERIES, INVENTORY_ORIGIN, DELIVERY_RECORDS,
              ENTITIES, DESIGNATIONS, SYSTEMS, LICENCE_PRODUCTION, EVENTS)
}
# Columns that name an entity (entity_id of the entities table), by table: checked on upload.
ENTITY_REFERENCES = {
    "entities": ("parent_entity_id",),
    "designations": ("entity_id",),
    "systems": ("maker_entity_id", "licence_producer_entity_id"),
    "licence_production": ("producer_entity_id",),
}

SERVICE_LIFE = TableContract(
    table="service_life",
    label="Service life by category",
    description=("Assumed years in service after delivery, by equipment category: "
                 "the setting of the arsenal estimate from deliveries."),
    key=("category", "priority"),
    columns=(
        Column("category", "varchar", True, "Equipment category", example="aircraft"),
        Column("sipri_category", "varchar", False, "SIPRI armament category that maps to it", example="Aircraft"),
        Column("description_pattern", "varchar", False,
               "Regular expression matched against the lower-case weapon description", example="aircraft|helicopter"),
        Column("priority", "integer", True, "Patterns are tried in this order, lowest first", example="60"),
        Column("service_life_years", "integer", True, "Years in service after delivery", example="35"),
        Column("note", "varchar", False, "The assumption, in words",
               example=f"{EXAMPLE_MARK}. Aircraft serve about 35 years."),
    ),
)
CONTRACTS[SERVICE_LIFE.table] = SERVICE_LIFE

# Tables only the SIPRI import writes (users load SIPRI's own exports, not these CSVs).
SIPRI_RELEASES = TableContract(
    table="sipri_releases",
    label="SIPRI releases",
    description="Each SIPRI export loaded: its layout and 'Data generated' stamp.",
    key=("release_id",),
    columns=(
        Column("release_id", "varchar", True, "Id of the export, also a source_id",
               example="sipri_delivery_year_2025-01-03T211602"),
        Column("layout", "varchar", True, "Export layout",
               allowed=("trade_register", "delivery_year", "tiv_importers", "tiv_exporters")),
        Column("data_generated", "timestamp", False, "The export's 'Data generated' line"),
        Column("file_name", "varchar", False, "File name as loaded"),
        Column("all_recipients", "boolean", False, "The export covers all recipients"),
        Column("all_suppliers", "boolean", False, "The export covers all suppliers"),
        Column("year_from", "integer", False, "First year of the export's range; empty = not specified"),
        Column("year_to", "integer", False, "Last year of the export's range; empty = not specified"),
    ),
)

SIPRI_DEALS = TableContract(
    table="sipri_deals",
    label="SIPRI deals",
    description="One row per deal of a SIPRI export.",
    key=("deal_id", "release_id"),
    columns=tuple(
        Column(name, kind, name in ("deal_id", "recipient_code", "supplier_code", "release_id"), "")
        for name, kind in (
            ("deal_id", "varchar"), ("recipient_code", "varchar"), ("supplier_code", "varchar"),
            ("order_year", "integer"), ("order_year_is_estimate", "boolean"), ("units_ordered", "integer"),
            ("units_ordered_is_estimate", "boolean"), ("designation", "varchar"), ("description", "varchar"),
            ("category", "varchar"), ("units_delivered", "integer"), ("units_delivered_is_estimate", "boolean"),
            ("delivery_years", "varchar"), ("first_delivery_year", "integer"), ("last_delivery_year", "integer"),
            ("deal_status", "varchar"), ("comments", "varchar"), ("tiv_per_unit", "double"),
            ("tiv_total_order", "double"), ("tiv_delivered", "double"), ("release_id", "varchar"),
        )
    ),
)

TIV_TOTALS = TableContract(
    table="tiv_totals",
    label="SIPRI TIV totals",
    description="TIV of a country's imports or exports per year, from SIPRI's importer/exporter tables.",
    key=("country_code", "direction", "year", "release_id"),
    columns=(
        Column("country_code", "varchar", True, "Country code", example="IND"),
        Column("direction", "varchar", True, "imports or exports", allowed=("imports", "exports")),
        Column("year", "integer", True, "Year", example="2023"),
        Column("tiv_mn", "double", True, "TIV, millions", example="1428"),
        Column("release_id", "varchar", True, "Source id of the SIPRI export"),
    ),
)

SIPRI_TABLES: dict[str, TableContract] = {c.table: c for c in (SIPRI_RELEASES, SIPRI_DEALS, TIV_TOTALS)}

# Every versioned table the write primitives (and undo) may touch.
VERSIONED_TABLES: dict[str, TableContract] = {**CONTRACTS, **SIPRI_TABLES}
