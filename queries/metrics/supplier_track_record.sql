-- metric: supplier_track_record
-- label: Supplier delivery track record
-- grain: one row per supplier of the recipient's contracted programmes (one claim per programme, as in delivery_delays)
-- unit: programmes; on_time_share_pct 0-100 of programmes due (delivered, or open past their promised date); delay in
--     months; units; USD millions
-- params: recipient:country, v:version, as_of:date=today, category:text=all, contract_from:year=1900,
--     contract_to:year=2100
-- columns: supplier_code, supplier, n_programmes, n_due, n_on_time, on_time_share_pct, n_with_delay,
--     median_delay_months, mean_delay_months, max_delay_months, n_late_now, n_open, units_owed,
--     value_undelivered_usd_mn, n_value_unknown, n_no_promised_date
with programmes as (
    select * from programme_delays_at($v, $as_of)
    where recipient_code = $recipient
        and ($category = 'all' or category = $category)
        and (contract_year is null or contract_year between $contract_from and $contract_to)
),

assessed as (
    select
        programmes.*,
        -- due: delivered, or open with the original promised month already over (cancelled never)
        original_month is not null
            and status <> 'cancelled'
            and (status = 'delivered' or original_month < as_of_month) as is_due,
        status = 'delivered' and delay_months <= 0 as is_on_time
    from programmes
),

by_supplier as (
    select
        supplier_code,
        count(*) as n_programmes,
        count(*) filter (where is_due) as n_due,
        count(*) filter (where is_due and is_on_time) as n_on_time,
        count(delay_months) as n_with_delay,
        median(delay_months) as median_delay_months,
        avg(delay_months) as mean_delay_months,
        max(delay_months) as max_delay_months,
        count(*) filter (where is_late_now) as n_late_now,
        count(*) filter (where is_open) as n_open,
        sum(units_owed) as units_owed,
        sum(value_undelivered_usd_mn) as value_undelivered_usd_mn,
        count(*) filter (where is_open and value_undelivered_usd_mn is null) as n_value_unknown,
        count(*) filter (where nullif(trim(promised_delivery), '') is null) as n_no_promised_date
    from assessed
    group by supplier_code
),

final as (
    select
        by_supplier.supplier_code,
        coalesce(countries.name, by_supplier.supplier_code) as supplier,
        by_supplier.n_programmes,
        by_supplier.n_due,
        by_supplier.n_on_time,
        100.0 * by_supplier.n_on_time / nullif(by_supplier.n_due, 0) as on_time_share_pct,
        by_supplier.n_with_delay,
        by_supplier.median_delay_months::double as median_delay_months,
        by_supplier.mean_delay_months,
        by_supplier.max_delay_months,
        by_supplier.n_late_now,
        by_supplier.n_open,
        by_supplier.units_owed,
        by_supplier.value_undelivered_usd_mn,
        by_supplier.n_value_unknown,
        by_supplier.n_no_promised_date
    from by_supplier
    left join countries_at($v) as countries on countries.code = by_supplier.supplier_code
)

select * from final
order by n_programmes desc, supplier
