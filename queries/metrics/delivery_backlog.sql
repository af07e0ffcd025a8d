-- metric: delivery_backlog
-- label: Programmes still owed (delivery backlog)
-- grain: one row per open programme (in progress, delayed or stalled), one claim per programme as in delivery_delays;
--     top > 0: only the top by value owed (n_matching counts them all)
-- unit: units owed; promised_by = the original promise, delay_months from it, slip_months = latest expected minus
--     original promise (months); value_undelivered_usd_mn = contract value x units owed / units ordered (USD
--     millions; null where the value or units delivered are not stated)
-- params: recipient:country, v:version, as_of:date=today, supplier:text=all, top:int=0
-- columns: programme_id, system, supplier_code, supplier, category, status, contract_year, units_ordered,
--     units_delivered, units_owed, contract_value_usd_mn, value_undelivered_usd_mn, promised_by, expected_by,
--     completion_by, delay_months, slip_months, is_late_now, source_id, source_title, source_url, n_matching
with owed as not materialized (
    select * from programme_delays_at($v, $as_of)
    where recipient_code = $recipient
        and is_open
        and ($supplier = 'all' or supplier_code = upper($supplier))
),

matching as (
    select programme_row, programme_id, value_undelivered_usd_mn, system from owed
),

shown as (
    -- whole rows are read for the ones shown only, by their place in the table (delivery_programme_rows_at)
    select programme_row from matching
    order by value_undelivered_usd_mn desc nulls last, system, programme_id
    limit nullif($top, 0)
),

programmes as (
    select
        owed.*,
        (select count(*) from matching) as n_matching
    from owed
    semi join shown on shown.programme_row = owed.programme_row
),

final as (
    select
        programmes.programme_id,
        programmes.system,
        programmes.supplier_code,
        coalesce(countries.name, programmes.supplier_code) as supplier,
        programmes.category,
        programmes.status,
        programmes.contract_year,
        programmes.units_ordered,
        programmes.units_delivered,
        programmes.units_owed,
        programmes.contract_value_usd_mn,
        programmes.value_undelivered_usd_mn,
        last_day(programmes.original_month) as promised_by,
        last_day(programmes.expected_month) as expected_by,
        last_day(programmes.completion_month) as completion_by,
        programmes.delay_months,
        programmes.slip_months,
        programmes.is_late_now,
        programmes.source_id,
        programmes.source_title,
        programmes.source_url,
        programmes.n_matching
    from programmes
    left join countries_at($v) as countries on countries.code = programmes.supplier_code
)

select * from final
order by value_undelivered_usd_mn desc nulls last, system
