create or replace macro sipri_deal_years_preferred_for(recipient_codes, v) as table
    select * from sipri_preferred_for('sipri_deal_years', recipient_codes, v);
