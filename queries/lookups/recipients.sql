-- metric: recipients
-- label: Recipients with data
-- grain: one row per recipient country
-- unit: counts of rows
-- params: v:version
-- columns: recipient_code, recipient, n_rows
with final as (
    select code as recipient_code, name as recipient, n_rows
    from countries_in_data_at($v)
    where role = 'recipient'
)

select * from final
order by recipient
