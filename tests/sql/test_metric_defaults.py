"""Parameters with defaults (``name:type=default``) and ``date`` parameters."""

from __future__ import annotations

import datetime as dt

import pytest

from armsdash import metrics


def test_declared_defaults_are_used_when_a_parameter_is_left_out():
    metric = metrics.get_metric("delivery_delays")
    bound = metrics.bind_params(metric, {"recipient": "India"}, latest_version=3)
    assert bound["v"] == 3
    assert bound["as_of"] == dt.date.today()  # as_of:date=today
    assert (bound["supplier"], bound["category"]) == ("all", "all")
    assert (bound["contract_from"], bound["contract_to"]) == (1900, 2100)


def test_a_given_value_wins_over_the_default():
    metric = metrics.get_metric("delivery_delays")
    bound = metrics.bind_params(metric, {"recipient": "IND", "as_of": "2025-02-28", "supplier": "RUS"}, 1)
    assert (bound["as_of"], bound["supplier"]) == (dt.date(2025, 2, 28), "RUS")


@pytest.mark.parametrize("bad", ["2025-02-30", "25-02-2025", "yesterday", "2025-02-28; drop"])
def test_bad_dates_are_refused_in_one_line(bad):
    metric = metrics.get_metric("delivery_delays")
    with pytest.raises(metrics.MetricError, match="must be a date YYYY-MM-DD"):
        metrics.bind_params(metric, {"recipient": "IND", "as_of": bad}, 1)
