-- metric: sipri_lead_times
-- label: Lead times and undelivered orders in the SIPRI trade register
-- grain: one row per supplier and SIPRI category of the recipient's deals in the register
-- unit: years (delivery year - order year); deals; units; SIPRI TIV millions
-- params: recipient:country, v:version
-- columns: supplier_code, supplier, category, n_deals, n_with_delivery, median_years_to_first, mean_years_to_first,
--     n_completed, median_years_to_last, mean_years_to_last, n_undelivered, units_owed, tiv_undelivered_mn,
--     n_estimated, release_ids
with deals as (
    select * from sipri_deals_at($v)
    where recipient_code = $recipient
),

classified as (
    select
        deals.*,
        first_delivery_year - order_year as years_to_first,
        -- the last delivery only ends the order once every unit ordered has arrived
        case when units_ordered is not null and units_delivered >= units_ordered
            then last_delivery_year - order_year end as years_to_last,
        coalesce(units_ordered > coalesce(units_delivered, 0), false)
            or (coalesce(units_delivered, 0) = 0 and first_delivery_year is null) as is_undelivered,
        coalesce(order_year_is_estimate, false)
            or coalesce(units_ordered_is_estimate, false)
            or coalesce(units_delivered_is_estimate, false) as is_estimated
    from deals
),

by_group as (
    select
        supplier_code,
        coalesce(category, 'not stated') as category,
        count(*) as n_deals,
        count(years_to_first) as n_with_delivery,
        median(years_to_first)::double as median_years_to_first,
        avg(years_to_first) as mean_years_to_first,
        count(years_to_last) as n_completed,
        median(years_to_last)::double as median_years_to_last,
        avg(years_to_last) as mean_years_to_last,
        count(*) filter (where is_undelivered) as n_undelivered,
        -- 0 when nothing is undelivered; null when undelivered deals state no quantity
        case when count(*) filter (where is_undelivered) = 0 then 0
            else sum(greatest(units_ordered - coalesce(units_delivered, 0), 0)) filter (where is_undelivered)
        end as units_owed,
        case when count(*) filter (where is_undelivered) = 0 then 0.0
            else sum(greatest(tiv_total_order - coalesce(tiv_delivered, 0), 0)) filter (where is_undelivered)
        end as tiv_undelivered_mn,
        count(*) filter (where is_estimated) as n_estimated,
        string_agg(distinct release_id, ', ') as release_ids
    from classified
    group by supplier_code, coalesce(category, 'not stated')
),

final as (
    select
        by_group.supplier_code,
        coalesce(countries.name, by_group.supplier_code) as supplier,
        by_group.* exclude (supplier_code)
    from by_group
    left join countries_at($v) as countries on countries.code = by_group.supplier_code
)

select * from final
order by n_deals desc, supplier, category
