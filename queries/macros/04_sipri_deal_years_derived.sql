-- The rows of sipri_deal_years for the recipients in the list (null: every recipient), from every
-- version of their deals: a deal's listed delivery years sorted, each with the gap to the next.
create or replace macro sipri_deal_years_derived(recipient_codes) as table
    with deals as (
        select
            recipient_code, supplier_code, category, description, release_id, version_added, version_removed,
            coalesce(units_delivered, 0) as units_delivered,
            coalesce(tiv_delivered, 0) as tiv_delivered,
            list_sort(case
                -- a listed year that is no whole number is left out (SIPRI's loader writes only numbers)
                when coalesce(trim(delivery_years), '') <> '' then list_filter(list_transform(
                    string_split(delivery_years, ';'), lambda listed: try_cast(trim(listed) as integer)
                ), lambda year: year is not null)
                when first_delivery_year is not null and last_delivery_year is not null
                    then generate_series(first_delivery_year, last_delivery_year)
                else []
            end) as years
        from sipri_deals
        where recipient_codes is null or list_contains(recipient_codes, recipient_code)
    ),
    entries as (
        select
            deals.* exclude (years),
            len(years) as n_years,
            unnest(if(len(years) = 0, [null::integer], years)) as year,
            unnest(if(len(years) = 0, [null::integer], list_transform(
                generate_series(1, len(years)), lambda i: if(i < len(years), years[i + 1] - years[i], null)
            ))) as next_gap
        from deals
    )
    select
        recipient_code, supplier_code, category, description, release_id, year, next_gap,
        coalesce(sum(units_delivered / nullif(n_years, 0)), 0) as units,
        coalesce(sum(tiv_delivered / nullif(n_years, 0)), 0) as tiv_mn,
        count(*)::integer as n_deals,
        version_added, version_removed
    from entries
    group by all;
