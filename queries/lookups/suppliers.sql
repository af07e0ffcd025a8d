-- metric: suppliers
-- label: Suppliers with data
-- grain: one row per supplier (country of origin) named anywhere in the data
-- unit: counts of rows
-- params: v:version
-- columns: supplier_code, supplier, n_rows
with final as (
    select code as supplier_code, name as supplier, n_rows
    from countries_in_data_at($v)
    where role = 'supplier'
)

select * from final
order by supplier
