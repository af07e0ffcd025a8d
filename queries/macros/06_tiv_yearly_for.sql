-- SIPRI TIV by recipient, supplier and year as the metrics should read it, where two releases cover the same years
-- (an older delivery-year export beside a newer trade register), chosen by prefer:
--   'split' (the default): SIPRI's own yearly split where a delivery-year export covers a recipient-year, whatever
--     its date; otherwise the trade register's even split over the listed delivery years. It reproduces SIPRI's
--     published shares (the register's even split reads 2-3 points off). A delivery-year release limited to some
--     suppliers (sipri_releases.all_suppliers false) covers only those suppliers' rows.
--   'newest': each recipient-year (and supplier, for a release limited to some) from the newest release that covers
--     it (tiv_release_cover_for: from its first to its last delivery year to the recipient), as SIPRI advises since
--     it revises history every year.
-- tiv_yearly_for(recipient_codes, v, prefer) reads only the recipients in the list (the rule is per recipient-year,
-- so the rows are exactly those of tiv_yearly_at for them): metrics of one recipient use it, so their cost does not
-- grow with the whole table. A null list means every recipient (tiv_yearly_at).
create or replace macro tiv_yearly_for(recipient_codes, v, prefer := 'split') as table
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
    ),

    cover as (
        select * from tiv_release_cover_for(recipient_codes, v)
        where prefer = 'newest'
    ),

    release_order as (
        select distinct release_id, release_order from cover
    ),

    final as (
        select tiv.*
        from tiv
        left join release_order on release_order.release_id = tiv.release_id
        where case
            when prefer = 'newest' then not exists (
                select 1 from cover
                where cover.recipient_code = tiv.recipient_code
                    and cover.release_order > release_order.release_order
                    and tiv.year between cover.first_year and cover.last_year
                    and (cover.supplier_code is null or cover.supplier_code = tiv.supplier_code)
            )
            else tiv.method = 'delivery_year' or not exists (
                select 1 from exact
                where exact.recipient_code = tiv.recipient_code
                    and exact.year = tiv.year
                    and (exact.supplier_code is null or exact.supplier_code = tiv.supplier_code)
            )
        end
    )

    select * from final;
