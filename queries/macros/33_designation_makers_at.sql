-- Which maker a SIPRI weapon designation stands for, from the systems table of version v: one row
-- per designation and maker (a system lists its designations ';'-separated). The mapping is the same
-- for every recipient (a Su-30MK is Sukhoi's whoever buys it); `systems` names the systems it comes from.
create or replace macro designation_makers_at(v) as table
    with listed as (
        select
            trim(unnest(string_split(sipri_designations, ';'))) as designation,
            maker_entity_id,
            system,
            source_id
        from systems_at(v)
        where coalesce(trim(sipri_designations), '') <> ''
    )
    select
        designation,
        maker_entity_id,
        string_agg(distinct system, '; ' order by system) as systems,
        string_agg(distinct source_id, ', ' order by source_id) as source_ids
    from listed
    where designation <> ''
    group by designation, maker_entity_id;
