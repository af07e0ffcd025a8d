-- metric: published_vs_computed
-- label: Published supplier shares beside the shares computed from SIPRI TIV
-- grain: one row per published figure (recipient, supplier, period, source); the computed share is for the same
--     supplier and period, Russia counted with the Soviet Union as SIPRI does; empty where no TIV is loaded for the
--     period
-- unit: share_pct (% of the recipient's imports in the period, 0-100); difference_pts (computed minus published,
--     percentage points)
-- params: recipient:country, v:version
-- columns: period_start, period_end, period, supplier_code, supplier, published_share_pct, computed_share_pct,
--     difference_pts, years_with_data, source_id, source_title, source_date, release_ids
with published as (
    select * from published_import_shares_at($v)
    where recipient_code = $recipient
),

tiv as (
    -- group_code: the supplier a published share counts it with (supplier_groups: SIPRI's Russia includes the
    -- Soviet Union)
    select tiv.*, coalesce(supplier_groups.group_code, tiv.supplier_code) as group_code
    from tiv_yearly_for([$recipient], $v) as tiv
    left join supplier_groups on supplier_groups.member_code = tiv.supplier_code
    where tiv.recipient_code = $recipient
),

sources as (
    select * from sources_at($v)
),

country_names as (
    select * from countries_at($v)
),

computed as (
    select
        published.supplier_code,
        published.period_start,
        published.period_end,
        sum(tiv.tiv_mn) as total_tiv_mn,
        sum(tiv.tiv_mn) filter (
            where tiv.supplier_code = published.supplier_code
            -- SIPRI's published Russian shares include the Soviet Union
            or tiv.group_code = published.supplier_code
        ) as supplier_tiv_mn,
        count(distinct tiv.year) as years_with_data,
        string_agg(distinct tiv.release_id, ', ' order by tiv.release_id) as release_ids
    from (select distinct supplier_code, period_start, period_end from published) as published
    inner join tiv on tiv.year between published.period_start and published.period_end
    group by published.supplier_code, published.period_start, published.period_end
),

final as (
    select
        published.period_start,
        published.period_end,
        published.period_start::varchar || '–' || right(published.period_end::varchar, 2) as period,
        published.supplier_code,
        coalesce(country_names.name, published.supplier_code) as supplier,
        published.share_pct as published_share_pct,
        100 * coalesce(computed.supplier_tiv_mn, 0) / nullif(computed.total_tiv_mn, 0) as computed_share_pct,
        100 * coalesce(computed.supplier_tiv_mn, 0) / nullif(computed.total_tiv_mn, 0) - published.share_pct as difference_pts,
        coalesce(computed.years_with_data, 0)::integer as years_with_data,
        published.source_id,
        sources.title as source_title,
        sources.published_date as source_date,
        computed.release_ids
    from published
    left join computed using (supplier_code, period_start, period_end)
    left join sources on sources.source_id = published.source_id
    left join country_names on country_names.code = published.supplier_code
)

select * from final
order by period_end, period_start, supplier_code, source_date
