"""Hand-made SIPRI rows for the page and browser tests of the Suppliers and Arsenal pages."""

from __future__ import annotations

from tests.conftest import insert_rows


def add_sipri_rows(con) -> None:
    """Add TIV for India (Russia falling, France rising, the USA flat, 2014-2023) and Pakistan (China only), and deals.

    India's 2019-2023 window: Russia 75+70+65+60+55 = 325, France 35+40+45+50+55 = 225, USA 5 x 20 = 100.
    Any SIPRI rows already in the store (the bundled data) are removed first, so the tests' arithmetic holds.
    """
    for table in ("tiv_deliveries", "sipri_deals", "sipri_releases"):
        con.execute(f"delete from {table}")
    tiv = [("IND", "RUS", y, 100 - 5 * (y - 2014)) for y in range(2014, 2024)]
    tiv += [("IND", "FRA", y, 10 + 5 * (y - 2014)) for y in range(2014, 2024)]
    tiv += [("IND", "USA", y, 20) for y in range(2014, 2024)]
    tiv += [("PAK", "CHN", y, 50) for y in range(2014, 2024)]
    insert_rows(con, "tiv_deliveries", [dict(recipient_code=r, supplier_code=s, year=y, tiv_mn=t,
                                             method="delivery_year", release_id="rel") for r, s, y, t in tiv])
    insert_rows(con, "sipri_releases", [dict(release_id="rel", layout="delivery_year",
                                             data_generated="2025-01-03 21:16:02", file_name="x.csv")])
    deals = [("1", "IND", "RUS", "fighter aircraft", 20, 400, "2005; 2006"),
             ("2", "IND", "FRA", "fighter aircraft", 36, 900, "2020; 2021; 2022"),
             ("3", "IND", "SUN", "tank", 100, 200, "1990"),
             ("4", "PAK", "CHN", "frigate", 4, 600, "2021; 2023")]
    insert_rows(con, "sipri_deals", [dict(deal_id=i, recipient_code=r, supplier_code=s, description=d,
                                          units_delivered=u, tiv_delivered=t, delivery_years=y,
                                          first_delivery_year=int(y[:4]), last_delivery_year=int(y[-4:]),
                                          release_id="rel") for i, r, s, d, u, t, y in deals])
    con.execute("checkpoint")
