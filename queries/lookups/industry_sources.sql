-- metric: industry_sources
-- label: Sources behind the Sanctions & industry page: systems, makers, listings, licence figures and events
-- grain: one row per source cited by the recipient's systems (designations, makers, counts), by every entity and
--     designation, by the licence-production figures, by the recipient's and every recipient's events, and the
--     SIPRI releases of the recipient's deals
-- unit: none
-- params: recipient:country, v:version
-- columns: source_id, source_title, source_publisher, source_url, source_date
with cited as (
    select unnest([source_id, maker_source_id, count_source_id]) as source_id
    from systems_at($v) where recipient_code = $recipient
    union select source_id from entities_at($v)
    union select source_id from designations_at($v)
    union select source_id from licence_production_at($v)
    union select source_id from events_at($v) where recipient_code is null or recipient_code = $recipient
    union select distinct release_id from sipri_deals_preferred_for([$recipient], $v)
),

final as (
    select
        sources.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date
    from sources_at($v) as sources
    semi join cited on cited.source_id = sources.source_id
)

select * from final
order by source_date desc nulls last, source_id
