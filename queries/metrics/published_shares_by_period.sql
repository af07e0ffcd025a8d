-- metric: published_shares_by_period
-- label: Published supplier shares of imports, by period
-- grain: one row per supplier and period (the most recently published figure where sources differ)
-- unit: share_pct (% of the recipient's imports of major arms, SIPRI TIV, 0-100)
-- params: recipient:country, v:version
-- columns: period_start, period_end, period, supplier_code, supplier, share_pct, source_id, source_title,
--     source_publisher, source_url, source_date
with shares as (
    select * from published_import_shares_at($v)
    where recipient_code = $recipient
),

sources as (
    select * from sources_at($v)
),

ranked as (
    select
        shares.*,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date,
        row_number() over (
            partition by shares.supplier_code, shares.period_start, shares.period_end
            order by sources.published_date desc nulls last, shares.source_id
        ) as claim_rank
    from shares
    left join sources on sources.source_id = shares.source_id
),

final as (
    select
        ranked.period_start,
        ranked.period_end,
        ranked.period_start::varchar || '–' || right(ranked.period_end::varchar, 2) as period,
        ranked.supplier_code,
        coalesce(countries.name, ranked.supplier_code) as supplier,
        ranked.share_pct,
        ranked.source_id,
        ranked.source_title,
        ranked.source_publisher,
        ranked.source_url,
        ranked.source_date
    from ranked
    left join countries_at($v) as countries on countries.code = ranked.supplier_code
    where ranked.claim_rank = 1
)

select * from final
order by period_end, period_start, share_pct desc, supplier
