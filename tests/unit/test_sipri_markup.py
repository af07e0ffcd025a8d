"""SIPRI exports are checked like uploads: a data cell with a tag, a javascript: link or a Markdown link or image is
refused by line and column (SIPRI's own preamble, which links its method, is not stored and not checked)."""

from __future__ import annotations

import pytest

from armsdash.ingest import sipri_load
from tests.support import sipri_samples


@pytest.mark.parametrize("hostile", ["[Xa-1](https://outside.example)", "![x](https://outside.example/t.png)",
                                     "<a href=https://outside.example>Xa-1</a>", "javascript:alert(1)"])
def test_a_data_cell_with_markup_is_refused_by_line_and_column(con, hostile):
    data = sipri_samples.register().replace(b"Xa-1", hostile.encode())
    assert [(p.column, p.value) for p in sipri_load.markup_problems(data)] == [("Weapon designation", hostile)]
    with pytest.raises(sipri_load.SipriImportError, match="hold HTML, a javascript: link or a Markdown link"):
        sipri_load.load_export(con, data, "register.csv")
    assert con.execute("select count(*) from sipri_deals").fetchone()[0] == 0


def test_the_preamble_link_and_clean_exports_pass(con):
    data = sipri_samples.register()
    assert b"<https://www.sipri.org" in data
    assert sipri_load.markup_problems(data) == []
    assert sipri_load.markup_problems(sipri_samples.delivery_year()) == []


def test_the_history_note_names_the_layout_once(con):
    report = sipri_load.load_export(con, sipri_samples.register(), "register.csv", author="ana")
    note = con.execute("select note from data_versions where version = $v", {"v": report.version}).fetchone()[0]
    assert note.startswith("SIPRI trade register (one row per deal), release sipri_trade_register_")
    assert "SIPRI SIPRI" not in note
