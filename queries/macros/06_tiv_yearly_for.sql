-- SIPRI TIV by recipient, supplier and year as the metrics should read it: where the
-- delivery-year export (SIPRI's own yearly split) covers a recipient-year, its rows are
-- used; otherwise the trade register's even split over the listed delivery years. A
-- delivery-year release limited to some suppliers (sipri_releases.all_suppliers false)
-- covers only those suppliers' rows, so the register still gives the other suppliers.
-- tiv_yearly_for(recipient_codes, v) reads only the recipients in the list (the rule is per
-- recipient-year, so the rows are exactly those of tiv_yearly_at for them): metrics of one
-- recipient use it, so their cost does not grow with the whole table. A null list means
-- every recipient (tiv_yearly_at).
create or replace macro tiv_yearly_for(recipient_codes, v) as table
    with tiv as (
        select * from tiv_deliveries_at(v)
        where recipient_codes is null or list_contains(recipient_codes, recipient_code)
    ),
    release_scope as (
        select release_id, bool_and(coalesce(all_suppliers, true)) as all_suppliers
        from sipri_releases
        group by release_id
    ),
    exact as (
        select distinct
            tiv.recipient_code,
            tiv.year,
            case when coalesce(release_scope.all_suppliers, true) then null else tiv.supplier_code end as supplier_code
        from tiv
        left join release_scope on release_scope.release_id = tiv.release_id
        where tiv.method = 'delivery_year'
    )
    select tiv.*
    from tiv
    where tiv.method = 'delivery_year'
        or not exists (
            select 1 from exact
            where exact.recipient_code = tiv.recipient_code
                and exact.year = tiv.year
                and (exact.supplier_code is null or exact.supplier_code = tiv.supplier_code)
        );
