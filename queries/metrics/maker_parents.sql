-- metric: maker_parents
-- label: What co-producing spares would involve: each system's maker, the maker's parents and their listings on a
--     date
-- grain: one row per system of the recipient and entity in its maker's chain of ownership (level 0 the maker, 1 its
--     parent, ...; parents as the entities table records them, at most 10 levels); listings in force on as_of
-- unit: n_listings (listings in force on as_of)
-- params: recipient:country, as_of:date=today, v:version
-- columns: system, level, entity_id, entity, country_code, relation, listings, n_listings, source_id, source_title,
--     source_publisher, source_url, source_date
with recursive entity_rows as (
    select * from entities_at($v)
),

makers as (
    select distinct system, maker_entity_id from systems_at($v) where recipient_code = $recipient
),

chain(system, level, entity_id, path) as (
    select system, 0, maker_entity_id, [maker_entity_id] from makers
    union all
    select chain.system, chain.level + 1, entity_rows.parent_entity_id, list_append(chain.path, entity_rows.parent_entity_id)
    from chain
    inner join entity_rows on entity_rows.entity_id = chain.entity_id
    where entity_rows.parent_entity_id is not null
        and chain.level < 10
        and not list_contains(chain.path, entity_rows.parent_entity_id)
),

final as (
    select
        chain.system,
        chain.level,
        chain.entity_id,
        coalesce(entity_rows.name, chain.entity_id) as entity,
        entity_rows.country_code,
        case when chain.level = 0 then 'maker' else 'parent (level ' || chain.level || ')' end as relation,
        listings.listings,
        coalesce(listings.n_listings, 0) as n_listings,
        entity_rows.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date
    from chain
    left join entity_rows on entity_rows.entity_id = chain.entity_id
    left join entity_listings_on($v, $as_of) as listings on listings.entity_id = chain.entity_id
    left join sources_at($v) as sources on sources.source_id = entity_rows.source_id
)

select * from final
order by system, level
