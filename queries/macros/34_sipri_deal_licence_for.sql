-- Licence production read from the comments of the SIPRI deals of the recipients in the list (null:
-- every recipient) in version v, as sipri_deals_preferred_for reads them; one row per deal.
-- is_local: the comment says the weapon was produced under licence, assembled (from kits) or rebuilt
--   in the recipient's country ('produced under licence in India', 'produced under Russian licence',
--   'assembled in India from kits'), and names no other country after 'licence in'; 'planned licensed
--   production cancelled' is not.
-- local_units_stated: the number the comment gives ('incl 223 assembled in India', '186 assembled from
--   kits'), read only at the start of a clause or after 'incl' (so 'for 6 corvettes produced in India'
--   is no count).
-- is_partial: no number, but the comment says only some were ('incl assembly', 'most produced'):
--   the local count is unknown (null). 'up to 80% of components produced in India' is local content, not a count.
-- local_units: the stated number (at most the units delivered), else every unit delivered when the
--   whole deal is local, else null; local_tiv_mn likewise, in proportion to the units.
create or replace macro sipri_deal_licence_for(recipient_codes, v) as table
    with deals as (
        select
            deals.*,
            lower(coalesce(deals.comments, '')) as said,
            lower(coalesce(countries.name, deals.recipient_code)) as recipient_name
        from sipri_deals_preferred_for(recipient_codes, v) as deals
        left join countries_at(v) as countries on countries.code = deals.recipient_code
    ),
    read as (
        select
            deals.*,
            regexp_matches(said, 'licen[cs]e|assembl|from kits|rebuilt under')
                and not regexp_matches(said, 'licen[cs]ed production cancelled|planned licen[cs]ed')
                as mentions_local,
            nullif(trim(regexp_extract(said, 'licen[cs]e in ([a-z][a-z ]*?)(?:[;,(]| as | for |$)', 1)), '')
                as licence_country,
            try_cast(nullif(regexp_extract(
                said, '(?:^|; |incl\.? |\(incl\.? )(?:some |about )?([0-9]+) (?:[a-z0-9/-]+ ){0,4}?(?:assembled|produced|rebuilt)', 1
            ), '') as integer) as local_units_stated,
            regexp_matches(said, 'incl[^;]*(?:assembl|licen[cs]e|production)|most (?:produced|rebuilt|assembled)')
                as says_partial
        from deals
    ),
    final as (
        select
            read.* exclude (said, recipient_name, mentions_local, says_partial),
            mentions_local and (licence_country is null or licence_country = recipient_name) as is_local,
            mentions_local and (licence_country is null or licence_country = recipient_name)
                and local_units_stated is null and says_partial as is_partial,
            case
                when not (mentions_local and (licence_country is null or licence_country = recipient_name)) then 0
                when local_units_stated is not null then least(local_units_stated, coalesce(units_delivered, 0))
                when says_partial then null
                else coalesce(units_delivered, 0)
            end as local_units
        from read
    )
    select
        final.*,
        case
            when local_units is null then null
            when coalesce(units_delivered, 0) = 0 then 0.0
            else coalesce(tiv_delivered, 0) * local_units / units_delivered
        end as local_tiv_mn
    from final;
