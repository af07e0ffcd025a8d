-- The last month a delivery text allows (first day of that month), or null.
-- The extracted parts are bound once by the lambda: delivery_point_month reads them eight times, and a
-- macro argument is pasted in as an expression, so the regular expression ran eight times a date.
create or replace macro delivery_month_last(txt) as
    case when delivery_text_is_readable(txt) then list_transform([
        regexp_extract(
            delivery_text_clean(txt),
            '(?:(early|mid|late)[ -]+)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$',
            ['q', 'y', 'm', 'd']
        )
    ], lambda parts: delivery_point_month(parts, true))[1] end;
