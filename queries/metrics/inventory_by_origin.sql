-- metric: inventory_by_origin
-- label: Inventory by country of origin (published estimates)
-- grain: one row per estimate (recipient, service or category, origin, source)
-- unit: share_pct (% of the inventory, 0-100) or units (items)
-- params: recipient:country, v:version
-- columns: service_or_category, origin_label, origin_code, share_pct, units, as_of_year, is_estimate, source_id,
--     source_title, source_publisher, source_url, source_date, note
with inventory as (
    select * from inventory_origin_at($v)
    where recipient_code = $recipient
),

final as (
    select
        inventory.service_or_category,
        inventory.origin_label,
        inventory.origin_code,
        inventory.share_pct,
        inventory.units,
        inventory.as_of_year,
        inventory.is_estimate,
        inventory.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date,
        inventory.note
    from inventory
    left join sources_at($v) as sources on sources.source_id = inventory.source_id
)

select * from final
order by as_of_year desc nulls last, share_pct desc nulls last
