"""Property test: no URL parameters make the view-state parser raise, and its output round-trips."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from armsdash.web import state

NAMES = ["recipient", "supplier", "from", "to", "v", "category", "top", "compare", "page", "x"]
values = st.text(max_size=40) | st.sampled_from(["IND", "India", "2019", "-1", "99999999999", "", " ", "0"])
params = st.dictionaries(st.sampled_from(NAMES) | st.text(max_size=10), values | st.lists(values, max_size=3))


@settings(max_examples=500, deadline=None)
@given(params=params)
def test_no_parameters_make_the_parser_raise(params):
    view, notices = state.parse(params, known_recipients=["IND", "PAK"], known_suppliers=["RUS", "USA"],
                                latest_version=3, year_bounds=(1950, 2025), categories=["aircraft", "ships"])
    assert isinstance(notices, list)
    again, _ = state.parse(state.to_params(view), known_recipients=["IND", "PAK"], known_suppliers=["RUS", "USA"],
                           latest_version=3, year_bounds=(1950, 2025), categories=["aircraft", "ships"])
    assert again == view
