-- The programmes of one recipient a metric shows (programme_delays_at of data version v on day as_of): their
-- whole rows and n_matching, how many match. A programme matches when its supplier is `of_supplier`
-- ('all': any), its category is `of_category` ('all': any), its contract year lies from contract_from to
-- contract_to (null: no bound; a programme without a contract year always does) and, with open_only, it is
-- still open. Shown: the first `top` (0: all) by `order_by`: 'delay' (longest delay, then most value owed, then
-- earliest contract) or 'value' (most value owed, then system); ties by programme_id. Only the key columns of
-- every matching programme are sorted, and whole rows are read for the ones shown only, by their place in the
-- table (programme_row: a semi join on it fetches just those rows, where one on programme_id read every row of
-- the recipient; a window over a large recipient's whole rows ran out of memory at 2M records). delivery_delays
-- and delivery_backlog read it.
create or replace macro programmes_shown_at(v, as_of, recipient, top, order_by, of_supplier := 'all',
        of_category := 'all', contract_from := null, contract_to := null, open_only := false) as table
    with matching as (
        select programme_row, programme_id, system, delay_months, value_undelivered_usd_mn, contract_year
        from programme_delays_at(v, as_of)
        where recipient_code = recipient
            and (is_open or not open_only)
            and (of_supplier = 'all' or supplier_code = upper(of_supplier))
            and (of_category = 'all' or category = of_category)
            and (contract_year is null or contract_year
                between coalesce(contract_from, contract_year) and coalesce(contract_to, contract_year))
    ),
    shown as (
        select programme_row from matching
        order by
            case when order_by = 'delay' then delay_months end desc nulls last,
            value_undelivered_usd_mn desc nulls last,
            case when order_by = 'delay' then contract_year end,
            case when order_by = 'value' then system end,
            programme_id
        limit nullif(top, 0)
    )
    select
        programmes.*,
        (select count(*) from matching) as n_matching
    from programme_delays_at(v, as_of) as programmes
    semi join shown on shown.programme_row = programmes.programme_row
    where programmes.recipient_code = recipient;
