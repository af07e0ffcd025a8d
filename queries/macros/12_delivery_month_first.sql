-- The first month a delivery text allows (first day of that month), or null.
create or replace macro delivery_month_first(txt) as
    case when delivery_text_is_readable(txt) then delivery_point_month(
        regexp_extract(
            delivery_text_clean(txt),
            '^(?:(early|mid|late)[ -]+)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:\D|$)',
            ['q', 'y', 'm', 'd']
        ),
        false
    ) end;
