-- Designations in force on a day (as_of, a date) in data version v, with the listed entity's name.
-- A listing counts from the last day its listed_on can mean (a listing dated '2020-12' counts from
-- 31 Dec 2020: certainly listed by then) until the first day its delisted_on can mean: a listing is
-- never attached on a guess about its date.
create or replace macro listings_on(v, as_of) as table
    select
        designations.*,
        entities.name as entity_name,
        date_last_day(designations.listed_on) as in_force_from,
        date_first_day(designations.delisted_on) as in_force_until
    from designations_at(v) as designations
    left join entities_at(v) as entities on entities.entity_id = designations.entity_id
    where date_last_day(designations.listed_on) <= as_of::date
        and (designations.delisted_on is null or date_first_day(designations.delisted_on) > as_of::date);
