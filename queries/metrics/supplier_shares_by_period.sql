-- metric: supplier_shares_by_period
-- label: Supplier shares of arms imports by five-year period (computed from SIPRI TIV)
-- grain: one row per period and supplier; periods are SIPRI's five-year windows (2009-13, 2014-18, 2019-23, ...) cut to
--     the year range; the suppliers ranked below top are one row "Other" (top 0 keeps all); combine_russia 1 counts the
--     Soviet Union with Russia
-- unit: share_pct (% of the recipient's TIV of imports in the period, 0-100); tiv_mn (millions of SIPRI TIV)
-- params: recipient:country, from:year, to:year, top:int, combine_russia:int, v:version, prefer:release=split
-- columns: period_start, period_end, period, years_in_range, is_partial, supplier_code, supplier, supplier_rank,
--     tiv_mn, share_pct, release_ids
with kept as (
    select
        -- SIPRI's windows are aligned on 2009-13, 2014-18, 2019-23; earlier and later ones follow suit
        (2009 + 5 * floor((year - 2009) / 5))::integer as period_start,
        supplier_code,
        supplier,
        supplier_rank,
        tiv_mn,
        release_id
    from top_supplier_tiv_for(
        $recipient, $from, $to, $top, $combine_russia, $v, prefer := $prefer
    )
),

periods as (
    select period_start, sum(tiv_mn) as period_tiv_mn, string_agg(distinct release_id, ', ' order by release_id) as release_ids
    from kept
    group by period_start
),

groups as (
    select distinct supplier_code, supplier, supplier_rank from kept
),

-- every supplier gets a row in every period with data, 0 where it delivered nothing
grid as (
    select periods.*, groups.* from periods cross join groups
),

kept_totals as (
    select period_start, supplier_code, sum(tiv_mn) as tiv_mn
    from kept
    group by period_start, supplier_code
),

final as (
    select
        grid.period_start,
        grid.period_start + 4 as period_end,
        grid.period_start::varchar || '–' || right((grid.period_start + 4)::varchar, 2) as period,
        (least(grid.period_start + 4, $to) - greatest(grid.period_start, $from) + 1)::integer as years_in_range,
        (least(grid.period_start + 4, $to) - greatest(grid.period_start, $from) + 1) < 5 as is_partial,
        grid.supplier_code,
        grid.supplier,
        grid.supplier_rank,
        coalesce(kept_totals.tiv_mn, 0) as tiv_mn,
        100 * coalesce(kept_totals.tiv_mn, 0) / nullif(grid.period_tiv_mn, 0) as share_pct,
        grid.release_ids
    from grid
    left join kept_totals using (period_start, supplier_code)
)

select * from final
order by period_start, supplier_rank
