"""The bundled sanctions-and-industry data: India's Russian-origin systems, listings and exposure, and the
Su-30MKI check of licence production read from SIPRI's comments against the published figures."""

from __future__ import annotations

import pytest

from armsdash.metrics import run_metric
from armsdash.store import db


@pytest.fixture(scope="module")
def bundled(built_store):
    con = db.connect(built_store, read_only=True)
    yield con
    con.close()


def test_india_russian_systems_have_makers_listings_and_sources(bundled):
    systems = run_metric(bundled, "industry_systems", {"recipient": "IND", "as_of": "2025-06-01"})
    russian = systems[systems["origin_code"] == "RUS"]
    assert {"Su-30MKI", "S-400 Triumf", "T-90S Bhishma"} <= set(russian["system"])
    assert russian["maker"].notna().all() and russian["source_title"].notna().all()
    s400 = russian[russian["system"] == "S-400 Triumf"].iloc[0]
    assert s400.maker == "JSC Concern VKO Almaz-Antey" and "CAATSA 231 list" in s400.maker_listings


def test_india_exposure_is_non_zero_and_sourced(bundled):
    exposure = run_metric(bundled, "sanctions_exposure", {"recipient": "IND", "as_of": "2025-06-01"})
    anyl = exposure[exposure["authority"] == "any"]
    assert len(anyl) == 4 and (anyl["value"] > 0).all() and anyl["source_id"].notna().all()
    early = run_metric(bundled, "sanctions_exposure", {"recipient": "IND", "as_of": "2014-01-01"})
    assert (early["value"] == 0).all()  # the first listing of a maker of India's arms is 16 Jul 2014


def test_su30mki_licence_production_against_the_published_222_of_272(bundled):
    deals = bundled.execute(
        "select sum(units_delivered), sum(local_units) from sipri_deal_licence_for(['IND'], 1) "
        "where designation = 'Su-30MK'").fetchone()
    # SIPRI's Su-30MK deliveries to India add up to the published 272; its comments give 140 (2001, licence)
    # + 20 (2007: 'incl 20 assembled from kits') + 42 (2012, kits) = 202 built by HAL, against the published 222:
    # HAL counts the whole 2007 order of 40, of which SIPRI says only 20 were assembled in India.
    assert deals == (272, 202)
    published = run_metric(bundled, "licence_figures", {})
    su30 = published[(published["system"] == "Su-30MKI") & (published["unit"] == "aircraft")]
    assert {222.0, 272.0, 50.0} <= set(su30["value"])
