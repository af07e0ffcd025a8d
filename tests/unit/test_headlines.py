"""Headline figures of the Overview from hand-made metric frames."""

import pandas as pd

from armsdash.readings import headlines


def _shares(rows):
    return pd.DataFrame(rows, columns=["period_start", "period_end", "period", "supplier_code", "supplier",
                                       "share_pct", "source_id", "source_publisher", "source_date"])


def test_top_supplier_and_russia_come_from_the_latest_period():
    shares = _shares([
        (2014, 2018, "2014–18", "RUS", "Russia", 58, "a", "SIPRI", "2019-03"),
        (2019, 2023, "2019–23", "RUS", "Russia", 36, "b", "The Hindu", "2024-03-12"),
        (2019, 2023, "2019–23", "FRA", "France", 33, "b", "The Hindu", "2024-03-12"),
    ])
    top, russia = headlines.import_headlines(shares)
    assert (top.label, top.value) == ("Top supplier, 2019–23", "Russia 36%")
    assert (russia.label, russia.value) == ("Russia's share of imports, 2019–23", "36%")
    assert russia.source == "Source: The Hindu (2024-03-12)"


def test_russia_absent_from_the_latest_period_is_said_not_invented():
    shares = _shares([(2019, 2023, "2019–23", "CHN", "China", 82, "c", "Deccan Herald", "2024-03-11")])
    top, russia = headlines.import_headlines(shares)
    assert top.value == "China 82%"
    assert russia.value == "not reported"


def test_inventory_headline_is_marked_as_an_estimate_with_its_year():
    inventory = pd.DataFrame([
        dict(service_or_category="major systems", origin_code="RUS", share_pct=85.0, as_of_year=2020,
             is_estimate=True, source_id="s", source_publisher="Bloomberg Opinion", source_date="2022"),
        dict(service_or_category="all services", origin_code="RUS", share_pct=36.0, as_of_year=2025,
             is_estimate=True, source_id="e", source_publisher="espreso (reporting Reuters)", source_date="2025-12-10"),
    ])
    item = headlines.inventory_headline(inventory)
    assert item.value == "~36%"
    assert item.is_estimate and item.detail.startswith("estimate, 2025")
    assert item.source == "Source: espreso (2025-12-10)"
