-- metric: data_versions
-- label: Data versions (history of builds, uploads and undos)
-- grain: one row per data version up to and including $v
-- unit: rows added, changed and removed by each version
-- params: v:version
-- columns: version, created_at, created_date, action, table_name, file_name, rows_added, rows_changed, rows_removed,
--     note
with versions as (
    select * from data_versions
    where version <= $v
),

final as (
    select
        version,
        created_at,
        strftime(created_at, '%Y-%m-%d') as created_date,
        action,
        table_name,
        file_name,
        rows_added,
        rows_changed,
        rows_removed,
        note
    from versions
)

select * from final
order by version
