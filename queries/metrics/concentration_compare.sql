-- metric: concentration_compare
-- label: Supplier concentration of arms imports, several recipients side by side
-- grain: one row per recipient and year in the range; window 1 uses each year alone, window 5 the five years ending in
--     it (rolling); combine_russia 1 counts the Soviet Union with Russia; recipients is a comma-separated list of
--     country codes, e.g. IND,PAK,CHN
-- unit: hhi (Herfindahl-Hirschman index of supplier shares in percent points squared, 0-10,000); top_share_pct (0-100);
--     tiv_mn (millions of SIPRI TIV)
-- params: recipients:text, from:year, to:year, window:int, combine_russia:int, v:version, prefer:release=split
-- columns: recipient_code, recipient, year, window_start, window_end, total_tiv_mn, n_suppliers, top_supplier,
--     top_share_pct, hhi
with codes as (
    select list(distinct upper(trim(code))) filter (where trim(code) <> '') as recipient_codes
    from (select unnest(string_split($recipients, ',')) as code)
)

select concentration.*
from codes
cross join concentration_for(
    codes.recipient_codes, $from, $to, $window, $combine_russia, $v, prefer := $prefer
) as concentration
order by recipient, year
