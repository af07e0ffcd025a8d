"""Which release each year comes from, in words and as a table (readings.releases)."""

import pandas as pd

from armsdash.readings import releases

DY, REG = "sipri_delivery_year_2025-01-03T211602", "sipri_trade_register_2026-05-18T142920"


def _sources(rows):
    frame = pd.DataFrame(rows, columns=["year", "release_id", "layout", "method", "data_generated",
                                       "newer_release_id", "newer_layout", "newer_data_generated"])
    frame["data_generated"] = pd.to_datetime(frame["data_generated"])
    frame["newer_data_generated"] = pd.to_datetime(frame["newer_data_generated"])
    return frame


REGISTER = ("trade_register", "register_even_split", "2026-05-18 14:29:20")
SPLIT = _sources(
    [(1999, REG, *REGISTER, None, None, None)]
    + [(y, DY, "delivery_year", "delivery_year", "2025-01-03 21:16:02", REG, "trade_register", "2026-05-18 14:29:20")
       for y in (2000, 2001, 2002)]
    + [(2024, REG, *REGISTER, None, None, None), (2025, REG, *REGISTER, None, None, None)])


def test_year_ranges():
    assert releases.year_ranges([2002, 2000, 2001, 2024]) == "2000–2002, 2024"


def test_table_has_one_row_per_run_of_years():
    table = releases.year_sources_table(SPLIT)
    assert table["years"].tolist() == ["1999", "2000–2002", "2024–2025"]
    assert table.loc[1, "release used"] == "transfers by delivery year, data generated 3 Jan 2025"
    assert table.loc[1, "TIV per year"] == "SIPRI's yearly split"
    assert table.loc[1, "newer release also covering these years"] == "trade register, data generated 18 May 2026"
    assert table.loc[0, "newer release also covering these years"] == ""


def test_source_clause_and_note_name_the_newer_release_not_used():
    assert releases.newer_release_clause(SPLIT) == (
        " · 2000–2002 also in the newer trade register, data generated 18 May 2026 (not used)")
    note = releases.choice_note(SPLIT, "split")
    assert note.startswith("Each year's TIV comes from SIPRI's yearly split where available: 2000–2002 from an older")
    assert "Newest release" in note


def test_with_the_newest_release_nothing_newer_is_left():
    newest = _sources([(y, REG, *REGISTER, None, None, None) for y in (2000, 2001)])
    assert releases.newer_release_clause(newest) == ""
    assert releases.choice_note(newest, "newest").startswith("Each year's TIV comes from the newest release")
    assert releases.choice_note(newest.iloc[0:0], "split") == "No SIPRI deliveries in the years shown."


def test_recent_imports_years_read_from_the_exposure_figure():
    exposure = pd.DataFrame({"figure": ["Programmes still owed", releases.RECENT_IMPORTS],
                             "period": ["as of 2026-12-03", "2021–2025"]})
    assert releases.recent_imports_years(exposure) == (2021, 2025)
    assert releases.recent_imports_years(exposure.iloc[:1]) is None
