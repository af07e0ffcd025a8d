-- What each SIPRI release with TIV per year covers for each recipient in the list (null: every recipient), in
-- version v: the years from its first to its last delivery to that recipient; for every supplier (supplier_code
-- null) or, for a release limited to some suppliers (sipri_releases.all_suppliers false), for each supplier it
-- lists. release_order sorts releases by their "Data generated" stamp (then id): a greater one is newer.
-- tiv_yearly_for reads it to let the newest release win a year (prefer 'newest'); the lookup tiv_year_sources to
-- say which newer release covers a year the view takes from an older one.
create or replace macro tiv_release_cover_for(recipient_codes, v) as table
    with release_scope as (
        select
            release_id,
            bool_and(coalesce(all_suppliers, true)) as all_suppliers,
            max(data_generated) as data_generated
        from sipri_releases
        group by release_id
    ),

    tiv as (
        select
            tiv.recipient_code,
            tiv.release_id,
            tiv.method,
            tiv.year,
            release_scope.data_generated,
            case when coalesce(release_scope.all_suppliers, true) then null else tiv.supplier_code end
                as supplier_code
        from tiv_deliveries_at(v) as tiv
        left join release_scope on release_scope.release_id = tiv.release_id
        where recipient_codes is null or list_contains(recipient_codes, tiv.recipient_code)
    ),

    final as (
        select
            recipient_code,
            release_id,
            any_value(method) as method,
            any_value(data_generated) as data_generated,
            strftime(coalesce(any_value(data_generated), timestamp '0001-01-01'), '%Y%m%d%H%M%S') || release_id
                as release_order,
            supplier_code,
            min(year) as first_year,
            max(year) as last_year
        from tiv
        group by recipient_code, release_id, supplier_code
    )

    select * from final;
