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

-- SIPRI deals as the metrics should read them: each layout keeps the deals of its latest
-- release, so a deal can be there twice (register and delivery-year export). Per recipient,
-- the trade register's deals are used when a register covers it (it has orders, comments
-- and history before 2000), else the delivery-year export's; `layout` says which. A
-- register limited to some suppliers covers only those suppliers' deals.
-- sipri_preferred_for(source_table, recipient_codes, v) applies the rule to the rows of
-- source_table (sipri_deals, or sipri_deal_years derived from it: both carry recipient,
-- supplier, release and version columns, and a deal has at least one row in each) visible
-- in version v, for the recipients in the list only (the rule is per recipient, so the rows
-- are exactly those the whole table would give for them): metrics of one recipient use it,
-- so their cost does not grow with the other recipients' deals. A null list means every recipient.
create or replace macro sipri_preferred_for(source_table, recipient_codes, v) as table
    with releases as (
        select release_id, any_value(layout) as layout, bool_and(coalesce(all_suppliers, true)) as all_suppliers
        from sipri_releases
        group by release_id
    ),
    deals as (
        select visible.*, releases.layout, releases.all_suppliers
        from query_table(source_table) as visible
        inner join releases on releases.release_id = visible.release_id
        where visible.version_added <= v and (visible.version_removed is null or visible.version_removed > v)
            and (recipient_codes is null or list_contains(recipient_codes, visible.recipient_code))
    ),
    register_cover as (
        select distinct
            recipient_code,
            case when all_suppliers then null else supplier_code end as supplier_code
        from deals
        where layout = 'trade_register'
    )
    select deals.* exclude (all_suppliers, version_added, version_removed)
    from deals
    where deals.layout = 'trade_register'
        or not exists (
            select 1 from register_cover
            where register_cover.recipient_code = deals.recipient_code
                and (register_cover.supplier_code is null or register_cover.supplier_code = deals.supplier_code)
        );

create or replace macro sipri_deals_preferred_for(recipient_codes, v) as table
    select * from sipri_preferred_for('sipri_deals', recipient_codes, v);

create or replace macro sipri_deal_years_preferred_for(recipient_codes, v) as table
    select * from sipri_preferred_for('sipri_deal_years', recipient_codes, v);

