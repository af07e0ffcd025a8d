"""SIPRI's real trade register with line breaks put into the comments of a few records loads as the unbroken one."""

from __future__ import annotations

import pandas as pd

from armsdash.ingest.sipri_parse import parse_export
from tests.support.sipri_samples import with_comment_breaks
from tests.unit.test_sipri_real import REGISTER, _fixture


def test_real_register_with_broken_comments_loads_as_the_unbroken_one():
    data = _fixture(REGISTER).read_bytes()
    broken_data, first_lines = with_comment_breaks(data)
    assert len(first_lines) == 4 and b"\r\n" in broken_data
    broken, whole = parse_export(broken_data), parse_export(data)
    assert broken.problems == [] and broken.warnings == whole.warnings
    assert [join.lines for join in broken.joined] == [(line, line + 1) for line in first_lines]
    assert {join.columns for join in broken.joined} == {("Comments",)}
    assert broken.n_data_rows == whole.n_data_rows == len(whole.deals)
    pd.testing.assert_frame_equal(broken.deals.drop(columns="line"), whole.deals.drop(columns="line"))
    pd.testing.assert_frame_equal(broken.yearly, whole.yearly)
