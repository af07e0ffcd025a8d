-- metric: delivery_delays
-- label: Delivery delay per contracted programme
-- grain: one row per programme (top > 0: only the top with the longest delays, then the most value owed; n_matching
--     counts them all); figures from its most recently published claim with a readable promised date, the
--     delay from its original promise (the earliest any source gives); claims lists what every source says
-- unit: delay_months (whole calendar months, completion month - original promised month; negative = early);
--     slip_months (latest expected month - original promised month); promised = the original promise as written,
--     current_promise = the chosen claim's (possibly re-planned) promise
-- params: recipient:country, v:version, as_of:date=today, supplier:text=all, category:text=all,
--     contract_from:year=1900, contract_to:year=2100, top:int=0
-- columns: programme_id, system, supplier_code, supplier, category, contract_year, contract_value_usd_mn,
--     units_ordered, units_delivered, units_owed, value_undelivered_usd_mn, status, promised, current_promise,
--     actual_or_expected, contract_start, promised_by, promised_latest_by, current_promised_by, stated_by,
--     expected_by, completion_by, delay_months, slip_months, delay_basis, is_open, is_late_now,
--     excluded_reason, claims, promised_claims, stated_claims, n_claims, delay_min_months, delay_max_months, source_id,
--     source_title, source_publisher, source_url, source_date, all_source_ids, note, claims_list, n_matching
with programmes as not materialized (
    select * from programme_delays_at($v, $as_of)
    where recipient_code = $recipient
),

countries as (
    select * from countries_at($v)
),

matching as (
    select programme_row, programme_id, delay_months, value_undelivered_usd_mn, contract_year from programmes
    where ($supplier = 'all' or supplier_code = upper($supplier))
        and ($category = 'all' or category = $category)
        and (contract_year is null or contract_year between $contract_from and $contract_to)
),

shown as (
    -- only the key columns of every matching programme are sorted; whole rows are read for the ones shown, by their
    -- place in the table (a window over a large recipient's whole rows ran out of memory at 2M records)
    select programme_row from matching
    order by delay_months desc nulls last, value_undelivered_usd_mn desc nulls last, contract_year, programme_id
    limit nullif($top, 0)
),

filtered as (
    select
        programmes.*,
        (select count(*) from matching) as n_matching
    from programmes
    semi join shown on shown.programme_row = programmes.programme_row
),

final as (
    select
        filtered.programme_id,
        filtered.system,
        filtered.supplier_code,
        coalesce(countries.name, filtered.supplier_code) as supplier,
        filtered.category,
        filtered.contract_year,
        filtered.contract_value_usd_mn,
        filtered.units_ordered,
        filtered.units_delivered,
        filtered.units_owed,
        filtered.value_undelivered_usd_mn,
        filtered.status,
        coalesce(filtered.original_promise, filtered.promised_delivery) as promised,
        filtered.promised_delivery as current_promise,
        filtered.actual_or_expected_delivery as actual_or_expected,
        make_date(filtered.contract_year, 1, 1) as contract_start,
        last_day(filtered.original_month) as promised_by,
        last_day(filtered.original_latest_month) as promised_latest_by,
        last_day(filtered.promised_month) as current_promised_by,
        last_day(filtered.stated_month) as stated_by,
        last_day(filtered.expected_month) as expected_by,
        last_day(filtered.completion_month) as completion_by,
        filtered.delay_months,
        filtered.slip_months,
        filtered.delay_basis,
        filtered.is_open,
        filtered.is_late_now,
        filtered.excluded_reason,
        concat_ws('; ', 'promised ' || filtered.promised_claims, 'actual/expected ' || filtered.stated_claims) as claims,
        filtered.promised_claims,
        filtered.stated_claims,
        filtered.n_claims,
        filtered.delay_min_months,
        filtered.delay_max_months,
        filtered.source_id,
        filtered.source_title,
        filtered.source_publisher,
        filtered.source_url,
        filtered.source_date,
        filtered.all_source_ids,
        filtered.note,
        filtered.claims_list,
        filtered.n_matching
    from filtered
    left join countries on countries.code = filtered.supplier_code
)

select * from final
order by contract_year nulls last, promised_by nulls last, system
