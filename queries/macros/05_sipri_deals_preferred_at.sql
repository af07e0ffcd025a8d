create or replace macro sipri_deals_preferred_at(v) as table
    select * from sipri_deals_preferred_for(null, v);
