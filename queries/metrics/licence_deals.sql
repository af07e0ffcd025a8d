-- metric: licence_deals
-- label: Licence production deal by deal, as read from the SIPRI trade register's comments
-- grain: one row per SIPRI deal of the recipient whose comment speaks of licence production, assembly or kits (as
--     sipri_deal_licence_for reads it), deals as sipri_deals_preferred_for reads them
-- unit: units_ordered, units_delivered, local_units (SIPRI units; local_units null when the comment says only that
--     some were built locally); tiv_delivered, local_tiv_mn (millions of SIPRI TIV)
-- params: recipient:country, v:version
-- columns: supplier_code, designation, order_year, units_ordered, units_delivered, is_local, is_partial, local_units,
--     tiv_delivered, local_tiv_mn, comments, release_id
with deals as (
    select * from sipri_deal_licence_for([$recipient], $v)
),

final as (
    select
        supplier_code,
        designation,
        order_year,
        units_ordered,
        units_delivered,
        is_local,
        is_partial,
        local_units,
        tiv_delivered,
        local_tiv_mn,
        comments,
        release_id
    from deals
    where regexp_matches(lower(coalesce(comments, '')), 'licen[cs]e|assembl|from kits|rebuilt under')
)

select * from final
order by supplier_code, order_year, designation
