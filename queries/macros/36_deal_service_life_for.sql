-- The assumed service life (service_life table of version v) of each kind of SIPRI deal of the
-- recipients in the list (null: every recipient): one row per SIPRI category and description. A
-- deal's SIPRI category decides where there is one; else the first pattern (by priority) matching
-- its lower-case description: the rule of the arsenal estimate from deliveries.
create or replace macro deal_service_life_for(recipient_codes, v) as table
    with kinds as (
        select distinct category, description from sipri_deals_preferred_for(recipient_codes, v)
    ),
    matched as (
        select
            kinds.category,
            kinds.description,
            life.category as life_category,
            life.service_life_years,
            row_number() over (
                partition by kinds.category, kinds.description
                order by case when lower(kinds.category) = lower(life.sipri_category) then 0 else 1 end, life.priority
            ) as match_rank
        from kinds
        inner join service_life_at(v) as life
            on lower(kinds.category) = lower(life.sipri_category)
            or coalesce(life.description_pattern, '') = ''
            or regexp_matches(lower(coalesce(kinds.description, '')), life.description_pattern)
    )
    select category, description, life_category, service_life_years
    from matched
    where match_rank = 1;
