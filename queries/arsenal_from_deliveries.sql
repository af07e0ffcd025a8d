-- metric: arsenal_from_deliveries
-- label: Arsenal by origin estimated from deliveries still in service (SIPRI trade register and an assumed service life)
-- grain: one row per equipment category and origin, plus one row per origin for all categories ("all categories"); deals as sipri_deals_preferred_at reads them (the trade register where it covers a supplier, else the delivery-year export); a weapon delivered in year y counts while as_of < y + service life of its category (service_life table); units and TIV delivered are split evenly over a deal's listed delivery years; combine_russia 1 counts the Soviet Union with Russia
-- unit: units (items in service); tiv_mn (millions of SIPRI TIV delivered, still in service); units_share_pct and tiv_share_pct (% of the category's estimate, 0-100)
-- params: recipient:country, as_of:year, combine_russia:int, v:version
-- columns: category, service_life_years, origin_code, origin, units, tiv_mn, units_share_pct, tiv_share_pct, n_deals, as_of_year, is_estimate
with recipient_deals as (
    -- the SIPRI import's rule: the trade register's deals where a register covers them (it lists
    -- deliveries back to 1950), else the delivery-year export's; never two copies of one deal
    select * from sipri_deals_preferred_for([$recipient], $v)
),

-- deals alike for the estimate (same supplier, category, description and delivery years) are
-- one group: what follows is computed once per group, not once per deal; n_deals counts the
-- deals of each group
deals as (
    select
        row_number() over (
            order by supplier_code, category, description, delivery_years, first_delivery_year, last_delivery_year
        ) as deal_key,
        *
    from (
        select
            supplier_code,
            category,
            description,
            delivery_years,
            first_delivery_year,
            last_delivery_year,
            sum(coalesce(units_delivered, 0)) as units_delivered,
            sum(coalesce(tiv_delivered, 0)) as tiv_delivered,
            count(*) as n_deals
        from recipient_deals
        group by all
    )
),

life as (
    select * from service_life_at($v)
),

country_names as (
    select * from countries_at($v)
),

-- a deal's SIPRI category decides where there is one; else the first pattern (by priority) matching its description
kinds as (
    select distinct category, description from deals
),

kind_matches as (
    select
        kinds.category,
        kinds.description,
        life.category as life_category,
        life.service_life_years,
        row_number() over (
            partition by kinds.category, kinds.description
            order by case when lower(kinds.category) = lower(life.sipri_category) then 0 else 1 end, life.priority
        ) as match_rank
    from kinds
    inner join life
        on lower(kinds.category) = lower(life.sipri_category)
        or coalesce(life.description_pattern, '') = ''
        or regexp_matches(lower(coalesce(kinds.description, '')), life.description_pattern)
),

category_matches as (
    select
        deals.deal_key,
        kind_matches.life_category as category,
        kind_matches.service_life_years
    from deals
    inner join kind_matches
        on kind_matches.category is not distinct from deals.category
        and kind_matches.description is not distinct from deals.description
        and kind_matches.match_rank = 1
),

listed_years as (
    select deal_key, trim(listed_year) as listed_year
    from (
        select deal_key, unnest(string_split(delivery_years, ';')) as listed_year
        from deals
        where coalesce(trim(delivery_years), '') <> ''
    )
    where trim(listed_year) <> ''
),

delivery_years as (
    select deal_key, listed_year::integer as year from listed_years
    union all
    -- deals without a year list but with first and last delivery years: every year between
    select deal_key, unnest(generate_series(first_delivery_year, last_delivery_year)) as year
    from deals
    where coalesce(trim(delivery_years), '') = '' and first_delivery_year is not null
        and last_delivery_year is not null
),

yearly as (
    select
        delivery_years.deal_key,
        delivery_years.year,
        deals.units_delivered / count(*) over (partition by delivery_years.deal_key) as units,
        deals.tiv_delivered / count(*) over (partition by delivery_years.deal_key) as tiv_mn,
        deals.n_deals,
        case
            when $combine_russia = 1 and deals.supplier_code in ('RUS', 'SUN') then 'RUS'
            else deals.supplier_code
        end as origin_code,
        case
            when $combine_russia = 1 and deals.supplier_code in ('RUS', 'SUN') then 'Russia (incl. Soviet Union)'
            else coalesce(country_names.name, deals.supplier_code)
        end as origin
    from delivery_years
    inner join deals using (deal_key)
    left join country_names on country_names.code = deals.supplier_code
),

in_service as (
    select
        yearly.*,
        category_matches.category,
        category_matches.service_life_years
    from yearly
    inner join category_matches on category_matches.deal_key = yearly.deal_key
    where yearly.year <= $as_of and yearly.year + category_matches.service_life_years > $as_of
),

-- one row per group still in service (its deals counted once, whatever its years in service)
in_service_groups as (
    select
        deal_key,
        category,
        any_value(service_life_years) as service_life_years,
        origin_code,
        origin,
        sum(units) as units,
        sum(tiv_mn) as tiv_mn,
        any_value(n_deals) as n_deals
    from in_service
    group by deal_key, category, origin_code, origin
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
    from in_service_groups
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
