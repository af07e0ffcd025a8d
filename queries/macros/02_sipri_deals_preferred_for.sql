create or replace macro sipri_deals_preferred_for(recipient_codes, v) as table
    select * from sipri_preferred_for('sipri_deals', recipient_codes, v);
