-- metric: arsenal_from_deliveries
-- label: Arsenal by origin estimated from deliveries still in service (SIPRI trade register and an assumed service
--     life)
-- grain: one row per equipment category and origin, plus one row per origin for all categories ("all categories");
--     deals as sipri_deals_preferred_at reads them (the trade register where it covers a supplier, else the
--     delivery-year export), read from sipri_deal_years; a weapon delivered in year y counts while as_of < y + service
--     life of its category (service_life table); units and TIV delivered are split evenly over a deal's listed delivery
--     years; n_deals counts a deal while any of its years does; combine_russia 1 counts the Soviet Union with Russia
-- unit: units (items in service); tiv_mn (millions of SIPRI TIV delivered, still in service); units_share_pct and
--     tiv_share_pct (% of the category's estimate, 0-100)
-- params: recipient:country, as_of:year, combine_russia:int, v:version
-- columns: category, service_life_years, origin_code, origin, units, tiv_mn, units_share_pct, tiv_share_pct, n_deals,
--     as_of_year, is_estimate
with recipient_years as (
    -- the SIPRI import's rule (the trade register's deals where a register covers them, else the
    -- delivery-year export's) over the deals' delivery years as sipri_deal_years holds them: each
    -- deal's units and TIV split evenly over its listed years, deals alike summed, one row per year
    select * from sipri_deal_years_preferred_for([$recipient], $v)
    where year is not null
),

country_names as (
    select * from countries_at($v)
),

-- each kind of deal's assumed service life (a deal's SIPRI category decides where there is one; else the first
-- pattern by priority matching its description: macro deal_service_life_for)
kind_matches as (
    select * from deal_service_life_for([$recipient], $v)
),

-- a year's units and TIV count while year <= as_of < year + service life; a deal counts once while
-- any of its years does: each year until the service life ends or its next listed year begins
in_service as (
    select
        kind_matches.life_category as category,
        kind_matches.service_life_years,
        -- combined suppliers (supplier_groups, e.g. the Soviet Union with Russia) take their group's code and name
        coalesce(
            case when $combine_russia = 1 then supplier_groups.group_code end, recipient_years.supplier_code
        ) as origin_code,
        coalesce(
            case when $combine_russia = 1 then supplier_groups.group_name end,
            country_names.name,
            recipient_years.supplier_code
        ) as origin,
        recipient_years.units,
        recipient_years.tiv_mn,
        case
            when $as_of < recipient_years.year + least(
                kind_matches.service_life_years, coalesce(recipient_years.next_gap, kind_matches.service_life_years)
            ) then recipient_years.n_deals
            else 0
        end as n_deals
    from recipient_years
    inner join kind_matches
        on kind_matches.category is not distinct from recipient_years.category
        and kind_matches.description is not distinct from recipient_years.description
    left join country_names on country_names.code = recipient_years.supplier_code
    left join supplier_groups on supplier_groups.member_code = recipient_years.supplier_code
    where recipient_years.year <= $as_of and recipient_years.year + kind_matches.service_life_years > $as_of
),

by_origin as (
    select
        coalesce(category, 'all categories') as category,
        case when grouping(category) = 0 then max(service_life_years) end as service_life_years,
        origin_code,
        origin,
        sum(units) as units,
        sum(tiv_mn) as tiv_mn,
        sum(n_deals) as n_deals
    from in_service
    group by grouping sets ((category, origin_code, origin), (origin_code, origin))
),

final as (
    select
        category,
        service_life_years,
        origin_code,
        origin,
        units,
        tiv_mn,
        100 * units / nullif(sum(units) over (partition by category), 0) as units_share_pct,
        100 * tiv_mn / nullif(sum(tiv_mn) over (partition by category), 0) as tiv_share_pct,
        n_deals::integer as n_deals,
        $as_of as as_of_year,
        true as is_estimate
    from by_origin
)

select * from final
order by category = 'all categories' desc, category, tiv_mn desc, origin
