-- Why a claim or programme has no delay, or null when it has one: its status, its promised date as written and
-- the month read from it, its actual or expected date as written and the month read from it, and the month its
-- delay counts to (null when not yet due). delivery_claims_at and programme_delays_at both give this reason.
create or replace macro delivery_excluded_reason(status, promised_text, promised_month, stated_text, stated_month,
        completion_month) as
    case
        when status = 'cancelled' then 'cancelled'
        when nullif(trim(promised_text), '') is null then 'no promised date'
        when promised_month is null then 'promised date not readable'
        when status = 'delivered' and nullif(trim(stated_text), '') is null then 'no delivery date'
        when status = 'delivered' and stated_month is null then 'delivery date not readable'
        when completion_month is null then 'not yet due'
    end;
