create or replace macro tiv_yearly_at(v, prefer := 'split') as table
    select * from tiv_yearly_for(null, v, prefer := prefer);
