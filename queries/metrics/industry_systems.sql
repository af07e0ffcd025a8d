-- metric: industry_systems
-- label: The recipient's systems: maker, licence producer, share built in the country and the maker's listings on a
--     date
-- grain: one row per row of the systems table for the recipient (a system with counts from several sources has a row
--     per count); its SIPRI deals are those whose designation it lists (a designation two of the recipient's systems
--     share goes to the system whose own name, other than a designation, the deal's comment mentions:
--     MiG-29SMT for MiG-29K or MiG-29UPG); local production read from the deals' comments (sipri_deal_licence_for)
-- unit: in_service_count (items, as the source counts them); units_delivered and local_units (SIPRI units);
--     local_share_pct (% of units delivered built in the recipient's country, 0-100; null when a deal says only that
--     some were); n_maker_listings (listings in force on as_of)
-- params: recipient:country, as_of:date=today, v:version
-- columns: system, category, origin_code, origin, maker, licence_producer, in_service_count, count_year,
--     units_delivered, local_units, local_share_pct, n_deals, n_deals_partial, maker_listings, n_maker_listings,
--     source_id, maker_source_id, count_source_id, note, source_title, source_publisher, source_url, source_date
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

maker_listings as (
    select
        entity_id,
        string_agg(authority || ' ' || programme || ' (' || kind || ', from ' || listed_on || ')', '; '
            order by in_force_from, authority, programme) as maker_listings,
        count(*) as n_maker_listings
    from listings_on($v, $as_of)
    group by entity_id
),

final as (
    select
        systems.system,
        systems.category,
        makers.country_code as origin_code,
        countries.name as origin,
        makers.name as maker,
        producers.name as licence_producer,
        systems.in_service_count,
        systems.count_year,
        system_deals.units_delivered,
        system_deals.local_units,
        case when system_deals.n_deals_partial = 0 then
            100.0 * system_deals.local_units / nullif(system_deals.units_delivered, 0)
        end as local_share_pct,
        coalesce(system_deals.n_deals, 0) as n_deals,
        coalesce(system_deals.n_deals_partial, 0) as n_deals_partial,
        maker_listings.maker_listings,
        coalesce(maker_listings.n_maker_listings, 0) as n_maker_listings,
        systems.source_id,
        systems.maker_source_id,
        systems.count_source_id,
        systems.note,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date
    from systems
    left join entity_rows as makers on makers.entity_id = systems.maker_entity_id
    left join entity_rows as producers on producers.entity_id = systems.licence_producer_entity_id
    left join countries_at($v) as countries on countries.code = makers.country_code
    left join system_deals on system_deals.system = systems.system
    left join maker_listings on maker_listings.entity_id = systems.maker_entity_id
    left join sources_at($v) as sources on sources.source_id = coalesce(systems.count_source_id, systems.source_id)
)

select * from final
order by origin_code, system, count_year desc nulls last, count_source_id
