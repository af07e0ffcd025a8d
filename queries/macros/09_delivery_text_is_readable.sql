create or replace macro delivery_text_is_readable(txt) as
    regexp_full_match(
        delivery_text_clean(txt),
        '(?:(?:early|mid|late)[ -]+)?\d{4}(?:-\d{2}(?:-\d{2})?)?'
        || '(?:\s*-\s*(?:(?:early|mid|late)[ -]+)?\d{4}(?:-\d{2}(?:-\d{2})?)?)?'
    );
