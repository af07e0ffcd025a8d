-- metric: late_programmes
-- label: Programmes late against their original promise
-- grain: one row per open programme past its original promise (the earliest promised date any source gives), the
--     longest delay first; at most top rows (0: all)
-- unit: delay_months, delay_min_months, delay_max_months, slip_months (whole months); value_undelivered_usd_mn (USD
--     millions)
-- params: recipient:country, v:version, as_of:date=today, top:int=5
-- columns: programme_id, system, supplier_code, supplier, status, promised, promised_by, current_promise,
--     expected_by, delay_months, delay_min_months, delay_max_months, slip_months, delay_basis,
--     value_undelivered_usd_mn, n_late, source_id, source_title, source_publisher, source_url, source_date
with programmes as not materialized (
    select * from programme_delays_at($v, $as_of)
    where recipient_code = $recipient and is_late_now
),

late as (
    select programme_row, programme_id, delay_months, value_undelivered_usd_mn, system from programmes
),

top as (
    -- the top first (DuckDB's top-n keeps $top rows), then their ranks: a window over every late programme sorted
    -- all of them (180 ms for India's 90k at 1M records)
    select * from late
    order by delay_months desc, value_undelivered_usd_mn desc nulls last, system, programme_id
    limit nullif($top, 0)
),

shown as (
    select
        programme_row,
        row_number() over (
            order by delay_months desc, value_undelivered_usd_mn desc nulls last, system, programme_id
        ) as late_rank
    from top
),

ranked as (
    select
        programmes.*,
        shown.late_rank,
        (select count(*) from late) as n_late
    from programmes
    join shown on shown.programme_row = programmes.programme_row
),

final as (
    select
        ranked.programme_id,
        ranked.system,
        ranked.supplier_code,
        coalesce(countries.name, ranked.supplier_code) as supplier,
        ranked.status,
        coalesce(ranked.original_promise, ranked.promised_delivery) as promised,
        last_day(ranked.original_month) as promised_by,
        ranked.promised_delivery as current_promise,
        last_day(ranked.expected_month) as expected_by,
        ranked.delay_months,
        ranked.delay_min_months,
        ranked.delay_max_months,
        ranked.slip_months,
        ranked.delay_basis,
        ranked.value_undelivered_usd_mn,
        ranked.n_late,
        ranked.source_id,
        ranked.source_title,
        ranked.source_publisher,
        ranked.source_url,
        ranked.source_date,
        ranked.late_rank
    from ranked
    left join countries_at($v) as countries on countries.code = ranked.supplier_code
)

select * exclude (late_rank) from final
order by late_rank
