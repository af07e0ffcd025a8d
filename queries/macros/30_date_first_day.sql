-- The first day a partial date (YYYY, YYYY-MM or YYYY-MM-DD) can mean; null for anything else.
create or replace macro date_first_day(text) as
    case length(text)
        when 4 then try_cast(text || '-01-01' as date)
        when 7 then try_cast(text || '-01' as date)
        when 10 then try_cast(text as date)
    end;
