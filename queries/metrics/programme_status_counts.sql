-- metric: programme_status_counts
-- label: Contracted programmes by delivery status
-- grain: one row per status; a programme counts once, with the status of its most recently published claim
-- unit: programmes
-- params: recipient:country, v:version
-- columns: status, n_programmes, n_claims, source_ids
with records as (
    select * from delivery_records_at($v)
    where recipient_code = $recipient
),

claims as (
    select
        records.*,
        row_number() over (
            partition by records.programme_id
            order by sources.published_date desc nulls last, records.source_id
        ) as claim_rank,
        count(*) over (partition by records.programme_id) as n_claims
    from records
    left join sources_at($v) as sources on sources.source_id = records.source_id
),

final as (
    select
        status,
        count(*) as n_programmes,
        sum(n_claims)::integer as n_claims,
        string_agg(distinct source_id, ', ' order by source_id) as source_ids
    from claims
    where claim_rank = 1
    group by status
)

select * from final
order by n_programmes desc, status
