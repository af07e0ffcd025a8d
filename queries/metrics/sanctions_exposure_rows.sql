-- metric: sanctions_exposure_rows
-- label: The rows behind the exposure to listed makers: each deal or programme, its maker and the maker's listings on
--     a date
-- grain: one row per item (a SIPRI deal's TIV in the window or in service, an open programme, its undelivered value;
--     see exposure_items_for) and listing of its maker in force on as_of; an item whose maker is not listed (or not
--     recorded) has one row with empty listing columns
-- unit: amount in amount_unit (tiv_mn: millions of SIPRI TIV; programmes; usd_mn: USD millions)
-- params: recipient:country, as_of:date=today, v:version
-- columns: figure, item, supplier_code, maker, authority, kind, programme, listed_on, amount, amount_unit, period,
--     source_id, listing_source_id
with items as (
    select * from exposure_items_for($recipient, $v, $as_of)
),

listings as (
    select * from listings_on($v, $as_of)
),

final as (
    select
        case items.basket
            when 'imports' then 'Share of imports (SIPRI TIV, last five years)'
            when 'arsenal' then 'Share of the estimated arsenal (SIPRI TIV in service)'
            when 'programmes' then 'Share of open programmes'
            else 'Share of undelivered contract value'
        end as figure,
        items.item,
        items.supplier_code,
        coalesce(entities.name, items.maker_entity_id) as maker,
        listings.authority,
        listings.kind,
        listings.programme,
        listings.listed_on,
        items.amount,
        items.amount_unit,
        items.period,
        items.source_id,
        listings.source_id as listing_source_id,
        case items.basket when 'imports' then 1 when 'arsenal' then 2 when 'programmes' then 3 else 4 end
            as figure_order
    from items
    left join entities_at($v) as entities on entities.entity_id = items.maker_entity_id
    left join listings on listings.entity_id = items.maker_entity_id
)

select * exclude (figure_order) from final
order by figure_order, authority is null, amount desc, item, authority, programme
