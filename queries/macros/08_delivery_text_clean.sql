-- Delivery dates as sources write them (issue 5) -------------------------------------
-- Accepted forms: YYYY, YYYY-MM, YYYY-MM-DD, 'early|mid|late YYYY', and a range of two
-- of these joined by '-' (e.g. '2021-2027', '2025-03 - 2026', 'late 2022-early 2023').
-- Text in brackets is a remark and is dropped ('2025-03 (first)' reads as 2025-03).
-- Dates are kept to the month. The rule: a date stands for the LAST month it allows, for
-- promises and deliveries alike: '2023' = December 2023, 'early 2022' = April 2022
-- (early = Jan-Apr, mid = May-Aug, late = Sep-Dec), a range = its end. So "promised 2023"
-- means "by the end of 2023", and a year-only report of a delivery in the promised year
-- counts as on time rather than as months early or late; a delay is never counted
-- before the promised period is over. Anything else is unreadable: null.
create or replace macro delivery_text_clean(txt) as
    lower(trim(regexp_replace(regexp_replace(coalesce(txt, ''), '\(.*?\)', '', 'g'), '[–—]', '-', 'g')));
