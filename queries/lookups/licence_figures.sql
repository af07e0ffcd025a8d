-- metric: licence_figures
-- label: Published figures on licence production and local content
-- grain: one row per figure of the licence_production table
-- unit: value in unit (as the source gives it)
-- params: v:version
-- columns: system, producer, figure, value, unit, year, note, source_id, source_title, source_publisher, source_url,
--     source_date
with figures as (
    select * from licence_production_at($v)
),

final as (
    select
        figures.system,
        coalesce(entities.name, figures.producer_entity_id) as producer,
        figures.figure,
        figures.value,
        figures.unit,
        figures.year,
        figures.note,
        figures.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date
    from figures
    left join entities_at($v) as entities on entities.entity_id = figures.producer_entity_id
    left join sources_at($v) as sources on sources.source_id = figures.source_id
)

select * from final
order by system, year, figure
