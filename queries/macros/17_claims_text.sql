-- Who says what, as one text: 'value (who) / value (who)' ordered by when it was first said (unknown
-- last), then by value. entries: a list of struct(first_said, value_text, who), gathered without ORDER BY
-- (an ordered aggregate cannot spill to disk) and sorted here.
create or replace macro claims_text(entries) as
    array_to_string(
        list_transform(list_sort(entries, 'ASC', 'NULLS LAST'), lambda entry: entry.value_text || ' (' || entry.who || ')'),
        ' / '
    );

-- One claim as the timeline and the sources panel read it (delivery_programmes.claims_list).
create or replace macro claim_entry(source_id, source_title, source_publisher, source_url, source_date, promised,
                                    promised_month, is_used) as
    struct_pack(
        source_id := source_id, source_title := source_title, source_publisher := source_publisher,
        source_url := source_url, source_date := source_date, promised := promised,
        promised_by := last_day(promised_month), is_used := is_used
    );
