-- metric: tiv_releases
-- label: SIPRI data releases behind a recipient's computed shares
-- grain: one row per SIPRI release (and method) with TIV rows for the recipient, as tiv_yearly_at reads them
-- unit: years (first and last delivery year covered)
-- params: recipient:country, v:version, prefer:release=split
-- columns: release_id, layout, data_generated, method, first_year, last_year, source_title
with tiv as (
    select * from tiv_yearly_for([$recipient], $v, prefer := $prefer)
    where recipient_code = $recipient
),

releases as (
    select * from sipri_releases_at($v)
),

sources as (
    select * from sources_at($v)
),

coverage as (
    select release_id, method, min(year) as first_year, max(year) as last_year
    from tiv
    group by release_id, method
),

final as (
    select
        coverage.release_id,
        releases.layout,
        releases.data_generated,
        coverage.method,
        coverage.first_year,
        coverage.last_year,
        sources.title as source_title
    from coverage
    left join releases on releases.release_id = coverage.release_id
    left join sources on sources.source_id = coverage.release_id
)

select * from final
order by data_generated desc nulls last, release_id
