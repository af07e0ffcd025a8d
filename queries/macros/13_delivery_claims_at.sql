-- One row per claim (delivery_records row) with its dates read and its own delay.
-- Delay in whole months = month of completion - month of the promise, where completion is
-- the delivery month for delivered programmes; for open ones (in_progress, delayed,
-- stalled) the expected month when it lies after as_of, else as_of itself once the
-- promise has passed. Open and not yet due, cancelled, or no readable promise: null
-- (excluded_reason says why). is_used marks the claim statistics use (claim_rank 1 in
-- delivery_programmes_derived: the most recently published claim, sources.published_date compared
-- as text so '2026-05' > '2026', among those with a readable promised date, then by source_id),
-- read from the derived delivery_programmes, so a filter on the recipient reaches the tables.
create or replace macro delivery_claims_at(v, as_of) as table
    with records as (
        select * from delivery_records_at(v)
    ),
    sources as (
        select * from sources_at(v)
    ),
    programmes as (
        select recipient_code, programme_id, source_id as used_source_id, n_claims from delivery_programmes_at(v)
    ),
    parsed as (
        select
            records.*,
            sources.title as source_title,
            sources.publisher as source_publisher,
            sources.url as source_url,
            sources.published_date as source_date,
            delivery_month_last(records.promised_delivery) as promised_month,
            delivery_month_last(records.actual_or_expected_delivery) as stated_month,
            date_trunc('month', as_of::date)::date as as_of_month,
            records.status not in ('delivered', 'cancelled') as is_open,
            coalesce(programmes.used_source_id = records.source_id, false) as is_used,
            programmes.n_claims
        from records
        left join sources on sources.source_id = records.source_id
        left join programmes
            on programmes.recipient_code = records.recipient_code and programmes.programme_id = records.programme_id
    ),
    referenced as (
        select
            parsed.*,
            case
                when status = 'cancelled' then null
                when status = 'delivered' then stated_month
                when stated_month > as_of_month then stated_month
                when promised_month < as_of_month then as_of_month
            end as completion_month,
            case
                when status = 'delivered' then 'actual'
                when stated_month > as_of_month then 'expected'
                else 'as_of'
            end as delay_basis
        from parsed
    ),
    final as (
        select
            referenced.* exclude (delay_basis),
            case when promised_month is not null and completion_month is not null
                then datediff('month', promised_month, completion_month) end as delay_months,
            case when promised_month is not null and completion_month is not null
                then delay_basis end as delay_basis,
            delivery_excluded_reason(status, promised_delivery, promised_month, actual_or_expected_delivery,
                stated_month, completion_month) as excluded_reason
        from referenced
    )
    select * from final;
