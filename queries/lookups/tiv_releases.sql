-- metric: tiv_releases
-- label: SIPRI data releases behind a recipient's computed shares
-- grain: one row per SIPRI release (and method) with TIV rows for the recipient, as tiv_yearly_at reads them
-- unit: years (first and last delivery year taken from the release, and the runs of years between them it gives)
-- params: recipient:country, v:version, prefer:release=split
-- columns: release_id, layout, data_generated, method, first_year, last_year, year_runs, source_title
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

years as (
    select distinct release_id, method, year from tiv
),

-- consecutive years from one release share an island number (gaps and islands)
islands as (
    select release_id, method, year, year - row_number() over (partition by release_id, method order by year) as island
    from years
),

runs as (
    select
        release_id,
        method,
        min(year) as run_start,
        case when min(year) = max(year) then min(year)::varchar
            else min(year)::varchar || '–' || max(year)::varchar end as run_text
    from islands
    group by release_id, method, island
),

coverage as (
    select
        years.release_id,
        years.method,
        min(years.year) as first_year,
        max(years.year) as last_year,
        (select string_agg(runs.run_text, ', ' order by runs.run_start) from runs
         where runs.release_id = years.release_id and runs.method = years.method) as year_runs
    from years
    group by years.release_id, years.method
),

final as (
    select
        coverage.release_id,
        releases.layout,
        releases.data_generated,
        coverage.method,
        coverage.first_year,
        coverage.last_year,
        coverage.year_runs,
        sources.title as source_title
    from coverage
    left join releases on releases.release_id = coverage.release_id
    left join sources on sources.source_id = coverage.release_id
)

select * from final
order by data_generated desc nulls last, release_id
