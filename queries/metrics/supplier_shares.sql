-- metric: supplier_shares
-- label: Supplier shares of a recipient's arms imports over a year range
-- grain: one row per supplier; computed from SIPRI TIV where the store holds TIV for the recipient in the range, else
--     SIPRI's published shares for exactly that period (the most recently published figure where sources differ)
-- unit: share_pct (% of the recipient's imports of major arms, 0-100; unknown suppliers count in the total); tiv_mn
--     (millions of SIPRI TIV; empty for published shares)
-- params: recipient:country, from:year, to:year, combine_russia:int=0, v:version, prefer:release=split
-- columns: supplier_code, supplier, tiv_mn, share_pct, basis, source_id, source_title, source_date
with tiv as (
    select * from tiv_yearly_for([$recipient], $v, prefer := $prefer)
    where recipient_code = $recipient and year between $from and $to
),

published as (
    select * from published_import_shares_at($v)
    where recipient_code = $recipient and period_start = $from and period_end = $to
),

sources as (
    select * from sources_at($v)
),

country_names as (
    select * from countries_at($v)
),

computed as (
    select
        -- combined suppliers (supplier_groups, e.g. the Soviet Union with Russia) take their group's code
        coalesce(case when $combine_russia = 1 then supplier_groups.group_code end, tiv.supplier_code) as supplier_code,
        sum(tiv.tiv_mn) as tiv_mn,
        string_agg(distinct tiv.release_id, ', ' order by tiv.release_id) as source_id
    from tiv
    left join supplier_groups on supplier_groups.member_code = tiv.supplier_code
    group by 1
),

computed_shares as (
    select
        supplier_code,
        tiv_mn,
        100 * tiv_mn / nullif(sum(tiv_mn) over (), 0) as share_pct,
        'computed: SIPRI TIV' as basis,
        source_id
    from computed
),

published_ranked as (
    select
        published.supplier_code,
        published.share_pct,
        published.source_id,
        row_number() over (
            partition by published.supplier_code
            order by sources.published_date desc nulls last, published.source_id
        ) as claim_rank
    from published
    left join sources on sources.source_id = published.source_id
),

published_shares as (
    select supplier_code, null::double as tiv_mn, share_pct, 'published' as basis, source_id
    from published_ranked
    where claim_rank = 1
),

chosen as (
    select * from computed_shares
    union all
    select * from published_shares
    where not exists (select 1 from computed_shares)
),

final as (
    select
        chosen.supplier_code,
        coalesce(supplier_group_names.group_name, country_names.name, chosen.supplier_code) as supplier,
        chosen.tiv_mn,
        chosen.share_pct,
        chosen.basis,
        chosen.source_id,
        sources.title as source_title,
        sources.published_date as source_date
    from chosen
    left join country_names on country_names.code = chosen.supplier_code
    left join (select distinct group_code, group_name from supplier_groups) as supplier_group_names
        on supplier_group_names.group_code = chosen.supplier_code
        and $combine_russia = 1
        and chosen.basis <> 'published'
    left join sources on sources.source_id = chosen.source_id
)

select * from final
order by share_pct desc, supplier
