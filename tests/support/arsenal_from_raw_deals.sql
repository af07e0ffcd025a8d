-- The arsenal estimate computed from the raw deals, as queries/arsenal_from_deliveries.sql computed it before it
-- read sipri_deal_years (commit 0b1e28a): the reference tests/test_deal_years.py holds the metric to.
-- params: recipient:country, as_of:year, combine_russia:int, v:version
with recipient_deals as (
    -- the SIPRI import's rule: the trade register's deals where a register covers them (it lists
    -- deliveries back to 1950), else the delivery-year export's; never two copies of one deal
    select * from sipri_deals_preferred_for([$recipient], $v)
),

deals as (
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
),

deal_years as (
    select
        deals.*,
        case
            when coalesce(trim(delivery_years), '') <> '' then list_transform(
                list_filter(string_split(delivery_years, ';'), lambda listed: trim(listed) <> ''),
                lambda listed: trim(listed)::integer
            )
            when first_delivery_year is not null and last_delivery_year is not null
                then generate_series(first_delivery_year, last_delivery_year)
            else []
        end as years
    from deals
),

life as (
    select * from service_life_at($v)
),

country_names as (
    select * from countries_at($v)
),

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

in_service_groups as (
    select
        kind_matches.life_category as category,
        kind_matches.service_life_years,
        case
            when $combine_russia = 1 and deal_years.supplier_code in ('RUS', 'SUN') then 'RUS'
            else deal_years.supplier_code
        end as origin_code,
        case
            when $combine_russia = 1 and deal_years.supplier_code in ('RUS', 'SUN') then 'Russia (incl. Soviet Union)'
            else coalesce(country_names.name, deal_years.supplier_code)
        end as origin,
        len(list_filter(
            deal_years.years, lambda year: year <= $as_of and year + kind_matches.service_life_years > $as_of
        )) as years_in_service,
        len(deal_years.years) as n_years,
        deal_years.units_delivered,
        deal_years.tiv_delivered,
        deal_years.n_deals
    from deal_years
    inner join kind_matches
        on kind_matches.category is not distinct from deal_years.category
        and kind_matches.description is not distinct from deal_years.description
        and kind_matches.match_rank = 1
    left join country_names on country_names.code = deal_years.supplier_code
),

by_origin as (
    select
        coalesce(category, 'all categories') as category,
        case when grouping(category) = 0 then max(service_life_years) end as service_life_years,
        origin_code,
        origin,
        sum(units_delivered * years_in_service / n_years) as units,
        sum(tiv_delivered * years_in_service / n_years) as tiv_mn,
        sum(n_deals) as n_deals
    from in_service_groups
    where years_in_service > 0
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
