-- metric: deal_releases
-- label: The SIPRI releases whose deals the arsenal estimate from deliveries uses
-- grain: one row per SIPRI release with deals for the recipient, as sipri_deals_preferred_at reads them (the trade
--     register where it covers a supplier, else the delivery-year export)
-- unit: deals; years (first and last delivery year listed)
-- params: recipient:country, v:version
-- columns: release_id, layout, data_generated, n_deals, first_year, last_year
with deals as (
    select * from sipri_deals_preferred_for([$recipient], $v)
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
)

select * from final
order by data_generated desc nulls last, release_id
