-- The SIPRI deals of the recipients in the list (null: every recipient) in version v, as
-- sipri_deal_licence_for reads them, one row per deal and listed delivery year: the deal's units,
-- TIV and local units (licence production) split evenly over its listed years. A deal without a
-- delivery year has no row here.
create or replace macro sipri_deal_entries_for(recipient_codes, v) as table
    with deals as (
        select
            *,
            list_filter(list_transform(
                string_split(coalesce(delivery_years, ''), ';'), lambda listed: try_cast(trim(listed) as integer)
            ), lambda year: year is not null) as years
        from sipri_deal_licence_for(recipient_codes, v)
    ),
    entries as (
        select deals.* exclude (years), len(years) as n_years, unnest(years) as year
        from deals
        where len(years) > 0
    )
    select
        entries.* exclude (n_years),
        coalesce(units_delivered, 0) / n_years as year_units,
        coalesce(tiv_delivered, 0) / n_years as year_tiv_mn,
        local_units / n_years as year_local_units,
        local_tiv_mn / n_years as year_local_tiv_mn
    from entries;
