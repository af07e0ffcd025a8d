-- metric: delivery_claims
-- label: What each source says about each programme
-- grain: one row per claim (programme and source); is_used marks the claim statistics use (newest published with a
--     readable promised date)
-- unit: dates as the source writes them; delay_months (whole months) by that claim alone
-- params: recipient:country, v:version, as_of:date=today
-- columns: programme_id, system, supplier_code, status, promised, actual_or_expected, promised_by, stated_by,
--     delay_months, excluded_reason, is_used, units_ordered, units_delivered, contract_value_usd_mn, source_id,
--     source_title, source_publisher, source_url, source_date, note
with claims as (
    select * from delivery_claims_at($v, $as_of)
    where recipient_code = $recipient
),

final as (
    select
        programme_id,
        system,
        supplier_code,
        status,
        promised_delivery as promised,
        actual_or_expected_delivery as actual_or_expected,
        last_day(promised_month) as promised_by,
        last_day(stated_month) as stated_by,
        delay_months,
        excluded_reason,
        is_used,
        units_ordered,
        units_delivered,
        contract_value_usd_mn,
        source_id,
        source_title,
        source_publisher,
        source_url,
        source_date,
        note
    from claims
)

select * from final
order by programme_id, source_date desc nulls last, source_id
