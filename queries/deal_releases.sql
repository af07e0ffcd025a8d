-- metric: deal_releases
-- label: The SIPRI release whose deals the arsenal estimate from deliveries uses
-- grain: one row: the release with deals for the recipient that arsenal_from_deliveries reads (the newest trade register, which lists deliveries back to 1950; else the newest export)
-- unit: deals; years (first and last delivery year listed)
-- params: recipient:country, v:version
-- columns: release_id, layout, data_generated, n_deals, first_year, last_year
with deals as (
    select * from sipri_deals_at($v)
    where recipient_code = $recipient
),

releases as (
    select * from sipri_releases_at($v)
),

coverage as (
    select
        release_id,
        count(*) as n_deals,
        min(first_delivery_year) as first_year,
        max(last_delivery_year) as last_year
    from deals
    group by release_id
),

final as (
    select
        coverage.release_id,
        releases.layout,
        releases.data_generated,
        coverage.n_deals::integer as n_deals,
        coverage.first_year,
        coverage.last_year
    from coverage
    left join releases on releases.release_id = coverage.release_id
    -- the same choice as arsenal_from_deliveries makes
    order by
        coalesce(releases.layout = 'trade_register', false) desc,
        releases.data_generated desc nulls last,
        coverage.release_id desc
    limit 1
)

select * from final
