-- metric: licence_share_by_origin
-- label: Share of delivered arms built in the recipient's own country (licence production and assembly), by origin
--     and five-year period, from SIPRI's trade register comments
-- grain: one row per supplier (origin) and SIPRI five-year period (2009-13, 2014-18, ...) of delivery; each deal's
--     units, TIV and local units split evenly over its listed delivery years; local production as
--     sipri_deal_licence_for reads the comments; units of deals that say only that some were built locally
--     (unknown_units) count in the total, never as local
-- unit: units, local_units, unknown_units (SIPRI units); tiv_mn, local_tiv_mn (millions of SIPRI TIV);
--     local_units_pct, local_tiv_pct (% of the period's deliveries from that origin, 0-100)
-- params: recipient:country, v:version
-- columns: supplier_code, supplier, period_start, period_end, period, units, local_units, unknown_units,
--     local_units_pct, tiv_mn, local_tiv_mn, local_tiv_pct, n_deals_local, release_ids
with entries as (
    select
        *,
        -- SIPRI's windows are aligned on 2009-13, 2014-18, 2019-23; earlier and later ones follow suit
        (2009 + 5 * floor((year - 2009) / 5))::integer as period_start
    from sipri_deal_entries_for([$recipient], $v)
),

by_period as (
    select
        supplier_code,
        period_start,
        sum(year_units) as units,
        sum(coalesce(year_local_units, 0)) as local_units,
        sum(case when year_local_units is null then year_units else 0 end) as unknown_units,
        sum(year_tiv_mn) as tiv_mn,
        sum(coalesce(year_local_tiv_mn, 0)) as local_tiv_mn,
        count(distinct deal_id) filter (where is_local) as n_deals_local,
        string_agg(distinct release_id, ', ' order by release_id) as release_ids
    from entries
    group by supplier_code, period_start
),

final as (
    select
        by_period.supplier_code,
        coalesce(countries.name, by_period.supplier_code) as supplier,
        by_period.period_start,
        by_period.period_start + 4 as period_end,
        by_period.period_start || '–' || right((by_period.period_start + 4)::varchar, 2) as period,
        by_period.units,
        by_period.local_units,
        by_period.unknown_units,
        100.0 * by_period.local_units / nullif(by_period.units, 0) as local_units_pct,
        by_period.tiv_mn,
        by_period.local_tiv_mn,
        100.0 * by_period.local_tiv_mn / nullif(by_period.tiv_mn, 0) as local_tiv_pct,
        by_period.n_deals_local,
        by_period.release_ids
    from by_period
    left join countries_at($v) as countries on countries.code = by_period.supplier_code
)

select * from final
order by supplier_code, period_start