-- The rows of sipri_deal_years for the recipients in the list (null: every recipient), from every
-- version of their deals: a deal's listed delivery years sorted, each with the gap to the next.
create or replace macro sipri_deal_years_derived(recipient_codes) as table
    with deals as (
        select
            recipient_code, supplier_code, category, description, release_id, version_added, version_removed,
            coalesce(units_delivered, 0) as units_delivered,
            coalesce(tiv_delivered, 0) as tiv_delivered,
            list_sort(case
                -- a listed year that is no whole number is left out (SIPRI's loader writes only numbers)
                when coalesce(trim(delivery_years), '') <> '' then list_filter(list_transform(
                    string_split(delivery_years, ';'), lambda listed: try_cast(trim(listed) as integer)
                ), lambda year: year is not null)
                when first_delivery_year is not null and last_delivery_year is not null
                    then generate_series(first_delivery_year, last_delivery_year)
                else []
            end) as years
        from sipri_deals
        where recipient_codes is null or list_contains(recipient_codes, recipient_code)
    ),
    entries as (
        select
            deals.* exclude (years),
            len(years) as n_years,
            unnest(if(len(years) = 0, [null::integer], years)) as year,
            unnest(if(len(years) = 0, [null::integer], list_transform(
                generate_series(1, len(years)), lambda i: if(i < len(years), years[i + 1] - years[i], null)
            ))) as next_gap
        from deals
    )
    select
        recipient_code, supplier_code, category, description, release_id, year, next_gap,
        coalesce(sum(units_delivered / nullif(n_years, 0)), 0) as units,
        coalesce(sum(tiv_delivered / nullif(n_years, 0)), 0) as tiv_mn,
        count(*)::integer as n_deals,
        version_added, version_removed
    from entries
    group by all;

create or replace macro sipri_deals_preferred_at(v) as table
    select * from sipri_deals_preferred_for(null, v);

-- SIPRI TIV by recipient, supplier and year as the metrics should read it: where the
-- delivery-year export (SIPRI's own yearly split) covers a recipient-year, its rows are
-- used; otherwise the trade register's even split over the listed delivery years. A
-- delivery-year release limited to some suppliers (sipri_releases.all_suppliers false)
-- covers only those suppliers' rows, so the register still gives the other suppliers.
-- tiv_yearly_for(recipient_codes, v) reads only the recipients in the list (the rule is per
-- recipient-year, so the rows are exactly those of tiv_yearly_at for them): metrics of one
-- recipient use it, so their cost does not grow with the whole table. A null list means
-- every recipient (tiv_yearly_at).
create or replace macro tiv_yearly_for(recipient_codes, v) as table
    with tiv as (
        select * from tiv_deliveries_at(v)
        where recipient_codes is null or list_contains(recipient_codes, recipient_code)
    ),
    release_scope as (
        select release_id, bool_and(coalesce(all_suppliers, true)) as all_suppliers
        from sipri_releases
        group by release_id
    ),
    exact as (
        select distinct
            tiv.recipient_code,
            tiv.year,
            case when coalesce(release_scope.all_suppliers, true) then null else tiv.supplier_code end as supplier_code
        from tiv
        left join release_scope on release_scope.release_id = tiv.release_id
        where tiv.method = 'delivery_year'
    )
    select tiv.*
    from tiv
    where tiv.method = 'delivery_year'
        or not exists (
            select 1 from exact
            where exact.recipient_code = tiv.recipient_code
                and exact.year = tiv.year
                and (exact.supplier_code is null or exact.supplier_code = tiv.supplier_code)
        );

create or replace macro tiv_yearly_at(v) as table
    select * from tiv_yearly_for(null, v);

-- Delivery dates as sources write them (issue 5) -------------------------------------
-- Accepted forms: YYYY, YYYY-MM, YYYY-MM-DD, 'early|mid|late YYYY', and a range of two
-- of these joined by '-' (e.g. '2021-2027', '2025-03 - 2026', 'late 2022-early 2023').
-- Text in brackets is a remark and is dropped ('2025-03 (first)' reads as 2025-03).
-- Dates are kept to the month. The rule: a date stands for the LAST month it allows, for
-- promises and deliveries alike: '2023' = December 2023, 'early 2022' = April 2022
-- (early = Jan-Apr, mid = May-Aug, late = Sep-Dec), a range = its end. So "promised 2023"
-- means "by the end of 2023", and a year-only report of a delivery in the promised year
-- counts as on time rather than as months early or late; a delay is never counted
-- before the promised period is over. Anything else is unreadable: null.
create or replace macro delivery_text_clean(txt) as
    lower(trim(regexp_replace(regexp_replace(coalesce(txt, ''), '\(.*?\)', '', 'g'), '[–—]', '-', 'g')));

create or replace macro delivery_text_is_readable(txt) as
    regexp_full_match(
        delivery_text_clean(txt),
        '(?:(?:early|mid|late)[ -]+)?\d{4}(?:-\d{2}(?:-\d{2})?)?'
        || '(?:\s*-\s*(?:(?:early|mid|late)[ -]+)?\d{4}(?:-\d{2}(?:-\d{2})?)?)?'
    );

-- parts: the struct regexp_extract returns for one date (q qualifier, y, m, d as text).
create or replace macro delivery_point_month(parts, is_last) as
    case
        when parts.d <> '' and try(make_date(parts.y::integer, parts.m::integer, parts.d::integer)) is null then null
        else try(make_date(
            parts.y::integer,
            case
                when parts.m <> '' then parts.m::integer
                when parts.q = 'early' then if(is_last, 4, 1)
                when parts.q = 'mid' then if(is_last, 8, 5)
                when parts.q = 'late' then if(is_last, 12, 9)
                else if(is_last, 12, 1)
            end,
            1
        ))
    end;

-- The last month a delivery text allows (first day of that month), or null.
create or replace macro delivery_month_last(txt) as
    case when delivery_text_is_readable(txt) then delivery_point_month(
        regexp_extract(
            delivery_text_clean(txt),
            '(?:(early|mid|late)[ -]+)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$',
            ['q', 'y', 'm', 'd']
        ),
        true
    ) end;

-- The first month a delivery text allows (first day of that month), or null.
create or replace macro delivery_month_first(txt) as
    case when delivery_text_is_readable(txt) then delivery_point_month(
        regexp_extract(
            delivery_text_clean(txt),
            '^(?:(early|mid|late)[ -]+)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:\D|$)',
            ['q', 'y', 'm', 'd']
        ),
        false
    ) end;

-- One row per claim (delivery_records row) with its dates read and its own delay.
-- Delay in whole months = month of completion - month of the promise, where completion is
-- the delivery month for delivered programmes; for open ones (in_progress, delayed,
-- stalled) the expected month when it lies after as_of, else as_of itself once the
-- promise has passed. Open and not yet due, cancelled, or no readable promise: null
-- (excluded_reason says why). claim_rank 1 is the claim statistics use: the most recently
-- published claim (sources.published_date, compared as text, so '2026-05' > '2026')
-- among those with a readable promised date, then by source_id.
create or replace macro delivery_claims_at(v, as_of) as table
    with records as (
        select * from delivery_records_at(v)
    ),
    sources as (
        select * from sources_at(v)
    ),
    parsed as (
        select
            records.*,
            sources.title as source_title,
            sources.publisher as source_publisher,
            sources.url as source_url,
            sources.published_date as source_date,
            delivery_month_last(records.promised_delivery) as promised_month,
            delivery_month_last(records.actual_or_expected_delivery) as stated_month,
            date_trunc('month', as_of::date)::date as as_of_month,
            records.status not in ('delivered', 'cancelled') as is_open
        from records
        left join sources on sources.source_id = records.source_id
    ),
    referenced as (
        select
            parsed.*,
            case
                when status = 'cancelled' then null
                when status = 'delivered' then stated_month
                when stated_month > as_of_month then stated_month
                when promised_month < as_of_month then as_of_month
            end as completion_month,
            case
                when status = 'delivered' then 'actual'
                when stated_month > as_of_month then 'expected'
                else 'as_of'
            end as delay_basis
        from parsed
    ),
    final as (
        select
            referenced.* exclude (delay_basis),
            case when promised_month is not null and completion_month is not null
                then datediff('month', promised_month, completion_month) end as delay_months,
            case when promised_month is not null and completion_month is not null
                then delay_basis end as delay_basis,
            case
                when status = 'cancelled' then 'cancelled'
                when nullif(trim(promised_delivery), '') is null then 'no promised date'
                when promised_month is null then 'promised date not readable'
                when status = 'delivered' and nullif(trim(actual_or_expected_delivery), '') is null
                    then 'no delivery date'
                when status = 'delivered' and stated_month is null then 'delivery date not readable'
                when completion_month is null then 'not yet due'
            end as excluded_reason,
            row_number() over (
                partition by programme_id
                order by (promised_month is not null) desc, source_date desc nulls last, source_id
            ) as claim_rank,
            count(*) over (partition by programme_id) as n_claims
        from referenced
    )
    select * from final;

-- One row per programme: the claim statistics use (claim_rank 1, see above) with what
-- is still owed, plus who says what across all its claims.
create or replace macro programme_delays_at(v, as_of) as table
    with claims as (
        select * from delivery_claims_at(v, as_of)
    ),
    promised_values as (
        select
            programme_id,
            promised_delivery as value_text,
            string_agg(distinct coalesce(source_publisher, source_id), ', ') as who,
            min(source_date) as first_said
        from claims
        where nullif(trim(promised_delivery), '') is not null
        group by programme_id, promised_delivery
    ),
    stated_values as (
        select
            programme_id,
            actual_or_expected_delivery as value_text,
            string_agg(distinct coalesce(source_publisher, source_id), ', ') as who,
            min(source_date) as first_said
        from claims
        where nullif(trim(actual_or_expected_delivery), '') is not null
        group by programme_id, actual_or_expected_delivery
    ),
    promised_claims as (
        select
            programme_id,
            string_agg(value_text || ' (' || who || ')', ' / ' order by first_said, value_text) as promised_claims
        from promised_values
        group by programme_id
    ),
    stated_claims as (
        select
            programme_id,
            string_agg(value_text || ' (' || who || ')', ' / ' order by first_said, value_text) as stated_claims
        from stated_values
        group by programme_id
    ),
    spread as (
        select
            programme_id,
            min(delay_months) as delay_min_months,
            max(delay_months) as delay_max_months,
            string_agg(distinct source_id, ', ') as all_source_ids
        from claims
        group by programme_id
    ),
    chosen as (
        select * exclude (claim_rank) from claims where claim_rank = 1
    ),
    final as (
        select
            chosen.*,
            case
                when not chosen.is_open then 0
                when chosen.units_ordered is not null and chosen.units_delivered is not null
                    then greatest(chosen.units_ordered - chosen.units_delivered, 0)
            end as units_owed,
            case
                when not chosen.is_open then 0.0
                when chosen.units_ordered > 0 and chosen.units_delivered is not null
                    then chosen.contract_value_usd_mn
                        * greatest(chosen.units_ordered - chosen.units_delivered, 0) / chosen.units_ordered
            end as value_undelivered_usd_mn,
            chosen.is_open and chosen.delay_months > 0 as is_late_now,
            promised_claims.promised_claims,
            stated_claims.stated_claims,
            spread.delay_min_months,
            spread.delay_max_months,
            spread.all_source_ids
        from chosen
        left join promised_claims on promised_claims.programme_id = chosen.programme_id
        left join stated_claims on stated_claims.programme_id = chosen.programme_id
        left join spread on spread.programme_id = chosen.programme_id
    )
    select * from final;

-- Supplier concentration (issue 4): per recipient and year, the Herfindahl-Hirschman index
-- and top-supplier share of SIPRI TIV, over each year alone (window_years 1) or the rolling
-- window ending in it; combine_russia 1 counts the Soviet Union with Russia. The metrics
-- concentration (one recipient) and concentration_compare (several) both read it.
create or replace macro concentration_for(recipient_codes, year_from, year_to, window_years, combine_russia, v) as table
    with chosen as (
        select distinct unnest(recipient_codes) as recipient_code
    ),

    tiv as (
        select tiv.*
        from tiv_yearly_for(recipient_codes, v) as tiv
        inner join chosen using (recipient_code)
        where tiv.year between year_from - greatest(window_years, 1) + 1 and year_to
    ),

    country_names as (
        select * from countries_at(v)
    ),

    by_supplier as (
        select
            tiv.recipient_code,
            tiv.year,
            case
                when combine_russia = 1 and tiv.supplier_code in ('RUS', 'SUN') then 'Russia (incl. Soviet Union)'
                else coalesce(country_names.name, tiv.supplier_code)
            end as supplier,
            tiv.tiv_mn
        from tiv
        left join country_names on country_names.code = tiv.supplier_code
    ),

    windows as (
        select
            chosen.recipient_code,
            years.year,
            years.year - greatest(window_years, 1) + 1 as window_start,
            years.year as window_end
        from chosen
        cross join (select unnest(generate_series(year_from, year_to)) as year) as years
    ),

    window_suppliers as (
        select
            windows.recipient_code,
            windows.year,
            by_supplier.supplier,
            sum(by_supplier.tiv_mn) as tiv_mn
        from windows
        inner join by_supplier
            on by_supplier.recipient_code = windows.recipient_code
            and by_supplier.year between windows.window_start and windows.window_end
        group by windows.recipient_code, windows.year, by_supplier.supplier
    ),

    shares as (
        select
            *,
            100 * tiv_mn / nullif(sum(tiv_mn) over (partition by recipient_code, year), 0) as share_pct
        from window_suppliers
    ),

    summary as (
        select
            recipient_code,
            year,
            sum(tiv_mn) as total_tiv_mn,
            count(*) filter (where tiv_mn > 0) as n_suppliers,
            max(share_pct) as top_share_pct,
            sum(share_pct * share_pct) as hhi
        from shares
        group by recipient_code, year
    ),

    -- suppliers tied for the top share are all named
    top_suppliers as (
        select
            shares.recipient_code,
            shares.year,
            string_agg(shares.supplier, ' / ' order by shares.supplier) as top_supplier
        from shares
        inner join summary using (recipient_code, year)
        where shares.share_pct = summary.top_share_pct
        group by shares.recipient_code, shares.year
    ),

    final as (
        select
            windows.recipient_code,
            coalesce(country_names.name, windows.recipient_code) as recipient,
            windows.year,
            windows.window_start,
            windows.window_end,
            coalesce(summary.total_tiv_mn, 0) as total_tiv_mn,
            coalesce(summary.n_suppliers, 0)::integer as n_suppliers,
            top_suppliers.top_supplier,
            summary.top_share_pct,
            summary.hhi
        from windows
        left join summary using (recipient_code, year)
        left join top_suppliers using (recipient_code, year)
        left join country_names on country_names.code = windows.recipient_code
    )

    select * from final;

-- One recipient's SIPRI TIV by year and supplier, the suppliers ranked by their TIV over the
-- year range (ties broken by name) and those below top_n merged into one supplier 'OTHER'
-- (top_n 0 keeps all); combine_russia 1 counts the Soviet Union with Russia. One row per
-- row of tiv_yearly_for (year, supplier, tiv_mn, method, release_id): the metrics
-- supplier_shares_by_period and supplier_shares_by_year group them into periods or years.
create or replace macro top_supplier_tiv_for(recipient, year_from, year_to, top_n, combine_russia, v) as table
    with tiv as (
        select * from tiv_yearly_for([recipient], v)
        where recipient_code = recipient and year between year_from and year_to
    ),

    country_names as (
        select * from countries_at(v)
    ),

    by_supplier as (
        select
            tiv.year,
            case
                when combine_russia = 1 and tiv.supplier_code in ('RUS', 'SUN') then 'RUS'
                else tiv.supplier_code
            end as supplier_code,
            case
                when combine_russia = 1 and tiv.supplier_code in ('RUS', 'SUN') then 'Russia (incl. Soviet Union)'
                else coalesce(country_names.name, tiv.supplier_code)
            end as supplier,
            tiv.tiv_mn,
            tiv.method,
            tiv.release_id
        from tiv
        left join country_names on country_names.code = tiv.supplier_code
    ),

    ranked_suppliers as (
        select
            supplier_code,
            supplier,
            -- ties in TIV are broken by name, so the ranking never depends on row order
            row_number() over (order by sum(tiv_mn) desc, supplier) as supplier_rank
        from by_supplier
        group by supplier_code, supplier
    ),

    kept as (
        select
            by_supplier.year,
            case when top_n = 0 or ranked_suppliers.supplier_rank <= top_n then by_supplier.supplier_code else 'OTHER' end as supplier_code,
            case when top_n = 0 or ranked_suppliers.supplier_rank <= top_n then by_supplier.supplier else 'Other' end as supplier,
            case when top_n = 0 or ranked_suppliers.supplier_rank <= top_n then ranked_suppliers.supplier_rank else top_n + 1 end as supplier_rank,
            by_supplier.tiv_mn,
            by_supplier.method,
            by_supplier.release_id
        from by_supplier
        inner join ranked_suppliers using (supplier_code, supplier)
    )

    select * from kept;
