-- parts: the struct regexp_extract returns for one date (q qualifier, y, m, d as text).
create or replace macro delivery_point_month(parts, is_last) as
    case
        when parts.d <> '' and try(make_date(parts.y::integer, parts.m::integer, parts.d::integer)) is null then null
        else try(make_date(
            parts.y::integer,
            case
                when parts.m <> '' then parts.m::integer
                when parts.q = 'early' then if(is_last, 4, 1)
                when parts.q = 'mid' then if(is_last, 8, 5)
                when parts.q = 'late' then if(is_last, 12, 9)
                else if(is_last, 12, 1)
            end,
            1
        ))
    end;
