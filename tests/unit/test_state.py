"""View state <-> URL parameters: round trips, and tampered links falling back with a notice."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from armsdash.contracts import CATEGORIES
from armsdash.web import state
from armsdash.web.state import ViewState

RECIPIENTS = ("IND", "PAK", "UKR", "EGY", "BGD", "VNM")
SUPPLIERS = ("RUS", "USA", "FRA", "CHN", "ISR", "SUN")
BOUNDS = (1950, 2025)
LATEST = 7
CONTEXT = dict(known_recipients=RECIPIENTS, known_suppliers=SUPPLIERS, latest_version=LATEST,
               year_bounds=BOUNDS, categories=CATEGORIES)


def parse(params):
    return state.parse(params, **CONTEXT)


def test_no_parameters_give_the_default_view():
    assert parse({}) == (ViewState(), [])
    assert ViewState().recipient == "IND" and not ViewState().pinned


def test_a_full_link_is_read_exactly():
    view, notices = parse({"recipient": "PAK", "compare": "IND,PAK,BGD", "supplier": "CHN", "from": "2009",
                           "to": "2023", "period": "year", "category": "aircraft", "v": "3"})
    assert notices == []
    assert view == ViewState(recipient="PAK", compare=("IND", "PAK", "BGD"), supplier="CHN", year_from=2009,
                             year_to=2023, period="year", category="aircraft", v=3)


def test_country_names_are_accepted_and_normalised_to_codes():
    view, notices = parse({"recipient": "pakistan", "compare": "India, Viet Nam", "supplier": "Russia"})
    assert notices == []
    assert (view.recipient, view.compare, view.supplier) == ("PAK", ("IND", "VNM"), "RUS")
    assert state.to_params(view) == {"recipient": "PAK", "compare": "IND,VNM", "supplier": "RUS"}


def test_defaults_are_left_out_of_the_link_but_the_recipient_is_always_named():
    assert state.to_params(ViewState()) == {"recipient": "IND"}
    assert state.to_params(ViewState(recipient="IND", period="5y", compare=())) == {"recipient": "IND"}
    assert state.to_params(ViewState(v=2)) == {"recipient": "IND", "v": "2"}
    assert state.to_params(ViewState(period="year"), ["v"]) == {}
    assert state.to_params(ViewState(prefer="split")) == {"recipient": "IND"}


def test_prefer_is_read_without_case_and_written_only_when_not_the_default():
    view, notices = parse({"prefer": "Newest"})
    assert (view.prefer, notices) == ("newest", [])
    assert state.to_params(view) == {"recipient": "IND", "prefer": "newest"}
    assert state.to_params(view, state.PAGE_PARAMS["overview"]) == {"recipient": "IND"}


@pytest.mark.parametrize("params, notice_word", [
    ({"recipient": "Atlantis"}, "recipient"),
    ({"recipient": "DEU"}, "recipient"),  # a real country, but no data for it here
    ({"recipient": "<script>alert(1)</script>"}, "recipient"),
    ({"supplier": "XXX"}, "supplier"),
    ({"from": str(10**30)}, "from"),
    ({"to": "1066"}, "to"),
    ({"from": "20x9"}, "from"),
    ({"period": "decade"}, "period"),
    ({"prefer": "oldest"}, "prefer"),
    ({"category": "<img src=x onerror=alert(1)>"}, "category"),
    ({"v": str(10**30)}, "version"),
    ({"v": "8"}, "version"),
    ({"v": "0"}, "version"),
    ({"v": "-1"}, "version"),
    ({"v": "1.5"}, "version"),
    ({"recipient": ["PAK", "UKR"]}, "more than once"),
    ({"recipient": "P" * 5000}, "recipient"),
    ({"recipient": "PAK\r\nSet-Cookie: x"}, "recipient"),
], ids=lambda p: str(p)[:40])
def test_tampered_values_fall_back_to_the_default_with_a_notice(params, notice_word):
    view, notices = parse(params)
    assert view == ViewState()
    assert len(notices) == 1 and notice_word in notices[0]


def test_notices_never_quote_markup_from_the_link():
    _, notices = parse({"recipient": "<script>alert(1)</script>", "category": "[x](javascript:alert(1))",
                        "supplier": "![i](http://evil/x.png)"})
    assert len(notices) == 3
    assert not any(ch in " ".join(notices) for ch in "<>[]!")


def test_a_plain_unknown_value_is_quoted_to_help_the_reader():
    _, notices = parse({"recipient": "Atlantis"})
    assert "`Atlantis`" in notices[0]


def test_a_reversed_year_range_is_swapped():
    view, notices = parse({"from": "2023", "to": "2009"})
    assert (view.year_from, view.year_to) == (2009, 2023)
    assert notices == ["The link's years were reversed; showing 2009-2023."]


def test_one_open_end_takes_the_data_bounds():
    view, _ = parse({"from": "2010"})
    assert view.years(BOUNDS) == (2010, 2025)
    assert state.to_params(view) == {"recipient": "IND", "from": "2010"}


def test_a_repeated_key_with_the_same_value_is_fine():
    assert parse({"recipient": ["PAK", "PAK"]}) == (ViewState(recipient="PAK"), [])


def test_comparison_keeps_known_countries_and_limits_their_number():
    view, notices = parse({"compare": "IND,Atlantis,PAK,IND"})
    assert view.compare == ("IND", "PAK") and len(notices) == 1
    view, notices = parse({"compare": ",".join(RECIPIENTS)})
    assert view.compare == RECIPIENTS[:5] and "at most 5" in notices[0]
    view, notices = parse({"compare": "IND"})
    assert view.compare == () and "at least 2" in notices[0]


def test_category_is_matched_without_case_and_kept_in_its_canonical_spelling():
    assert parse({"category": "Air Defence"})[0].category == "air defence"


def test_the_default_recipient_falls_back_when_it_has_no_data():
    view, _ = state.parse({}, **{**CONTEXT, "known_recipients": ("PAK", "EGY")})
    assert view.recipient == "EGY"
    assert state.parse(state.to_params(view), **{**CONTEXT, "known_recipients": ("PAK", "EGY")})[0] == view


def test_unknown_parameter_names_are_ignored():
    assert parse({"embed": "true", "utm_source": "mail"}) == (ViewState(), [])


# -- properties ----------------------------------------------------------------------------------

views = st.builds(
    ViewState,
    recipient=st.sampled_from(RECIPIENTS),
    compare=st.one_of(st.just(()), st.lists(st.sampled_from(RECIPIENTS), min_size=2, max_size=5,
                                             unique=True).map(tuple)),
    supplier=st.none() | st.sampled_from(SUPPLIERS),
    year_from=st.none() | st.integers(*BOUNDS),
    year_to=st.none() | st.integers(*BOUNDS),
    period=st.sampled_from(state.PERIODS),
    category=st.none() | st.sampled_from(CATEGORIES),
    prefer=st.sampled_from(state.PREFERENCES),
    v=st.none() | st.integers(1, LATEST),
).filter(lambda s: s.year_from is None or s.year_to is None or s.year_from <= s.year_to)


@given(views)
@settings(max_examples=150, deadline=None)
def test_every_view_survives_the_round_trip_through_its_link(view):
    assert parse(state.to_params(view)) == (view, [])


@pytest.mark.parametrize("page", sorted(state.PAGE_PARAMS))
@given(view=views)
@settings(max_examples=30, deadline=None)
def test_each_pages_view_survives_the_round_trip(page, view):
    page_view = state.for_page(view, page)
    params = state.to_params(page_view, state.PAGE_PARAMS[page])
    assert set(params) <= set(state.PAGE_PARAMS[page])
    assert parse(params) == (page_view, [])


any_text = st.text(max_size=60) | st.sampled_from(["10" * 20, "-5", "<script>", "IND,PAK", "2009", "0", ""])
any_params = st.dictionaries(st.sampled_from(state.PARAMS + ("x",)), any_text | st.lists(any_text, max_size=3))


@given(any_params)
@settings(max_examples=200, deadline=None)
def test_no_link_makes_parsing_raise_and_the_result_is_always_a_valid_view(params):
    view, notices = parse(params)
    assert view.recipient in RECIPIENTS
    assert view.compare == () or _is_valid_comparison(view.compare)
    assert view.supplier is None or view.supplier in SUPPLIERS
    lo, hi = view.years(BOUNDS)
    assert BOUNDS[0] <= lo <= hi <= BOUNDS[1]
    assert view.period in state.PERIODS
    assert view.category is None or view.category in CATEGORIES
    assert view.v is None or 1 <= view.v <= LATEST
    assert all(isinstance(n, str) and "<" not in n for n in notices)


def _is_valid_comparison(codes):
    return 2 <= len(codes) <= 5 and len(set(codes)) == len(codes) and set(codes) <= set(RECIPIENTS)


def test_rows_within_keeps_periods_wholly_inside_the_years():
    import pandas as pd
    frame = pd.DataFrame({"period_start": [2009, 2014, 2019], "period_end": [2013, 2018, 2023], "share_pct": [1, 2, 3]})
    assert state.rows_within(frame, (2010, 2023))["share_pct"].tolist() == [2, 3]
    assert state.rows_within(frame, (2009, 2013))["share_pct"].tolist() == [1]
    assert state.rows_within(frame, (2030, 2040)).empty


def test_the_date_parameter_is_a_real_day_up_to_today():
    view, notices = parse({"date": "2014-07-16"})
    assert notices == [] and view.date == "2014-07-16" and str(view.day()) == "2014-07-16"
    assert state.to_params(view, state.PAGE_PARAMS["sanctions"]) == {"recipient": "IND", "date": "2014-07-16"}
    for bad in ("2014-02-30", "16/07/2014", "2999-01-01", "1900-01-01"):
        view, notices = parse({"date": bad})
        assert view.date is None and len(notices) == 1 and "YYYY-MM-DD" in notices[0]
    assert "date" not in state.to_params(ViewState(date="2014-07-16"), state.PAGE_PARAMS["overview"])
