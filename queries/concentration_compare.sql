-- metric: concentration_compare
-- label: Supplier concentration of arms imports, several recipients side by side
-- grain: one row per recipient and year in the range; window 1 uses each year alone, window 5 the five years ending in it (rolling); combine_russia 1 counts the Soviet Union with Russia; recipients is a comma-separated list of country codes, e.g. IND,PAK,CHN
-- unit: hhi (Herfindahl-Hirschman index of supplier shares in percent points squared, 0-10,000); top_share_pct (0-100); tiv_mn (millions of SIPRI TIV)
-- params: recipients:text, from:year, to:year, window:int, combine_russia:int, v:version
-- columns: recipient_code, recipient, year, window_start, window_end, total_tiv_mn, n_suppliers, top_supplier, top_share_pct, hhi
with chosen as (
    select distinct upper(trim(code)) as recipient_code
    from (select unnest(string_split($recipients, ',')) as code)
    where trim(code) <> ''
),

tiv as (
    select tiv.*
    from tiv_yearly_at($v) as tiv
    inner join chosen using (recipient_code)
    where tiv.year between $from - greatest($window, 1) + 1 and $to
),

country_names as (
    select * from countries_at($v)
),

by_supplier as (
    select
        tiv.recipient_code,
        tiv.year,
        case
            when $combine_russia = 1 and tiv.supplier_code in ('RUS', 'SUN') then 'Russia (incl. Soviet Union)'
            else coalesce(country_names.name, tiv.supplier_code)
        end as supplier,
        tiv.tiv_mn
    from tiv
    left join country_names on country_names.code = tiv.supplier_code
),

windows as (
    select
        chosen.recipient_code,
        years.year,
        years.year - greatest($window, 1) + 1 as window_start,
        years.year as window_end
    from chosen
    cross join (select unnest(generate_series($from, $to)) as year) as years
),

window_suppliers as (
    select
        windows.recipient_code,
        windows.year,
        by_supplier.supplier,
        sum(by_supplier.tiv_mn) as tiv_mn
    from windows
    inner join by_supplier
        on by_supplier.recipient_code = windows.recipient_code
        and by_supplier.year between windows.window_start and windows.window_end
    group by windows.recipient_code, windows.year, by_supplier.supplier
),

shares as (
    select
        *,
        100 * tiv_mn / nullif(sum(tiv_mn) over (partition by recipient_code, year), 0) as share_pct
    from window_suppliers
),

summary as (
    select
        recipient_code,
        year,
        sum(tiv_mn) as total_tiv_mn,
        count(*) filter (where tiv_mn > 0) as n_suppliers,
        max(share_pct) as top_share_pct,
        sum(share_pct * share_pct) as hhi
    from shares
    group by recipient_code, year
),

-- suppliers tied for the top share are all named
top_suppliers as (
    select
        shares.recipient_code,
        shares.year,
        string_agg(shares.supplier, ' / ' order by shares.supplier) as top_supplier
    from shares
    inner join summary using (recipient_code, year)
    where shares.share_pct = summary.top_share_pct
    group by shares.recipient_code, shares.year
),

final as (
    select
        windows.recipient_code,
        coalesce(country_names.name, windows.recipient_code) as recipient,
        windows.year,
        windows.window_start,
        windows.window_end,
        coalesce(summary.total_tiv_mn, 0) as total_tiv_mn,
        coalesce(summary.n_suppliers, 0)::integer as n_suppliers,
        top_suppliers.top_supplier,
        summary.top_share_pct,
        summary.hhi
    from windows
    left join summary using (recipient_code, year)
    left join top_suppliers using (recipient_code, year)
    left join country_names on country_names.code = windows.recipient_code
)

select * from final
order by recipient, year
