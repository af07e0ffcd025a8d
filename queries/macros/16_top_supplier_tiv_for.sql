-- One recipient's SIPRI TIV by year and supplier, the suppliers ranked by their TIV over the
-- year range (ties broken by name) and those below top_n merged into one supplier 'OTHER'
-- (top_n 0 keeps all); combine_russia 1 counts the Soviet Union with Russia; prefer chooses the
-- release of each year where two cover it (tiv_yearly_for). One row per row of tiv_yearly_for
-- (year, supplier, tiv_mn, method, release_id): supplier_share_grid_for groups them into years or
-- periods.
create or replace macro top_supplier_tiv_for(
    recipient, year_from, year_to, top_n, combine_russia, v, prefer := 'split'
) as table
    with tiv as (
        select * from tiv_yearly_for([recipient], v, prefer := prefer)
        where recipient_code = recipient and year between year_from and year_to
    ),

    country_names as (
        select * from countries_at(v)
    ),

    by_supplier as (
        select
            tiv.year,
            -- combined suppliers (supplier_groups, e.g. the Soviet Union with Russia) take their group's code and name
            coalesce(case when combine_russia = 1 then supplier_groups.group_code end, tiv.supplier_code) as supplier_code,
            coalesce(
                case when combine_russia = 1 then supplier_groups.group_name end,
                country_names.name,
                tiv.supplier_code
            ) as supplier,
            tiv.tiv_mn,
            tiv.method,
            tiv.release_id
        from tiv
        left join country_names on country_names.code = tiv.supplier_code
        left join supplier_groups on supplier_groups.member_code = tiv.supplier_code
    ),

    ranked_suppliers as (
        select
            supplier_code,
            supplier,
            -- ties in TIV are broken by name, so the ranking never depends on row order
            row_number() over (order by sum(tiv_mn) desc, supplier) as supplier_rank
        from by_supplier
        group by supplier_code, supplier
    ),

    final as (
        select
            by_supplier.year,
            case when top_n = 0 or ranked_suppliers.supplier_rank <= top_n then by_supplier.supplier_code else 'OTHER' end as supplier_code,
            case when top_n = 0 or ranked_suppliers.supplier_rank <= top_n then by_supplier.supplier else 'Other' end as supplier,
            case when top_n = 0 or ranked_suppliers.supplier_rank <= top_n then ranked_suppliers.supplier_rank else top_n + 1 end as supplier_rank,
            by_supplier.tiv_mn,
            by_supplier.method,
            by_supplier.release_id
        from by_supplier
        inner join ranked_suppliers using (supplier_code, supplier)
    )

    select * from final;
