"""Validation of the sanctions-and-industry tables: each bad input a located error; the store is left as it was."""

from __future__ import annotations

import pytest

from armsdash.ingest import commit, uploads
from armsdash.ingest.readcsv import read_bytes
from armsdash.ingest.validate import validate
from tests.support import industry_fixture

SOURCES = {"src_a"}
ENTITIES = {"sukhoi", "uac", "hal"}
DESIGNATIONS = "entity_id,authority,programme,listed_on,delisted_on,kind,listed_name,source_id,note\n"
SYSTEMS = ("recipient_code,system,sipri_designations,category,maker_entity_id,licence_producer_entity_id,"
           "in_service_count,count_year,source_id,maker_source_id,count_source_id,note\n")
ENTITY_HEADER = "entity_id,name,aliases,country_code,parent_entity_id,source_id,note\n"
EVENTS = "event_date,label,kind,recipient_code,source_id,note\n"


def only_problem(text: str):
    checked = validate(read_bytes(text.encode()), known_sources=SOURCES, known_entities=ENTITIES, year_max=2026)
    problems = checked.problem_list()
    assert len(problems) == 1, [p.message() for p in problems]
    return checked, problems[0]


@pytest.mark.parametrize(("text", "row", "column", "expected"), [
    (DESIGNATIONS + "sukhoi,US,EO 14024,2022-06-28,,blocking sanction,,src_a,\n"
     "sukhio,US,EO 14024,2022-06-28,,blocking sanction,,src_a,\n",
     3, "entity_id", "an entity_id listed in the entities table (upload the entity first) (did you mean sukhoi?)"),
    (SYSTEMS + "IND,Su-30MKI,Su-30MK,fighter,sukhoi,hal,260,2021,src_a,,,\n"
     "IND,MiG-29K,MiG-29SMT,fighter,rac_mig,,,,src_a,,,\n",
     3, "maker_entity_id", "an entity_id listed in the entities table"),
    (DESIGNATIONS + "uac,US,BIS MEU,late 2020,,export restriction,,src_a,\n",
     2, "listed_on", "a date: YYYY, YYYY-MM, YYYY-MM-DD"),
    (DESIGNATIONS + "uac,US,BIS MEU,2020-12-41,,export restriction,,src_a,\n",
     2, "listed_on", "a day that exists in that month"),
    (DESIGNATIONS + "uac,US,EO 14024,2022-06-28,2021-01,blocking sanction,,src_a,\n",
     2, "delisted_on", "a delisting date not before the listing date"),
    (DESIGNATIONS + "uac,US,EO 14024,2022-06-28,,sanctioned,,src_a,\n",
     2, "kind", "one of: blocking sanction, secondary-sanctions list, export restriction"),
    (ENTITY_HEADER + "irkut,Irkut,,RUS,uac,src_a,\nyak,Yakovlev,,RUS,irkutt,src_a,\n",
     3, "parent_entity_id", "an entity_id listed in the entities table (upload the entity first) (did you mean irk"),
    (EVENTS + "sometime,War,war,,src_a,\n", 2, "event_date", "a date: YYYY, YYYY-MM, YYYY-MM-DD"),
])
def test_bad_rows_are_located(text, row, column, expected):
    _checked, problem = only_problem(text)
    assert (problem.row, problem.column) == (row, column)
    assert problem.expected.startswith(expected), problem.expected


def test_an_entity_of_the_same_file_may_be_a_parent_and_a_listing_in_the_same_span_is_fine():
    checked = validate(read_bytes((ENTITY_HEADER + "a,A,,RUS,,src_a,\nb,B,,RUS,a,src_a,\n").encode()),
                       known_sources=SOURCES, known_entities=set())
    assert checked.ok and checked.table == "entities"
    same_year = DESIGNATIONS + "uac,US,EO 14024,2022-06,2022,blocking sanction,,src_a,\n"
    assert validate(read_bytes(same_year.encode()), known_sources=SOURCES, known_entities=ENTITIES).ok


def test_upload_naming_an_unknown_maker_is_refused_and_changes_nothing(con):
    industry_fixture.load(con)
    before = con.execute("select count(*) from systems").fetchone()
    data = (SYSTEMS + "IND,Gamma,G-1,fighter,no_such_maker,,,,src_sys,,,\n").encode()
    checked = uploads.check_upload(con, data)
    assert not checked.ok
    message = checked.problem_list()[0].message()
    assert message.startswith("Row 2, maker_entity_id: 'no_such_maker' - expected an entity_id")
    with pytest.raises(commit.CommitError):
        commit.commit(con, checked, author="t")
    assert con.execute("select count(*) from systems").fetchone() == before
    good = (SYSTEMS + "IND,Gamma,G-1,fighter,mk,loc,,,src_sys,,,\n").encode()
    assert uploads.check_upload(con, good).ok  # the store's entities are known
