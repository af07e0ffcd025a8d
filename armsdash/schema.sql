-- The store's tables, created idempotently (every statement may run again).
--
-- Every data table is versioned: a row is visible in data version v when
-- version_added <= v and (version_removed is null or version_removed > v).
-- Uploads and undo only ever add rows or close them, so any earlier version
-- can be shown again (pinned links) and restored (undo). Queries read a version
-- through the table macro <table>_at(v), which armsdash/db.py creates for every
-- table that has these two columns.

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

-- SIPRI TIV by recipient, supplier and year as the metrics should read it: where the
-- delivery-year export (SIPRI's own yearly split) covers a recipient-year, its rows are
-- used; otherwise the trade register's even split over the listed delivery years.
create or replace macro tiv_yearly_at(v) as table
    with tiv as (
        select * from tiv_deliveries_at(v)
    ),
    exact_years as (
        select distinct recipient_code, year from tiv where method = 'delivery_year'
    )
    select tiv.*
    from tiv
    left join exact_years
        on exact_years.recipient_code = tiv.recipient_code and exact_years.year = tiv.year
    where tiv.method = 'delivery_year' or exact_years.year is null;
