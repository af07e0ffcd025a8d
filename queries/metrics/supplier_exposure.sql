-- metric: supplier_exposure
-- label: If this supplier stopped: what is at risk
-- grain: one row per figure (inventory share by category, programmes and value still owed, share of recent imports),
--     each with its source and estimate flag
-- unit: see the unit column (share_pct 0-100, programmes, USD millions)
-- params: recipient:country, supplier:country, v:version, as_of:date=today, prefer:release=split
-- columns: figure, category, value, unit, period, is_estimate, basis, source_id, source_title, source_publisher,
--     source_url, source_date
with inventory as (
    select * from inventory_origin_at($v)
    where recipient_code = $recipient and origin_code = $supplier
),

programmes as (
    select * from programme_delays_at($v, $as_of)
    where recipient_code = $recipient and supplier_code = $supplier
),

tiv as (
    select * from tiv_yearly_for([$recipient], $v, prefer := $prefer)
    where recipient_code = $recipient and year <= year($as_of::date)
),

shares as (
    select * from published_import_shares_at($v)
    where recipient_code = $recipient and supplier_code = $supplier
),

sources as (
    select * from sources_at($v)
),

inventory_figures as (
    select
        'Share of the inventory of this origin' as figure,
        inventory.service_or_category as category,
        coalesce(inventory.share_pct, inventory.units) as value,
        case when inventory.share_pct is not null then 'share_pct' else 'units' end as unit,
        inventory.as_of_year::varchar as period,
        inventory.is_estimate,
        coalesce(inventory.note, '') as basis,
        inventory.source_id
    from inventory
),

owed as (
    select
        count(*) as n_programmes,
        count(*) filter (where is_open) as n_open,
        count(*) filter (where is_late_now) as n_late_now,
        sum(value_undelivered_usd_mn) as value_usd_mn,
        count(*) filter (where is_open and value_undelivered_usd_mn is null) as n_value_unknown,
        string_agg(distinct source_id, ', ') filter (where is_open) as source_ids
    from programmes
),

owed_figures as (
    select
        2 as figure_order,
        'Programmes still owed' as figure,
        'all categories' as category,
        n_open::double as value,
        'programmes' as unit,
        'as of ' || strftime($as_of::date, '%Y-%m-%d') as period,
        false as is_estimate,
        n_late_now || ' of them past their promised date (the original promise, the earliest any source gives; '
            || 'delivery records, one claim per programme)' as basis,
        source_ids as source_id
    from owed
    where n_programmes > 0
    union all
    select
        3,
        'Contract value still owed',
        'all categories',
        value_usd_mn,
        'usd_mn',
        'as of ' || strftime($as_of::date, '%Y-%m-%d'),
        false,
        'contract value x units owed / units ordered; ' || n_value_unknown || ' open programme(s) without a stated value or delivered count not counted',
        source_ids
    from owed
    where n_programmes > 0
),

window_years as (
    select max(year) as last_year from tiv
),

recent as (
    select
        sum(tiv.tiv_mn) filter (where tiv.supplier_code = $supplier) as supplier_tiv,
        sum(tiv.tiv_mn) as total_tiv,
        min(window_years.last_year) - 4 as first_year,
        min(window_years.last_year) as last_year,
        bool_or(tiv.method = 'register_even_split') as has_even_split,
        string_agg(distinct tiv.release_id, ', ') as release_ids
    from tiv
    cross join window_years
    where tiv.year between window_years.last_year - 4 and window_years.last_year
),

tiv_figures as (
    select
        'Share of recent imports (SIPRI TIV)' as figure,
        'major arms' as category,
        100.0 * coalesce(supplier_tiv, 0) / total_tiv as value,
        'share_pct' as unit,
        first_year || '–' || last_year as period,
        has_even_split as is_estimate,
        'SIPRI trend-indicator values delivered in the last five years loaded'
            || case when has_even_split then '; some years split evenly over the delivery years listed in the register' else '' end
            as basis,
        release_ids as source_id
    from recent
    where total_tiv > 0
),

ranked_shares as (
    select
        shares.*,
        row_number() over (
            order by shares.period_end desc, sources.published_date desc nulls last, shares.source_id
        ) as share_rank
    from shares
    left join sources on sources.source_id = shares.source_id
),

share_figures as (
    select
        'Published share of imports' as figure,
        'major arms' as category,
        share_pct as value,
        'share_pct' as unit,
        period_start || '–' || period_end as period,
        false as is_estimate,
        'SIPRI share of the recipient''s imports, as published (latest period, most recent publication)' as basis,
        source_id
    from ranked_shares
    where share_rank = 1
),

all_figures as (
    select 1 as figure_order, * from inventory_figures
    union all select * from owed_figures
    union all select 4, * from tiv_figures
    union all select 5, * from share_figures
),

final as (
    select
        all_figures.figure,
        all_figures.category,
        all_figures.value,
        all_figures.unit,
        all_figures.period,
        all_figures.is_estimate,
        all_figures.basis,
        all_figures.source_id,
        sources.title as source_title,
        sources.publisher as source_publisher,
        sources.url as source_url,
        sources.published_date as source_date,
        all_figures.figure_order
    from all_figures
    left join sources on sources.source_id = all_figures.source_id
)

select * exclude (figure_order) from final
order by figure_order, value desc nulls last
