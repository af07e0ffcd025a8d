-- metric: sanctions_timeline
-- label: Timeline of listings of the recipient's makers (and their parents) and of events
-- grain: one row per listing of an entity that makes one of the recipient's systems or deals (designation_makers_at),
--     or owns such a maker (up to 10 levels), and one row per event of the recipient or of every recipient; dated at
--     the first day their date can mean (day_is_exact false for a year or a month)
-- unit: dates
-- params: recipient:country, v:version
-- columns: event_day, date_text, day_is_exact, kind, label, entity, authority, source_id, source_title,
--     source_publisher, source_url, source_date
with recursive entity_rows as (
    select * from entities_at($v)
),

deal_designations as (
    select distinct designation from sipri_deals_preferred_for([$recipient], $v)
),

relevant(entity_id, level) as (
    select maker_entity_id, 0 from systems_at($v) where recipient_code = $recipient
    union
    select makers.maker_entity_id, 0
    from designation_makers_at($v) as makers
    semi join deal_designations on deal_designations.designation = makers.designation
    union
    select entity_rows.parent_entity_id, relevant.level + 1
    from relevant
    inner join entity_rows on entity_rows.entity_id = relevant.entity_id
    where entity_rows.parent_entity_id is not null and relevant.level < 10
),

listings as (
    select
        listed.listed_on as date_text,
        'listing: ' || listed.kind as kind,
        coalesce(entity_rows.name, listed.entity_id) || ' listed: ' || listed.authority || ' '
            || listed.programme as label,
        coalesce(entity_rows.name, listed.entity_id) as entity,
        listed.authority,
        listed.source_id
    from designations_at($v) as listed
    left join entity_rows on entity_rows.entity_id = listed.entity_id
    where listed.entity_id in (select entity_id from relevant)
),

event_rows as (
    select event_date as date_text, kind, label, null as entity, null as authority, source_id
    from events_at($v)
    where recipient_code is null or recipient_code = $recipient
),

final as (
    select
        date_first_day(rows.date_text) as event_day,
        rows.date_text,
        length(rows.date_text) = 10 as day_is_exact,
        rows.kind,
        rows.label,
        rows.entity,
        rows.authority,
        rows.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date
    from (select * from listings union all select * from event_rows) as rows
    left join sources_at($v) as sources on sources.source_id = rows.source_id
)

select * from final
order by event_day, kind, label
