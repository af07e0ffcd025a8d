-- One recipient's supplier shares per time bucket: years (bucket_years 1) or SIPRI's five-year
-- windows aligned on 2009-13, 2014-18, 2019-23 (bucket_years 5), from top_supplier_tiv_for.
-- Every supplier kept gets a row in every bucket with data, 0 where it delivered nothing.
-- Columns: bucket_start, supplier_code, supplier, supplier_rank, tiv_mn, share_pct (0-100),
-- method and release_ids (the bucket's, comma-separated). The metrics supplier_shares_by_year and
-- supplier_shares_by_period read it.
create or replace macro supplier_share_grid_for(
    recipient, year_from, year_to, top_n, combine_russia, v, prefer, bucket_years
) as table
    with kept as (
        select
            case
                when bucket_years = 5 then (2009 + 5 * floor((year - 2009) / 5))::integer
                else year
            end as bucket_start,
            supplier_code,
            supplier,
            supplier_rank,
            tiv_mn,
            method,
            release_id
        from top_supplier_tiv_for(recipient, year_from, year_to, top_n, combine_russia, v, prefer := prefer)
    ),

    buckets as (
        select
            bucket_start,
            sum(tiv_mn) as bucket_tiv_mn,
            string_agg(distinct method, ', ' order by method) as method,
            string_agg(distinct release_id, ', ' order by release_id) as release_ids
        from kept
        group by bucket_start
    ),

    groups as (
        select distinct supplier_code, supplier, supplier_rank from kept
    ),

    grid as (
        select buckets.*, groups.* from buckets cross join groups
    ),

    kept_totals as (
        select bucket_start, supplier_code, sum(tiv_mn) as tiv_mn
        from kept
        group by bucket_start, supplier_code
    ),

    final as (
        select
            grid.bucket_start,
            grid.supplier_code,
            grid.supplier,
            grid.supplier_rank,
            coalesce(kept_totals.tiv_mn, 0) as tiv_mn,
            100 * coalesce(kept_totals.tiv_mn, 0) / nullif(grid.bucket_tiv_mn, 0) as share_pct,
            grid.method,
            grid.release_ids
        from grid
        left join kept_totals using (bucket_start, supplier_code)
    )

    select * from final;
