-- metric: supplier_shares_by_year
-- label: Supplier shares of arms imports by year (computed from SIPRI TIV)
-- grain: one row per year with deliveries and supplier; the suppliers ranked below top are one row "Other" (top 0 keeps
--     all); combine_russia 1 counts the Soviet Union with Russia
-- unit: share_pct (% of the recipient's TIV of imports in the year, 0-100); tiv_mn (millions of SIPRI TIV)
-- params: recipient:country, from:year, to:year, top:int, combine_russia:int, v:version, prefer:release=split
-- columns: year, supplier_code, supplier, supplier_rank, tiv_mn, share_pct, method, release_ids
with kept as (
    select * from top_supplier_tiv_for($recipient, $from, $to, $top, $combine_russia, $v, prefer := $prefer)
),

years as (
    select
        year,
        sum(tiv_mn) as year_tiv_mn,
        string_agg(distinct method, ', ' order by method) as method,
        string_agg(distinct release_id, ', ' order by release_id) as release_ids
    from kept
    group by year
),

groups as (
    select distinct supplier_code, supplier, supplier_rank from kept
),

-- every supplier gets a row in every year with data, 0 where it delivered nothing
grid as (
    select years.*, groups.* from years cross join groups
),

kept_totals as (
    select year, supplier_code, sum(tiv_mn) as tiv_mn
    from kept
    group by year, supplier_code
),

final as (
    select
        grid.year,
        grid.supplier_code,
        grid.supplier,
        grid.supplier_rank,
        coalesce(kept_totals.tiv_mn, 0) as tiv_mn,
        100 * coalesce(kept_totals.tiv_mn, 0) / nullif(grid.year_tiv_mn, 0) as share_pct,
        grid.method,
        grid.release_ids
    from grid
    left join kept_totals using (year, supplier_code)
)

select * from final
order by year, supplier_rank
