-- One row per programme: the claim statistics use (claim_rank 1, see above) with what
-- is still owed, plus who says what across all its claims.
create or replace macro programme_delays_at(v, as_of) as table
    with claims as (
        select * from delivery_claims_at(v, as_of)
    ),
    promised_values as (
        select
            programme_id,
            promised_delivery as value_text,
            string_agg(distinct coalesce(source_publisher, source_id), ', ') as who,
            min(source_date) as first_said
        from claims
        where nullif(trim(promised_delivery), '') is not null
        group by programme_id, promised_delivery
    ),
    stated_values as (
        select
            programme_id,
            actual_or_expected_delivery as value_text,
            string_agg(distinct coalesce(source_publisher, source_id), ', ') as who,
            min(source_date) as first_said
        from claims
        where nullif(trim(actual_or_expected_delivery), '') is not null
        group by programme_id, actual_or_expected_delivery
    ),
    promised_claims as (
        select
            programme_id,
            string_agg(value_text || ' (' || who || ')', ' / ' order by first_said, value_text) as promised_claims
        from promised_values
        group by programme_id
    ),
    stated_claims as (
        select
            programme_id,
            string_agg(value_text || ' (' || who || ')', ' / ' order by first_said, value_text) as stated_claims
        from stated_values
        group by programme_id
    ),
    spread as (
        select
            programme_id,
            min(delay_months) as delay_min_months,
            max(delay_months) as delay_max_months,
            string_agg(distinct source_id, ', ') as all_source_ids
        from claims
        group by programme_id
    ),
    chosen as (
        select * exclude (claim_rank) from claims where claim_rank = 1
    ),
    final as (
        select
            chosen.*,
            case
                when not chosen.is_open then 0
                when chosen.units_ordered is not null and chosen.units_delivered is not null
                    then greatest(chosen.units_ordered - chosen.units_delivered, 0)
            end as units_owed,
            case
                when not chosen.is_open then 0.0
                when chosen.units_ordered > 0 and chosen.units_delivered is not null
                    then chosen.contract_value_usd_mn
                        * greatest(chosen.units_ordered - chosen.units_delivered, 0) / chosen.units_ordered
            end as value_undelivered_usd_mn,
            chosen.is_open and chosen.delay_months > 0 as is_late_now,
            promised_claims.promised_claims,
            stated_claims.stated_claims,
            spread.delay_min_months,
            spread.delay_max_months,
            spread.all_source_ids
        from chosen
        left join promised_claims on promised_claims.programme_id = chosen.programme_id
        left join stated_claims on stated_claims.programme_id = chosen.programme_id
        left join spread on spread.programme_id = chosen.programme_id
    )
    select * from final;
