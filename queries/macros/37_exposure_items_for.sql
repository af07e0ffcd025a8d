-- What a recipient's exposure to listed makers is counted over (recipient, data version v, day as_of):
-- one row per item (item_id) and maker, where an item is
--   'imports': a SIPRI deal's TIV delivered in the last five years loaded up to as_of's year (split
--     evenly over the deal's listed delivery years);
--   'arsenal': a SIPRI deal's TIV delivered and still within its category's service life in as_of's year
--     (the arsenal estimate's rule, deal_service_life_for);
--   'programmes' and 'value': an open programme of the delivery records (programme_delays_at) and its
--     undelivered contract value.
-- A deal's maker comes from its designation (designation_makers_at); a programme's from the
-- recipient's systems whose name (before ' (' or ' / ') or SIPRI designation begins the programme's
-- system text as a whole word. maker_entity_id is null where no maker is recorded: the item still
-- counts in the total.
create or replace macro exposure_items_for(recipient, v, as_of) as table
    with entries as (
        select * from sipri_deal_entries_for([recipient], v)
    ),
    last_year as (
        select least(year(as_of::date), max(year)) as last_year from entries where year <= year(as_of::date)
    ),
    life as (
        select * from deal_service_life_for([recipient], v)
    ),
    deal_amounts as (
        select
            'imports' as basket,
            entries.deal_id,
            entries.release_id,
            entries.supplier_code,
            entries.designation,
            entries.order_year,
            sum(entries.year_tiv_mn) as amount,
            min(last_year.last_year) - 4 || '–' || min(last_year.last_year) as period
        from entries
        cross join last_year
        where entries.year between last_year.last_year - 4 and last_year.last_year
        group by all
        union all
        select
            'arsenal',
            entries.deal_id,
            entries.release_id,
            entries.supplier_code,
            entries.designation,
            entries.order_year,
            sum(entries.year_tiv_mn),
            'in service in ' || year(as_of::date)
        from entries
        inner join life
            on life.category is not distinct from entries.category
            and life.description is not distinct from entries.description
        where entries.year <= year(as_of::date) and entries.year + life.service_life_years > year(as_of::date)
        group by all
    ),
    deal_items as (
        select
            deal_amounts.basket,
            deal_amounts.deal_id || ' · ' || deal_amounts.release_id as item_id,
            deal_amounts.designation || coalesce(' (ordered ' || deal_amounts.order_year || ')', '') as item,
            deal_amounts.supplier_code,
            makers.maker_entity_id,
            deal_amounts.amount,
            'tiv_mn' as amount_unit,
            deal_amounts.period,
            deal_amounts.release_id as source_id
        from deal_amounts
        left join designation_makers_at(v) as makers on makers.designation = deal_amounts.designation
        where deal_amounts.amount > 0
    ),
    system_keys as (
        select distinct maker_entity_id, trim(regexp_extract(system, '^(.*?)(?: \(| / |$)', 1)) as system_key
        from systems_at(v)
        where recipient_code = recipient
        union
        select distinct maker_entity_id, trim(unnest(string_split(sipri_designations, ';')))
        from systems_at(v)
        where recipient_code = recipient and coalesce(sipri_designations, '') <> ''
    ),
    programmes as (
        select * from programme_delays_at(v, as_of)
        where recipient_code = recipient and is_open
    ),
    programme_makers as (
        select distinct programmes.programme_id, system_keys.maker_entity_id
        from programmes
        inner join system_keys
            on system_keys.system_key <> ''
            and starts_with(lower(programmes.system), lower(system_keys.system_key))
            and not regexp_matches(substr(programmes.system, length(system_keys.system_key) + 1, 1), '[A-Za-z0-9]')
    ),
    programme_items as (
        select
            basket,
            programmes.programme_id as item_id,
            programmes.system as item,
            programmes.supplier_code,
            programme_makers.maker_entity_id,
            case when basket = 'programmes' then 1.0 else programmes.value_undelivered_usd_mn end as amount,
            case when basket = 'programmes' then 'programmes' else 'usd_mn' end as amount_unit,
            'open on ' || strftime(as_of::date, '%Y-%m-%d') as period,
            programmes.source_id
        from programmes
        cross join (select unnest(['programmes', 'value']) as basket)
        left join programme_makers on programme_makers.programme_id = programmes.programme_id
    )
    select * from deal_items
    union all
    select * from programme_items where amount is not null;
