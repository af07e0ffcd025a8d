-- Supplier concentration (issue 4): per recipient and year, the Herfindahl-Hirschman index
-- and top-supplier share of SIPRI TIV, over each year alone (window_years 1) or the rolling
-- window ending in it; combine_russia 1 counts the Soviet Union with Russia; prefer chooses the release of
-- each year where two cover it (tiv_yearly_for). The metrics
-- concentration (one recipient) and concentration_compare (several) both read it.
create or replace macro concentration_for(
    recipient_codes, year_from, year_to, window_years, combine_russia, v, prefer := 'split'
) as table
    with chosen as (
        select distinct unnest(recipient_codes) as recipient_code
    ),

    tiv as (
        select tiv.*
        from tiv_yearly_for(recipient_codes, v, prefer := prefer) as tiv
        inner join chosen using (recipient_code)
        where tiv.year between year_from - greatest(window_years, 1) + 1 and year_to
    ),

    country_names as (
        select * from countries_at(v)
    ),

    by_supplier as (
        select
            tiv.recipient_code,
            tiv.year,
            -- combined suppliers (supplier_groups, e.g. the Soviet Union with Russia) count as one
            coalesce(
                case when combine_russia = 1 then supplier_groups.group_name end,
                country_names.name,
                tiv.supplier_code
            ) as supplier,
            tiv.tiv_mn
        from tiv
        left join country_names on country_names.code = tiv.supplier_code
        left join supplier_groups on supplier_groups.member_code = tiv.supplier_code
    ),

    windows as (
        select
            chosen.recipient_code,
            years.year,
            years.year - greatest(window_years, 1) + 1 as window_start,
            years.year as window_end
        from chosen
        cross join (select unnest(generate_series(year_from, year_to)) as year) as years
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

    select * from final;
