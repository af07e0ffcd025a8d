-- The store's tables, created idempotently (every statement may run again).
--
-- Every data table is versioned: a row is visible in data version v when
-- version_added <= v and (version_removed is null or version_removed > v).
-- Uploads and undo only ever add rows or close them, so any earlier version
-- can be shown again (pinned links) and restored (undo). Queries read a version
-- through the table macro <table>_at(v), which armsdash/db.py creates for every
-- table that has these two columns.

-- The digest of this file (and of the version macro) that the store was last brought to; opening a
-- store whose digest matches skips the migration (armsdash/db.py, migrate).
create table if not exists store_schema (
    schema_sha256 varchar not null
);

create table if not exists data_versions (
    version integer primary key,
    created_at timestamp not null,
    author varchar,
    action varchar not null,          -- build | upload | undo
    table_name varchar,
    file_name varchar,
    checksum varchar,                 -- sha256 of the uploaded file
    rows_added integer not null default 0,
    rows_changed integer not null default 0,
    rows_removed integer not null default 0,
    note varchar
);

create table if not exists sources (
    source_id varchar not null,
    title varchar not null,
    publisher varchar,
    url varchar,
    published_date varchar,           -- YYYY, YYYY-MM or YYYY-MM-DD, as the source gives it
    accessed_note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists countries (
    code varchar not null,            -- ISO 3166-1 alpha-3; ISO 3166-3 for former states (SUN, CSK, ...)
    name varchar not null,
    kind varchar not null,            -- state | former_state | non_state | unknown
    version_added integer not null,
    version_removed integer
);

create table if not exists published_import_shares (
    recipient_code varchar not null,
    supplier_code varchar not null,
    period_start integer not null,
    period_end integer not null,
    share_pct double not null,        -- 0-100, % of the recipient's TIV of imports in the period
    source_id varchar not null,
    note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists tiv_deliveries (
    recipient_code varchar not null,
    supplier_code varchar not null,
    year integer not null,
    tiv_mn double not null,           -- SIPRI trend-indicator value delivered that year, millions
    method varchar not null,          -- delivery_year (SIPRI's own split) | register_even_split (approximation)
    release_id varchar not null,      -- the SIPRI export it came from (see sources)
    version_added integer not null,
    version_removed integer
);

create table if not exists inventory_origin (
    recipient_code varchar not null,
    service_or_category varchar not null,
    origin_label varchar not null,    -- as the source words it, e.g. 'Russia/Soviet Union'
    origin_code varchar,
    share_pct double,                 -- 0-100 of the inventory, where the source gives a share
    units double,                     -- where the source gives a count
    as_of_year integer,
    is_estimate boolean not null,
    source_id varchar not null,
    note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists delivery_records (
    programme_id varchar not null,    -- groups the claims of several sources about one programme
    recipient_code varchar not null,
    supplier_code varchar not null,
    system varchar not null,
    category varchar not null,
    contract_year integer,
    contract_value_usd_mn double,
    units_ordered integer,
    units_delivered integer,
    promised_delivery varchar,        -- partial dates allowed: YYYY, YYYY-MM, YYYY-MM-DD, YYYY-YYYY
    actual_or_expected_delivery varchar,
    status varchar not null,          -- delivered | in_progress | delayed | stalled | cancelled
    source_id varchar not null,
    note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists sipri_releases (
    release_id varchar not null,      -- also a source_id in sources, for attribution
    layout varchar not null,          -- trade_register | delivery_year | tiv_importers | tiv_exporters
    data_generated timestamp,         -- the export's "Data generated" line
    file_name varchar,
    all_recipients boolean,           -- the export says "to All countries" (else: the recipients in it)
    all_suppliers boolean,            -- the export says "from All countries" (else: the suppliers in it)
    year_from integer,                -- the export's year range; null = not specified
    year_to integer,
    version_added integer not null,
    version_removed integer
);

create table if not exists sipri_deals (
    deal_id varchar not null,         -- SIPRI AT Database ID where the export has one, else a stable hash
    recipient_code varchar not null,
    supplier_code varchar not null,
    order_year integer,
    order_year_is_estimate boolean,
    units_ordered integer,
    units_ordered_is_estimate boolean,
    designation varchar,
    description varchar,
    category varchar,                 -- SIPRI armament category where the export gives it
    units_delivered integer,
    units_delivered_is_estimate boolean,
    delivery_years varchar,           -- '2017; 2019' as the register lists them
    first_delivery_year integer,
    last_delivery_year integer,
    deal_status varchar,              -- New | Second hand | Second hand but modernized
    comments varchar,
    tiv_per_unit double,
    tiv_total_order double,
    tiv_delivered double,
    release_id varchar not null,
    version_added integer not null,
    version_removed integer
);

-- Derived from sipri_deals, never edited (armsdash/deal_years.py writes it whenever sipri_deals
-- changes, with sipri_deal_years_derived below): each deal's delivered units and TIV spread evenly
-- over its listed delivery years (every year from the first to the last where none are listed),
-- summed over deals alike. Rows keep the version columns of their deals, so any version sees
-- exactly the rows of the deals it sees. The arsenal estimate reads it: at 10M synthetic deals,
-- India's 1.6M deals are 131k rows here. A deal with no delivery year is one row with year null
-- (it still says which suppliers a trade register covers).
create table if not exists sipri_deal_years (
    recipient_code varchar not null,
    supplier_code varchar not null,
    category varchar,
    description varchar,
    release_id varchar not null,
    year integer,                     -- a listed delivery year
    next_gap integer,                 -- years to the deal's next listed delivery year (0: listed twice; null: its last)
    units double not null,            -- units delivered that year: each deal's units / its number of listed years
    tiv_mn double not null,           -- likewise its TIV delivered
    n_deals integer not null,         -- deals (each with this year and gap) summed into the row
    version_added integer not null,
    version_removed integer
);

-- Derived from delivery_records and sources, never edited (armsdash/store/delivery_programmes.py writes it
-- whenever either changes, with delivery_programmes_derived in queries/macros): one row per programme and
-- stretch of data versions over which its claims and their sources stay the same, holding everything about
-- it that does not depend on the day (the claim its figures come from, its original promise, latest expected
-- date, who says what). programme_delays_at adds what does (delay, late now) per query, so a page reads one
-- recipient's rows (stored ordered by recipient: DuckDB's zone maps skip the others) instead of parsing
-- every claim of every recipient.
create table if not exists delivery_programmes (
    recipient_code varchar not null,
    programme_id varchar not null,
    supplier_code varchar not null,   -- this and the columns to note: the chosen claim (claim_rank 1)
    system varchar not null,
    category varchar not null,
    contract_year integer,
    contract_value_usd_mn double,
    units_ordered integer,
    units_delivered integer,
    promised_delivery varchar,
    actual_or_expected_delivery varchar,
    status varchar not null,
    source_id varchar not null,
    note varchar,
    source_title varchar,
    source_publisher varchar,
    source_url varchar,
    source_date varchar,
    promised_month date,              -- the chosen claim's promise, read (delivery_month_last)
    stated_month date,                -- its actual or expected date, read
    original_month date,              -- the earliest promised month any claim gives
    original_latest_month date,       -- the latest promise a source gives for the contract as signed
    original_promise varchar,         -- the text of the earliest promise
    expected_month date,              -- the latest expected date (see programme_delays_at)
    n_claims integer not null,
    promised_claims varchar,          -- who promised what: '2023 (Shafaq News) / 2024 (TRT Global)'
    stated_claims varchar,
    all_source_ids varchar,
    claims_list struct(
        source_id varchar, source_title varchar, source_publisher varchar, source_url varchar,
        source_date varchar, promised varchar, promised_by date, is_used boolean
    )[],                              -- every claim, for the timeline's other promised dates and the sources
    version_added integer not null,
    version_removed integer
);

-- Settings for the arsenal estimate from deliveries: how long a delivered weapon stays in
-- service, by equipment category (bundled as data/service_life.csv; editable).
create table if not exists service_life (
    category varchar not null,        -- the dashboard's equipment category
    sipri_category varchar,           -- SIPRI's armament category (delivery-year export) that maps to it
    description_pattern varchar,      -- regular expression on the register's weapon description, lower case
    priority integer not null,        -- descriptions are matched against patterns in this order, lowest first
    service_life_years integer not null,
    note varchar,                     -- the assumption, in words
    version_added integer not null,
    version_removed integer
);

-- TIV totals per country and year, from SIPRI's importer/exporter tables. They have no
-- supplier breakdown, so they never enter shares; they let a page check its totals.
create table if not exists tiv_totals (
    country_code varchar not null,
    direction varchar not null,       -- imports | exports
    year integer not null,
    tiv_mn double not null,
    release_id varchar not null,
    version_added integer not null,
    version_removed integer
);

-- Suppliers counted as one when a chart combines them (combine_russia = 1): SIPRI lists the Soviet Union
-- (SUN, to 1991) apart from Russia (RUS), and a recipient's Soviet-era arsenal is Russia's to support.
-- Seeded here, not versioned: metrics and macros read the rule from this table, never as literals.
create table if not exists supplier_groups (
    group_code varchar not null,      -- the code the combined supplier takes
    group_name varchar not null,      -- the name it is shown with
    member_code varchar not null primary key
);

insert or ignore into supplier_groups values
    ('RUS', 'Russia (incl. Soviet Union)', 'RUS'),
    ('RUS', 'Russia (incl. Soviet Union)', 'SUN');

-- Sanctions and industry: makers, their listings, the systems a recipient fields, licence production, events.
create table if not exists entities (
    entity_id varchar not null,
    name varchar not null,
    aliases varchar,                  -- other names, ';'-separated (matched when a sanctions list is loaded)
    country_code varchar not null,
    parent_entity_id varchar,         -- one parent each, as stated at the source's date
    source_id varchar not null,
    note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists designations (
    entity_id varchar not null,
    authority varchar not null,       -- US | EU | GB | UN ...
    programme varchar not null,       -- e.g. EO 14024, CAATSA 231 list
    listed_on varchar not null,       -- YYYY, YYYY-MM or YYYY-MM-DD; in force from the last day of that span
    delisted_on varchar,              -- same forms; null while listed
    kind varchar not null,            -- blocking sanction | secondary-sanctions list | export restriction
    listed_name varchar,              -- the name as the list gives it
    source_id varchar not null,       -- the publication, or the loaded list's release
    note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists systems (
    recipient_code varchar not null,
    system varchar not null,
    sipri_designations varchar,       -- SIPRI register designations it covers, ';'-separated
    category varchar,
    maker_entity_id varchar not null,
    licence_producer_entity_id varchar,
    in_service_count integer,
    count_year integer,
    source_id varchar not null,       -- of the SIPRI designations
    maker_source_id varchar,
    count_source_id varchar,
    note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists licence_production (
    system varchar not null,
    producer_entity_id varchar not null,
    figure varchar not null,
    value double not null,
    unit varchar not null,
    year integer,
    source_id varchar not null,
    note varchar,
    version_added integer not null,
    version_removed integer
);

create table if not exists events (
    event_date varchar not null,      -- YYYY, YYYY-MM or YYYY-MM-DD
    label varchar not null,
    kind varchar not null,            -- sanctions | contract | delivery | war | policy
    recipient_code varchar,           -- null: every recipient
    source_id varchar not null,
    note varchar,
    version_added integer not null,
    version_removed integer
);
