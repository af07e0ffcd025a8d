-- metric: supplier_shares_by_period
-- label: Supplier shares of arms imports by five-year period (computed from SIPRI TIV)
-- grain: one row per period and supplier; periods are SIPRI's five-year windows (2009-13, 2014-18, 2019-23, ...) cut to
--     the year range; the suppliers ranked below top are one row "Other" (top 0 keeps all); combine_russia 1 counts the
--     Soviet Union with Russia
-- unit: share_pct (% of the recipient's TIV of imports in the period, 0-100); tiv_mn (millions of SIPRI TIV)
-- params: recipient:country, from:year, to:year, top:int, combine_russia:int, v:version, prefer:release=split
-- columns: period_start, period_end, period, years_in_range, is_partial, supplier_code, supplier, supplier_rank,
--     tiv_mn, share_pct, release_ids
with final as (
    select
        bucket_start as period_start,
        bucket_start + 4 as period_end,
        bucket_start::varchar || '–' || right((bucket_start + 4)::varchar, 2) as period,
        (least(bucket_start + 4, $to) - greatest(bucket_start, $from) + 1)::integer as years_in_range,
        (least(bucket_start + 4, $to) - greatest(bucket_start, $from) + 1) < 5 as is_partial,
        supplier_code,
        supplier,
        supplier_rank,
        tiv_mn,
        share_pct,
        release_ids
    from supplier_share_grid_for($recipient, $from, $to, $top, $combine_russia, $v, $prefer, 5)
)

select * from final
order by period_start, supplier_rank
