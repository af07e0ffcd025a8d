-- metric: recipients
-- label: Recipients with data
-- grain: one row per recipient country
-- unit: counts of rows
-- params: v:version
-- columns: recipient_code, recipient, n_rows
with shares as (
    select recipient_code from published_import_shares_at($v)
),

tiv as (
    select recipient_code from tiv_deliveries_at($v)
),

inventory as (
    select recipient_code from inventory_origin_at($v)
),

records as (
    select recipient_code from delivery_records_at($v)
),

all_rows as (
    select * from shares
    union all select * from tiv
    union all select * from inventory
    union all select * from records
),

final as (
    select
        all_rows.recipient_code,
        coalesce(countries.name, all_rows.recipient_code) as recipient,
        count(*) as n_rows
    from all_rows
    left join countries_at($v) as countries on countries.code = all_rows.recipient_code
    group by all_rows.recipient_code, countries.name
)

select * from final
order by recipient
