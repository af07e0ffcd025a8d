-- metric: recipient_events
-- label: Dated events of a recipient and of every recipient (for chart annotations)
-- grain: one row per row of the events table whose recipient is the one asked for or empty (every recipient); dated
--     at the first day its date can mean (day_is_exact false for a year or a month)
-- unit: dates
-- params: recipient:country, v:version
-- columns: event_day, date_text, day_is_exact, kind, label, source_id, source_title, source_publisher, source_url,
--     source_date
with recipient_rows as (
    select * from events_at($v)
    where recipient_code is null or recipient_code = $recipient
),

final as (
    select
        date_first_day(recipient_rows.event_date) as event_day,
        recipient_rows.event_date as date_text,
        length(recipient_rows.event_date) = 10 as day_is_exact,
        recipient_rows.kind,
        recipient_rows.label,
        recipient_rows.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date
    from recipient_rows
    left join sources_at($v) as sources on sources.source_id = recipient_rows.source_id
)

select * from final
order by event_day, label
