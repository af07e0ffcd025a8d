-- metric: delivery_overview
-- label: Delivery headline figures
-- grain: one row for the recipient (one claim per programme, as in delivery_delays)
-- unit: programmes; delay months; USD millions
-- params: recipient:country, v:version, as_of:date=today
-- columns: as_of, n_programmes, n_open, n_late_now, median_delay_months, n_with_delay, n_no_promised_date,
--     value_undelivered_usd_mn, top_supplier_code, top_supplier, top_supplier_value_usd_mn
with programmes as (
    select * from programme_delays_at($v, $as_of)
    where recipient_code = $recipient
),

owed_by_supplier as (
    select
        supplier_code,
        sum(value_undelivered_usd_mn) as value_usd_mn,
        row_number() over (order by sum(value_undelivered_usd_mn) desc nulls last, supplier_code) as owed_rank
    from programmes
    where is_open
    group by supplier_code
),

top_supplier as (
    select
        owed_by_supplier.supplier_code,
        coalesce(countries.name, owed_by_supplier.supplier_code) as supplier,
        owed_by_supplier.value_usd_mn
    from owed_by_supplier
    left join countries_at($v) as countries on countries.code = owed_by_supplier.supplier_code
    where owed_by_supplier.owed_rank = 1 and owed_by_supplier.value_usd_mn > 0
),

totals as (
    select
        count(*) as n_programmes,
        count(*) filter (where is_open) as n_open,
        count(*) filter (where is_late_now) as n_late_now,
        median(delay_months)::double as median_delay_months,
        count(delay_months) as n_with_delay,
        count(*) filter (where nullif(trim(promised_delivery), '') is null) as n_no_promised_date,
        sum(value_undelivered_usd_mn) as value_undelivered_usd_mn
    from programmes
),

final as (
    select
        $as_of::date as as_of,
        totals.*,
        top_supplier.supplier_code as top_supplier_code,
        top_supplier.supplier as top_supplier,
        top_supplier.value_usd_mn as top_supplier_value_usd_mn
    from totals
    left join top_supplier on true
)

select * from final
