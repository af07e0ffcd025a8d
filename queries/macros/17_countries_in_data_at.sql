-- Every country named in the data at version v, once per role it plays: 'recipient' (an importer in
-- the shares, TIV, inventory or delivery records) or 'supplier' (an exporter or an inventory origin),
-- with its name (the code where countries has none) and the number of rows naming it in that role.
-- The lookups recipients and suppliers read it.
create or replace macro countries_in_data_at(v) as table
    with named as (
        select 'recipient' as role, recipient_code as code from published_import_shares_at(v)
        union all select 'recipient', recipient_code from tiv_deliveries_at(v)
        union all select 'recipient', recipient_code from inventory_origin_at(v)
        union all select 'recipient', recipient_code from delivery_records_at(v)
        union all select 'supplier', supplier_code from published_import_shares_at(v)
        union all select 'supplier', supplier_code from tiv_deliveries_at(v)
        union all select 'supplier', origin_code from inventory_origin_at(v) where origin_code is not null
        union all select 'supplier', supplier_code from delivery_records_at(v)
    ),

    final as (
        select
            named.role,
            named.code,
            coalesce(countries.name, named.code) as name,
            count(*) as n_rows
        from named
        left join countries_at(v) as countries on countries.code = named.code
        group by named.role, named.code, countries.name
    )

    select * from final;
