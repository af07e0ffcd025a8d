-- SIPRI deals as the metrics should read them: each layout keeps the deals of its latest
-- release, so a deal can be there twice (register and delivery-year export). Per recipient,
-- the trade register's deals are used when a register covers it (it has orders, comments
-- and history before 2000), else the delivery-year export's; `layout` says which. A
-- register limited to some suppliers covers only those suppliers' deals.
-- sipri_preferred_for(source_table, recipient_codes, v) applies the rule to the rows of
-- source_table (sipri_deals, or sipri_deal_years derived from it: both carry recipient,
-- supplier, release and version columns, and a deal has at least one row in each) visible
-- in version v, for the recipients in the list only (the rule is per recipient, so the rows
-- are exactly those the whole table would give for them): metrics of one recipient use it,
-- so their cost does not grow with the other recipients' deals. A null list means every recipient.
create or replace macro sipri_preferred_for(source_table, recipient_codes, v) as table
    with releases as (
        select release_id, any_value(layout) as layout, bool_and(coalesce(all_suppliers, true)) as all_suppliers
        from sipri_releases
        group by release_id
    ),
    deals as (
        select visible.*, releases.layout, releases.all_suppliers
        from query_table(source_table) as visible
        inner join releases on releases.release_id = visible.release_id
        where visible.version_added <= v and (visible.version_removed is null or visible.version_removed > v)
            and (recipient_codes is null or list_contains(recipient_codes, visible.recipient_code))
    ),
    register_cover as (
        select distinct
            recipient_code,
            case when all_suppliers then null else supplier_code end as supplier_code
        from deals
        where layout = 'trade_register'
    )
    select deals.* exclude (all_suppliers, version_added, version_removed)
    from deals
    where deals.layout = 'trade_register'
        or not exists (
            select 1 from register_cover
            where register_cover.recipient_code = deals.recipient_code
                and (register_cover.supplier_code is null or register_cover.supplier_code = deals.supplier_code)
        );
