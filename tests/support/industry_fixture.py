"""A tiny store for the sanctions-and-industry metrics; the expected figures are worked out by hand in
tests/sql/test_industry_metrics.py.

India (IND) fields two systems: Alpha (SIPRI designations A-1 and A-2), made by 'mk', whose parent is 'par',
whose parent is 'top'; and Beta (B-1), made by 'om', never listed. 'mk' is blocked by the US from June 2015
(a month only: in force from 30 June); 'par' is on the CAATSA 231 list from 27 Oct 2017; 'top' had a UK asset
freeze from 24 Feb 2022 to 1 Jan 2024. All aircraft serve 30 years.
"""

from __future__ import annotations

from tests.conftest import insert_rows

RELEASE = "reg_test"


def _deal(deal_id, designation, units, years, tiv, comment, recipient="IND", order_year=2009):
    return {"deal_id": deal_id, "recipient_code": recipient, "supplier_code": "RUS", "order_year": order_year,
            "units_ordered": units, "designation": designation, "description": "fighter aircraft",
            "units_delivered": units, "delivery_years": years, "tiv_delivered": tiv, "comments": comment,
            "release_id": RELEASE}


def _programme(programme_id, system, value, ordered, delivered, status="delayed"):
    return {"programme_id": programme_id, "recipient_code": "IND", "supplier_code": "RUS", "system": system,
            "category": "aircraft", "contract_year": 2020, "contract_value_usd_mn": value, "units_ordered": ordered,
            "units_delivered": delivered, "promised_delivery": "2022", "actual_or_expected_delivery": None,
            "status": status, "source_id": "src_prog", "note": None}


def load(con) -> None:
    """Insert the fixture as data version 1."""
    insert_rows(con, "sources", [
        {"source_id": sid, "title": f"Title {sid}", "publisher": f"Pub {sid}", "url": None, "published_date": "2024"}
        for sid in ("src_ent", "src_des", "src_sys", "src_count", "src_prog", "src_event", "src_lic", RELEASE)
    ])
    insert_rows(con, "countries", [{"code": "IND", "name": "India", "kind": "state"},
                                   {"code": "RUS", "name": "Russia", "kind": "state"}])
    insert_rows(con, "entities", [
        {"entity_id": entity_id, "name": name, "country_code": country, "parent_entity_id": parent,
         "source_id": "src_ent"}
        for entity_id, name, country, parent in (
            ("top", "Top Holding", "RUS", None), ("par", "Parent Corp", "RUS", "top"),
            ("mk", "Maker Works", "RUS", "par"), ("om", "Other Maker", "RUS", None),
            ("loc", "Local Licensee", "IND", None),
        )
    ])
    insert_rows(con, "designations", [
        {"entity_id": "mk", "authority": "US", "programme": "EO X", "listed_on": "2015-06", "delisted_on": None,
         "kind": "blocking sanction", "source_id": "src_des"},
        {"entity_id": "par", "authority": "US", "programme": "CAATSA 231 list", "listed_on": "2017-10-27",
         "delisted_on": None, "kind": "secondary-sanctions list", "source_id": "src_des"},
        {"entity_id": "top", "authority": "GB", "programme": "asset freeze", "listed_on": "2022-02-24",
         "delisted_on": "2024-01-01", "kind": "blocking sanction", "source_id": "src_des"},
    ])
    insert_rows(con, "systems", [
        {"recipient_code": "IND", "system": "Alpha", "sipri_designations": "A-1;A-2", "category": "fighter",
         "maker_entity_id": "mk", "licence_producer_entity_id": "loc", "in_service_count": 10, "count_year": 2020,
         "source_id": "src_sys", "maker_source_id": "src_sys", "count_source_id": "src_count"},
        {"recipient_code": "IND", "system": "Beta", "sipri_designations": "B-1", "category": "fighter",
         "maker_entity_id": "om", "source_id": "src_sys"},
    ])
    insert_rows(con, "sipri_releases", [{"release_id": RELEASE, "layout": "trade_register", "all_recipients": True,
                                         "all_suppliers": True}])
    insert_rows(con, "service_life", [{"category": "aircraft", "description_pattern": "", "priority": 1,
                                       "service_life_years": 30}])
    insert_rows(con, "sipri_deals", [
        _deal("d0", "A-1", 5, "2010", 50.0, "Ordered as a batch"),
        _deal("d1", "A-1", 10, "2020; 2021", 100.0, "Produced under licence in India"),
        _deal("d2", "A-2", 4, "2022", 40.0, "$1 b deal; incl 1 assembled from kits in India"),
        _deal("d3", "B-1", 6, "2021; 2022; 2023", 60.0, ""),
    ])
    insert_rows(con, "delivery_records", [
        _programme("p-alpha", "Alpha (12 more)", 120.0, 12, 3),
        _programme("p-beta", "Beta upgrade", 50.0, 5, 0, status="in_progress"),
        _programme("p-gamma", "Gamma", 100.0, 10, 5),
        _programme("p-alphabet", "Alphabet soup", 70.0, 7, 0),  # 'Alpha' only as part of a word: no maker
    ])
    insert_rows(con, "events", [
        {"event_date": "2016-03", "label": "A global event", "kind": "war", "recipient_code": None,
         "source_id": "src_event"},
        {"event_date": "2019-05-01", "label": "An Indian contract", "kind": "contract", "recipient_code": "IND",
         "source_id": "src_event"},
        {"event_date": "2019", "label": "A Pakistani event", "kind": "policy", "recipient_code": "PAK",
         "source_id": "src_event"},
    ])
    insert_rows(con, "licence_production", [
        {"system": "Alpha", "producer_entity_id": "loc", "figure": "built locally", "value": 11, "unit": "aircraft",
         "year": 2022, "source_id": "src_lic"},
    ])
