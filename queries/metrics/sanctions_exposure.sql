-- metric: sanctions_exposure
-- label: Exposure to listed makers: the share of imports, estimated arsenal, open programmes and undelivered contract
--     value whose maker is listed on a date
-- grain: one row per figure and group of listings: each authority and kind with a listing in force on as_of for a
--     maker of the recipient's items, and authority 'any' / kind 'any list' (a listing of any kind); items as
--     exposure_items_for counts them (an item with no recorded maker counts in the total, never as listed; a
--     listing counts from the last day its date can mean, listings_on)
-- unit: value (share_pct, % of the figure's total, 0-100); listed_amount and total_amount in amount_unit (tiv_mn:
--     millions of SIPRI TIV; programmes; usd_mn: USD millions)
-- params: recipient:country, as_of:date=today, v:version
-- columns: figure, authority, kind, value, unit, listed_amount, total_amount, amount_unit, n_listed_items, n_items,
--     period, is_estimate, basis, source_id, source_title, source_publisher, source_url, source_date
with items as (
    select * from exposure_items_for($recipient, $v, $as_of)
),

listed as (
    select distinct entity_id, authority, kind from listings_on($v, $as_of)
    union all
    select distinct entity_id, 'any', 'any list' from listings_on($v, $as_of)
),

item_totals as (
    select basket, item_id, any_value(amount) as amount, any_value(amount_unit) as amount_unit,
        any_value(period) as period, any_value(source_id) as source_id
    from items
    group by basket, item_id
),

listed_items as (
    select distinct items.basket, items.item_id, listed.authority, listed.kind
    from items
    inner join listed on listed.entity_id = items.maker_entity_id
),

groups as (
    select distinct authority, kind from listed_items
    union
    select 'any', 'any list'
),

baskets as (
    select
        basket,
        sum(amount) as total_amount,
        count(*) as n_items,
        any_value(amount_unit) as amount_unit,
        min(period) as period,
        min(source_id) as source_id
    from item_totals
    group by basket
),

listed_sums as (
    select listed_items.basket, listed_items.authority, listed_items.kind,
        sum(item_totals.amount) as listed_amount, count(*) as n_listed_items
    from listed_items
    inner join item_totals on item_totals.basket = listed_items.basket and item_totals.item_id = listed_items.item_id
    group by all
),

figures as (
    select
        case baskets.basket
            when 'imports' then 1 when 'arsenal' then 2 when 'programmes' then 3 else 4
        end as figure_order,
        case baskets.basket
            when 'imports' then 'Share of imports (SIPRI TIV, last five years)'
            when 'arsenal' then 'Share of the estimated arsenal (SIPRI TIV in service)'
            when 'programmes' then 'Share of open programmes'
            else 'Share of undelivered contract value'
        end as figure,
        groups.authority,
        groups.kind,
        100.0 * coalesce(listed_sums.listed_amount, 0) / nullif(baskets.total_amount, 0) as value,
        'share_pct' as unit,
        coalesce(listed_sums.listed_amount, 0) as listed_amount,
        baskets.total_amount,
        baskets.amount_unit,
        coalesce(listed_sums.n_listed_items, 0) as n_listed_items,
        baskets.n_items,
        baskets.period,
        baskets.basket in ('imports', 'arsenal') as is_estimate,
        case baskets.basket
            when 'imports' then 'SIPRI TIV of deals whose maker is listed, of all the recipient''s deals; each deal''s '
                || 'TIV split evenly over its listed delivery years'
            when 'arsenal' then 'SIPRI TIV delivered and within the assumed service life (estimate), deals whose '
                || 'maker is listed'
            when 'programmes' then 'open programmes of the delivery records whose system''s maker is listed'
            else 'contract value x units owed / units ordered of open programmes whose system''s maker is listed; '
                || 'programmes without a stated value not counted'
        end as basis,
        baskets.source_id
    from baskets
    cross join groups
    left join listed_sums
        on listed_sums.basket = baskets.basket
        and listed_sums.authority = groups.authority
        and listed_sums.kind = groups.kind
),

final as (
    select
        figures.* exclude (figure_order),
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date,
        figures.figure_order
    from figures
    left join sources_at($v) as sources on sources.source_id = figures.source_id
)

select * exclude (figure_order) from final
order by figure_order, authority = 'any' desc, authority, kind
