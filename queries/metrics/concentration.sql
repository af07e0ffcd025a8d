-- metric: concentration
-- label: Supplier concentration of arms imports: top-supplier share and Herfindahl-Hirschman index
-- grain: one row per year in the range; window 1 uses each year alone, window 5 the five years ending in it (rolling);
--     combine_russia 1 counts the Soviet Union with Russia; years without deliveries have empty shares
-- unit: hhi (Herfindahl-Hirschman index of supplier shares in percent points squared, 0-10,000); top_share_pct (0-100);
--     tiv_mn (millions of SIPRI TIV)
-- params: recipient:country, from:year, to:year, window:int, combine_russia:int, v:version, prefer:release=split
-- columns: recipient_code, recipient, year, window_start, window_end, total_tiv_mn, n_suppliers, top_supplier,
--     top_share_pct, hhi
select *
from concentration_for([$recipient], $from, $to, $window, $combine_russia, $v, prefer := $prefer)
order by recipient, year
