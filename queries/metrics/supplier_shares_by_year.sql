-- metric: supplier_shares_by_year
-- label: Supplier shares of arms imports by year (computed from SIPRI TIV)
-- grain: one row per year with deliveries and supplier; the suppliers ranked below top are one row "Other" (top 0 keeps
--     all); combine_russia 1 counts the Soviet Union with Russia
-- unit: share_pct (% of the recipient's TIV of imports in the year, 0-100); tiv_mn (millions of SIPRI TIV)
-- params: recipient:country, from:year, to:year, top:int, combine_russia:int, v:version, prefer:release=split
-- columns: year, supplier_code, supplier, supplier_rank, tiv_mn, share_pct, method, release_ids
with final as (
    select
        bucket_start as year,
        supplier_code,
        supplier,
        supplier_rank,
        tiv_mn,
        share_pct,
        method,
        release_ids
    from supplier_share_grid_for($recipient, $from, $to, $top, $combine_russia, $v, $prefer, 1)
)

select * from final
order by year, supplier_rank
