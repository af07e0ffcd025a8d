-- One row per programme as of data version v and day as_of: the derived delivery_programmes (its figures
-- from the claim statistics use, claim_rank 1; programme_row: see delivery_programme_rows_at) with what depends on
-- the day, and its delay counted from
-- its ORIGINAL promise (issue 19), so that a
-- re-planned window (SIPRI's 2026 register: "delivery planned 2021-2027" for the S-400 promised by
-- 2023) never erases a delay:
--   original_month    the earliest promised month any claim gives (the contract as signed);
--   expected_month    the latest expected date: the delivery month of a delivered programme; for an
--                     open one the later of the chosen claim's promised and stated months (its plan now);
--   slip_months       expected_month - original_month: the slip since the original promise;
--   delay_months      original promise to the delivery month; for an open programme whose original
--                     promise has passed, to the expected month while it is ahead, else to as_of. An
--                     open programme before its original promise is not late, however far re-planned;
--   delay_min_months, delay_max_months  the range across sources: the max counts from the earliest
--                     promise; the min from the latest promise a source gives for the contract as
--                     signed, i.e. one already past when that source was published (nobody re-plans
--                     into the past; a date still ahead when published may be a new plan).
create or replace macro programme_delays_at(v, as_of) as table
    with programmes as (
        select
            *,
            date_trunc('month', as_of::date)::date as as_of_month,
            status not in ('delivered', 'cancelled') as is_open
        from delivery_programme_rows_at(v)
    ),
    timed as (
        select
            programmes.*,
            case
                when status = 'cancelled' or original_month is null then null
                when status = 'delivered' then expected_month
                when original_month >= as_of_month then null
                when expected_month > as_of_month then expected_month
                else as_of_month
            end as completion_month
        from programmes
    ),
    final as (
        select
            timed.*,
            datediff('month', original_month, completion_month) as delay_months,
            case
                when completion_month is null then null
                when status = 'delivered' then 'actual'
                when completion_month > as_of_month then 'expected'
                else 'as_of'
            end as delay_basis,
            datediff('month', original_month, expected_month) as slip_months,
            delivery_excluded_reason(status, promised_delivery, original_month, actual_or_expected_delivery,
                stated_month, completion_month) as excluded_reason,
            case
                when not is_open then 0
                when units_ordered is not null and units_delivered is not null
                    then greatest(units_ordered - units_delivered, 0)
            end as units_owed,
            case
                when not is_open then 0.0
                when units_ordered > 0 and units_delivered is not null
                    then contract_value_usd_mn * greatest(units_ordered - units_delivered, 0) / units_ordered
            end as value_undelivered_usd_mn,
            coalesce(is_open and datediff('month', original_month, completion_month) > 0, false) as is_late_now,
            datediff('month', original_latest_month, completion_month) as delay_min_months,
            datediff('month', original_month, completion_month) as delay_max_months
        from timed
    )
    select * from final;
