-- Each listed entity's listings in force on a day (as_of, a date) in data version v (listings_on), one row per
-- entity: listings as one text ('US EO 13661 (blocking sanction, from 2014-07-16); ...', oldest in force first)
-- and n_listings. An entity with no listing in force has no row.
create or replace macro entity_listings_on(v, as_of) as table
    select
        entity_id,
        string_agg(authority || ' ' || programme || ' (' || kind || ', from ' || listed_on || ')', '; '
            order by in_force_from, authority, programme) as listings,
        count(*) as n_listings
    from listings_on(v, as_of)
    group by entity_id;
