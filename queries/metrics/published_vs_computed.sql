-- metric: published_vs_computed
-- label: Published supplier shares beside the shares computed from SIPRI TIV
-- grain: one row per published figure (recipient, supplier, period, source); the computed share is for the same
--     supplier and period, Russia counted with the Soviet Union as SIPRI does, from the one SIPRI release matching the
--     figure (covering most of its period, then the first generated on or after its publication, else the newest
--     before); empty where no TIV is loaded for the period
-- unit: share_pct (% of the recipient's imports in the period, 0-100); difference_pts (computed minus published,
--     percentage points)
-- params: recipient:country, v:version
-- columns: period_start, period_end, period, supplier_code, supplier, published_share_pct, computed_share_pct,
--     difference_pts, years_with_data, source_id, source_title, source_date, release_ids
with published as (
    select * from published_import_shares_at($v)
    where recipient_code = $recipient
),

sources as (
    select * from sources_at($v)
),

country_names as (
    select * from countries_at($v)
),

-- releases that give every supplier's TIV for the recipient (a share needs the whole total)
cover as (
    select * from tiv_release_cover_for([$recipient], $v)
    where recipient_code = $recipient and supplier_code is null
),

figures as (
    select distinct published.supplier_code, published.period_start, published.period_end, sources.published_date
    from published
    left join sources on sources.source_id = published.source_id
),

-- the release each published figure is compared with: the one covering most of its period; among those, the
-- first generated on or after the figure was published (SIPRI computed it from that release's data), else the
-- newest before it
matched as (
    select
        figures.*,
        cover.release_id,
        row_number() over (
            partition by figures.supplier_code, figures.period_start, figures.period_end, figures.published_date
            order by
                least(cover.last_year, figures.period_end) - greatest(cover.first_year, figures.period_start) desc,
                strftime(cover.data_generated, '%Y-%m-%d') >= figures.published_date desc nulls last,
                case when strftime(cover.data_generated, '%Y-%m-%d') >= figures.published_date
                    then cover.release_order end asc,
                cover.release_order desc
        ) as release_rank
    from figures
    inner join cover on cover.first_year <= figures.period_end and cover.last_year >= figures.period_start
),

tiv as (
    -- group_code: the supplier a published share counts it with (supplier_groups: SIPRI's Russia includes the
    -- Soviet Union)
    select tiv.*, coalesce(supplier_groups.group_code, tiv.supplier_code) as group_code
    from tiv_deliveries_at($v) as tiv
    left join supplier_groups on supplier_groups.member_code = tiv.supplier_code
    where tiv.recipient_code = $recipient
),

computed as (
    select
        matched.supplier_code,
        matched.period_start,
        matched.period_end,
        matched.published_date,
        sum(tiv.tiv_mn) as total_tiv_mn,
        sum(tiv.tiv_mn) filter (
            where tiv.supplier_code = matched.supplier_code
            -- SIPRI's published Russian shares include the Soviet Union
            or tiv.group_code = matched.supplier_code
        ) as supplier_tiv_mn,
        count(distinct tiv.year) as years_with_data,
        any_value(matched.release_id) as release_ids
    from matched
    inner join tiv
        on tiv.release_id = matched.release_id
        and tiv.year between matched.period_start and matched.period_end
    where matched.release_rank = 1
    group by matched.supplier_code, matched.period_start, matched.period_end, matched.published_date
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
    left join sources on sources.source_id = published.source_id
    left join computed
        on computed.supplier_code = published.supplier_code
        and computed.period_start = published.period_start
        and computed.period_end = published.period_end
        and computed.published_date is not distinct from sources.published_date
    left join country_names on country_names.code = published.supplier_code
)

select * from final
order by period_end, period_start, supplier_code, source_date
