-- The rows of delivery_programmes for the recipients in the list (null: every recipient), from every
-- version of their delivery records and of the sources those cite. A programme's claims (and their
-- sources) change only at the versions where one of its rows was added or closed: between two such
-- versions it is one row, kept with that stretch as its version columns, so any version sees exactly
-- the programme its claims make. Per stretch: the chosen claim (claim_rank 1: the most recently
-- published with a readable promised date, then by source_id), the original promise and its range
-- across sources, the latest expected date and who says what (rules: programme_delays_at; who says what: claims_text).
-- No aggregate here is DISTINCT or ORDER BY: DuckDB cannot spill those, and a million records then
-- ran out of memory (issue 20); lists are made distinct and sorted after they are gathered.
--
-- Most programmes have one record, never changed, citing a source that never changed: their row is that
-- record as it is (the simple path, a projection). The rest (several claims, or versions of a claim or
-- its source) take the general path through stretches, ranks and aggregates. shards/shard split a large
-- recipient into parts by programme (hash(programme_id) % shards = shard; shards 1: all of it).
create or replace macro delivery_programmes_derived(recipient_codes, shards, shard) as table
    with all_records as (
        select
            *,
            delivery_month_last(promised_delivery) as promised_month,
            delivery_month_last(actual_or_expected_delivery) as stated_month,
            count(*) over (partition by recipient_code, programme_id) as n_rows
        from delivery_records
        where (recipient_codes is null or list_contains(recipient_codes, recipient_code))
            and (shards <= 1 or hash(programme_id) % shards = shard)
    ),
    cited as (
        select *, delivery_month_first(published_date) as source_month
        from sources
        where source_id in (select distinct source_id from all_records)
    ),
    simple as (
        select
            all_records.version_added as stretch_start,
            all_records.version_removed as stretch_end,
            all_records.* exclude (version_added, version_removed, n_rows),
            cited.title as source_title,
            cited.publisher as source_publisher,
            cited.url as source_url,
            cited.published_date as source_date,
            cited.source_month
        from all_records
        join cited
            on cited.source_id = all_records.source_id
            and cited.version_added <= all_records.version_added
            and cited.version_removed is null
        where all_records.n_rows = 1
    ),
    records as (
        select * exclude (n_rows) from all_records
        where not exists (
            select 1 from simple
            where simple.recipient_code = all_records.recipient_code and simple.programme_id = all_records.programme_id
        )
    ),
    bounds as (
        select recipient_code, programme_id, version_added as version from records
        union select recipient_code, programme_id, version_removed from records where version_removed is not null
        union select records.recipient_code, records.programme_id, cited.version_added
        from records join cited on cited.source_id = records.source_id
        union select records.recipient_code, records.programme_id, cited.version_removed
        from records join cited on cited.source_id = records.source_id where cited.version_removed is not null
    ),
    stretches as (
        select
            recipient_code,
            programme_id,
            version as stretch_start,
            lead(version) over (partition by recipient_code, programme_id order by version) as stretch_end
        from bounds
    ),
    claims as (
        select
            stretches.stretch_start,
            stretches.stretch_end,
            records.* exclude (version_added, version_removed),
            cited.title as source_title,
            cited.publisher as source_publisher,
            cited.url as source_url,
            cited.published_date as source_date,
            cited.source_month
        from stretches
        join records
            on records.recipient_code = stretches.recipient_code
            and records.programme_id = stretches.programme_id
            and records.version_added <= stretches.stretch_start
            and (records.version_removed is null or records.version_removed > stretches.stretch_start)
        left join cited
            on cited.source_id = records.source_id
            and cited.version_added <= stretches.stretch_start
            and (cited.version_removed is null or cited.version_removed > stretches.stretch_start)
    ),
    ranked as (
        select
            claims.*,
            row_number() over (
                partition by recipient_code, programme_id, stretch_start
                order by (promised_month is not null) desc, source_date desc nulls last, source_id
            ) as claim_rank
        from claims
    ),
    promised_values as (
        select
            recipient_code, programme_id, stretch_start,
            promised_delivery as value_text,
            any_value(promised_month) as value_month,
            array_to_string(list_sort(list_distinct(list(coalesce(source_publisher, source_id)))), ', ') as who,
            min(source_date) as first_said
        from claims
        where nullif(trim(promised_delivery), '') is not null
        group by recipient_code, programme_id, stretch_start, promised_delivery
    ),
    stated_values as (
        select
            recipient_code, programme_id, stretch_start,
            actual_or_expected_delivery as value_text,
            array_to_string(list_sort(list_distinct(list(coalesce(source_publisher, source_id)))), ', ') as who,
            min(source_date) as first_said
        from claims
        where nullif(trim(actual_or_expected_delivery), '') is not null
        group by recipient_code, programme_id, stretch_start, actual_or_expected_delivery
    ),
    promised_claims as (
        select
            recipient_code, programme_id, stretch_start,
            claims_text(list(struct_pack(first_said, value_text, who))) as promised_claims,
            min(value_month) as original_month,
            arg_min(value_text, value_month) as original_promise
        from promised_values
        group by recipient_code, programme_id, stretch_start
    ),
    stated_claims as (
        select
            recipient_code, programme_id, stretch_start,
            claims_text(list(struct_pack(first_said, value_text, who))) as stated_claims
        from stated_values
        group by recipient_code, programme_id, stretch_start
    ),
    spread as (
        select
            recipient_code, programme_id, stretch_start,
            count(*)::integer as n_claims,
            max(promised_month) filter (where promised_month < source_month) as reported_month,
            array_to_string(list_sort(list(source_id)), ', ') as all_source_ids,
            list(claim_entry(source_id, source_title, source_publisher, source_url, source_date, promised_delivery,
                             promised_month, claim_rank = 1)) as claims_list
        from ranked
        group by recipient_code, programme_id, stretch_start
    ),
    general as (
        select
            chosen.* exclude (claim_rank),
            promised_claims.original_month,
            spread.reported_month,
            promised_claims.original_promise,
            spread.n_claims,
            promised_claims.promised_claims,
            stated_claims.stated_claims,
            spread.all_source_ids,
            spread.claims_list
        from ranked as chosen
        join spread using (recipient_code, programme_id, stretch_start)
        left join promised_claims using (recipient_code, programme_id, stretch_start)
        left join stated_claims using (recipient_code, programme_id, stretch_start)
        where chosen.claim_rank = 1
    ),
    simple_rows as (
        select
            simple.*,
            promised_month as original_month,
            if(promised_month < source_month, promised_month, null) as reported_month,
            if(promised_month is not null, promised_delivery, null) as original_promise,
            1 as n_claims,
            claims_text(if(nullif(trim(promised_delivery), '') is null, [],
                [struct_pack(first_said := source_date, value_text := promised_delivery,
                             who := coalesce(source_publisher, source_id))])) as promised_claims,
            claims_text(if(nullif(trim(actual_or_expected_delivery), '') is null, [],
                [struct_pack(first_said := source_date, value_text := actual_or_expected_delivery,
                             who := coalesce(source_publisher, source_id))])) as stated_claims,
            source_id as all_source_ids,
            [claim_entry(source_id, source_title, source_publisher, source_url, source_date, promised_delivery,
                         promised_month, true)] as claims_list
        from simple
    ),
    chosen as (
        select * from general
        union all by name
        select * from simple_rows
    ),
    final as (
        select
            chosen.recipient_code,
            chosen.programme_id,
            chosen.supplier_code,
            chosen.system,
            chosen.category,
            chosen.contract_year,
            chosen.contract_value_usd_mn,
            chosen.units_ordered,
            chosen.units_delivered,
            chosen.promised_delivery,
            chosen.actual_or_expected_delivery,
            chosen.status,
            chosen.source_id,
            chosen.note,
            chosen.source_title,
            chosen.source_publisher,
            chosen.source_url,
            chosen.source_date,
            chosen.promised_month,
            chosen.stated_month,
            chosen.original_month,
            greatest(chosen.original_month, chosen.reported_month) as original_latest_month,
            chosen.original_promise,
            case
                when chosen.status = 'cancelled' then null
                when chosen.status = 'delivered' then chosen.stated_month
                else greatest(chosen.promised_month, chosen.stated_month)
            end as expected_month,
            chosen.n_claims,
            chosen.promised_claims,
            chosen.stated_claims,
            chosen.all_source_ids,
            chosen.claims_list,
            chosen.stretch_start as version_added,
            chosen.stretch_end as version_removed
        from chosen
    )
    select * from final;
