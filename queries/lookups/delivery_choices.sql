-- metric: delivery_choices
-- label: Suppliers, categories and contract years of a recipient's programmes (the delivery pages' filters)
-- grain: one row per supplier, category and the first and last contract year of its programmes (two rows, or one where
--     they are the same year)
-- unit: programmes
-- params: recipient:country, v:version
-- columns: supplier_code, supplier, category, contract_year, n_programmes
with programmes as (
    select supplier_code, category, contract_year from delivery_programmes_at($v)
    where recipient_code = $recipient
),

grouped as (
    select
        supplier_code,
        category,
        min(contract_year) as first_year,
        max(contract_year) as last_year,
        count(*) as n_programmes
    from programmes
    group by supplier_code, category
),

final as (
    select distinct
        grouped.supplier_code,
        coalesce(countries.name, grouped.supplier_code) as supplier,
        grouped.category,
        unnest([grouped.first_year, grouped.last_year]) as contract_year,
        grouped.n_programmes
    from grouped
    left join countries_at($v) as countries on countries.code = grouped.supplier_code
)

select * from final
order by supplier, category, contract_year
