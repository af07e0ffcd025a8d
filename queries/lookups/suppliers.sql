-- metric: suppliers
-- label: Suppliers with data
-- grain: one row per supplier (country of origin) named anywhere in the data
-- unit: counts of rows
-- params: v:version
-- columns: supplier_code, supplier, n_rows
with shares as (
    select supplier_code from published_import_shares_at($v)
),

tiv as (
    select supplier_code from tiv_deliveries_at($v)
),

inventory as (
    select origin_code as supplier_code from inventory_origin_at($v)
    where origin_code is not null
),

records as (
    select supplier_code from delivery_records_at($v)
),

all_rows as (
    select * from shares
    union all select * from tiv
    union all select * from inventory
    union all select * from records
),

final as (
    select
        all_rows.supplier_code,
        coalesce(countries.name, all_rows.supplier_code) as supplier,
        count(*) as n_rows
    from all_rows
    left join countries_at($v) as countries on countries.code = all_rows.supplier_code
    group by all_rows.supplier_code, countries.name
)

select * from final
order by supplier
