-- metric: industry_systems
-- label: The recipient's systems: maker, licence producer, share built in the country and the maker's listings on a
--     date
-- grain: one row per system of the recipient; the systems table's rows for it (a row per count where sources give
--     other counts) are folded into it: every count with its year and source, every maker named (with its own
--     listings when the rows name more than one); its SIPRI deals are those whose designation it lists (a
--     designation two of the recipient's systems share goes to the system whose own name, other than a
--     designation, the deal's comment mentions: MiG-29SMT for MiG-29K or MiG-29UPG); local production read from
--     the deals' comments (sipri_deal_licence_for); source_id and the source_* columns name the designations'
--     source (joined with ', ' or '; ' where the rows name several), count_source_ids every count's source
-- unit: in_service_counts (text: each count in items, as its source counts them, with its year and source, newest
--     first); n_counts (counts recorded); units_delivered and local_units (SIPRI units); local_share_pct (% of units
--     delivered built in the recipient's country, 0-100; null when a deal says only that some were);
--     n_maker_listings (listings in force on as_of, over every maker named)
-- params: recipient:country, as_of:date=today, v:version
-- columns: system, category, origin_code, origin, maker, licence_producer, in_service_counts, n_counts,
--     units_delivered, local_units, local_share_pct, n_deals, n_deals_partial, maker_listings, n_maker_listings,
--     source_id, maker_source_id, count_source_ids, note, source_title, source_publisher, source_url, source_date
with systems as (
    select * from systems_at($v) where recipient_code = $recipient
),

entity_rows as (
    select * from entities_at($v)
),

named as (
    select distinct
        system,
        list_transform(string_split(coalesce(sipri_designations, ''), ';'), lambda d: trim(d)) as designation_list
    from systems
),

system_designations as (
    select system, designation_list, unnest(designation_list) as designation from named
),

shared as (
    select designation from system_designations where designation <> '' group by designation having count(distinct system) > 1
),

deals as (
    select * from sipri_deal_licence_for([$recipient], $v)
),

system_deals as (
    select
        system_designations.system,
        count(*) as n_deals,
        sum(coalesce(deals.units_delivered, 0)) as units_delivered,
        sum(deals.local_units) as local_units,
        count(*) filter (where deals.is_partial) as n_deals_partial
    from system_designations
    inner join deals on deals.designation = system_designations.designation
    where system_designations.designation not in (select designation from shared)
        or len(list_filter(string_split(system_designations.system, ' / '), lambda part:
            not list_contains(system_designations.designation_list, trim(part))
            and contains(lower(coalesce(deals.comments, '')), lower(trim(regexp_replace(part, ' \(.*$', ''))))
        )) > 0
    group by system_designations.system
),

system_makers as (
    select distinct
        systems.system,
        systems.maker_entity_id,
        coalesce(makers.name, systems.maker_entity_id) as maker,
        makers.country_code,
        countries.name as origin,
        listings.listings as maker_listings,
        coalesce(listings.n_listings, 0) as n_maker_listings
    from systems
    left join entity_rows as makers on makers.entity_id = systems.maker_entity_id
    left join countries_at($v) as countries on countries.code = makers.country_code
    left join entity_listings_on($v, $as_of) as listings on listings.entity_id = systems.maker_entity_id
),

makers_of_system as (
    select
        system,
        string_agg(distinct country_code, '; ' order by country_code) as origin_code,
        string_agg(distinct origin, '; ' order by origin) as origin,
        string_agg(maker, '; ' order by maker) as maker,
        case when count(*) = 1 then max(maker_listings) else
            string_agg(maker || ': ' || maker_listings, ' | ' order by maker)
        end as maker_listings,
        sum(n_maker_listings)::integer as n_maker_listings
    from system_makers
    group by system
),

counted as (
    select
        systems.system,
        string_agg(distinct systems.category, '; ' order by systems.category) as category,
        string_agg(distinct producers.name, '; ' order by producers.name) as licence_producer,
        string_agg(
            systems.in_service_count::varchar || coalesce(' (' || nullif(concat_ws(', ', systems.count_year::varchar,
                systems.count_source_id), '') || ')', ''),
            '; ' order by systems.count_year desc nulls last, systems.count_source_id, systems.in_service_count
        ) filter (where systems.in_service_count is not null) as in_service_counts,
        count(systems.in_service_count) as n_counts,
        string_agg(distinct systems.source_id, ', ' order by systems.source_id) as source_id,
        string_agg(distinct systems.maker_source_id, ', ' order by systems.maker_source_id) as maker_source_id,
        string_agg(distinct systems.count_source_id, ', ' order by systems.count_source_id) as count_source_ids,
        string_agg(distinct systems.note, ' | ' order by systems.note) as note,
        string_agg(distinct sources.title, '; ' order by sources.title) as source_title,
        string_agg(distinct sources.publisher, '; ' order by sources.publisher) as source_publisher,
        string_agg(distinct sources.url, ' ' order by sources.url) as source_url,
        string_agg(distinct sources.published_date, '; ' order by sources.published_date) as source_date
    from systems
    left join entity_rows as producers on producers.entity_id = systems.licence_producer_entity_id
    left join sources_at($v) as sources on sources.source_id = systems.source_id
    group by systems.system
),

final as (
    select
        counted.system,
        counted.category,
        makers_of_system.origin_code,
        makers_of_system.origin,
        makers_of_system.maker,
        counted.licence_producer,
        counted.in_service_counts,
        counted.n_counts,
        system_deals.units_delivered,
        system_deals.local_units,
        case when system_deals.n_deals_partial = 0 then
            100.0 * system_deals.local_units / nullif(system_deals.units_delivered, 0)
        end as local_share_pct,
        coalesce(system_deals.n_deals, 0) as n_deals,
        coalesce(system_deals.n_deals_partial, 0) as n_deals_partial,
        makers_of_system.maker_listings,
        makers_of_system.n_maker_listings,
        counted.source_id,
        counted.maker_source_id,
        counted.count_source_ids,
        counted.note,
        counted.source_title,
        counted.source_publisher,
        counted.source_url,
        counted.source_date
    from counted
    inner join makers_of_system on makers_of_system.system = counted.system
    left join system_deals on system_deals.system = counted.system
)

select * from final
order by origin_code, system
