-- metric: tiv_year_sources
-- label: Which SIPRI release each year of a recipient's computed shares comes from
-- grain: one row per year with TIV in the range and release used (as tiv_yearly_for reads them with prefer), with the
--     newest other release that also covers the year and is newer than the one used (empty when none is)
-- unit: years
-- params: recipient:country, from:year, to:year, v:version, prefer:release=split
-- columns: year, release_id, layout, method, data_generated, newer_release_id, newer_layout, newer_data_generated
with used as (
    select distinct year, release_id, method
    from tiv_yearly_for([$recipient], $v, prefer := $prefer)
    where recipient_code = $recipient and year between $from and $to
),

cover as (
    select * from tiv_release_cover_for([$recipient], $v)
    where recipient_code = $recipient
),

release_order as (
    select distinct release_id, release_order from cover
),

releases as (
    select release_id, any_value(layout) as layout, max(data_generated) as data_generated
    from sipri_releases
    group by release_id
),

newer as (
    select
        used.year,
        used.release_id,
        cover.release_id as newer_release_id,
        row_number() over (partition by used.year, used.release_id order by cover.release_order desc) as newer_rank
    from used
    inner join release_order on release_order.release_id = used.release_id
    inner join cover
        on used.year between cover.first_year and cover.last_year
        and cover.release_order > release_order.release_order
),

final as (
    select
        used.year,
        used.release_id,
        releases.layout,
        used.method,
        releases.data_generated,
        newer.newer_release_id,
        newer_releases.layout as newer_layout,
        newer_releases.data_generated as newer_data_generated
    from used
    left join releases on releases.release_id = used.release_id
    left join newer on newer.year = used.year and newer.release_id = used.release_id and newer.newer_rank = 1
    left join releases as newer_releases on newer_releases.release_id = newer.newer_release_id
)

select * from final
order by year, release_id
