"""The background warmer: what a page asks for once is computed for every other recipient, in idle time."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armsdash import config, metrics
from armsdash.web import cache
from armsdash.web.warmer import Warmer

ROOT = Path(__file__).resolve().parents[2]
RECIPIENTS = {1: ["IND", "PAK", "UKR"], 2: ["IND", "PAK", "UKR", "QAT"]}


class Recorder:
    """A fake metric runner that records each call (and can fail on one metric)."""

    def __init__(self, fail_on: str | None = None, result_bytes: int = 1000):
        self.calls: list[tuple[str, dict, int]] = []
        self.fail_on = fail_on
        self.result_bytes = result_bytes
        self.lock = threading.Lock()

    def __call__(self, name: str, params: dict, version: int) -> int:
        with self.lock:
            self.calls.append((name, params, version))
        if self.fail_on in (name, params.get("recipient")):
            raise ValueError(f"unknown country {params.get('recipient')!r}")
        return self.result_bytes


def warmer_with(recorder: Recorder, **kwargs) -> Warmer:
    return Warmer(recorder, lambda version: RECIPIENTS[version], **kwargs)


def test_a_noted_metric_is_run_for_every_recipient_with_the_same_other_parameters():
    recorder = Recorder()
    warmer = warmer_with(recorder)
    warmer.note("supplier_shares_by_period", {"recipient": "PAK", "top_n": 6, "year_from": 2009}, 1)
    assert warmer.wait_idle(10)
    assert recorder.calls == [
        ("supplier_shares_by_period", {"top_n": 6, "year_from": 2009, "recipient": code}, 1)
        for code in ["IND", "PAK", "UKR"]
    ]


def test_the_same_template_is_warmed_once_whichever_recipient_asked():
    recorder = Recorder()
    warmer = warmer_with(recorder)
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
    assert warmer.wait_idle(10)
    warmer.note("inventory_by_origin", {"recipient": "UKR"}, 1)
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
    assert warmer.wait_idle(10)
    assert len(recorder.calls) == 3


def test_only_the_first_values_of_a_metrics_other_parameters_are_warmed():
    """Later values are a moved slider or a value derived from one recipient: nobody else would ask for them."""
    recorder = Recorder()
    warmer = warmer_with(recorder)
    warmer.note("delivery_overview", {"recipient": "IND", "as_of": "2026-11-25"}, 1)
    warmer.note("delivery_overview", {"recipient": "PAK", "as_of": "2026-11-26"}, 1)
    warmer.note("delivery_overview", {"recipient": "IND", "as_of": "2026-11-25", "top": 5}, 1)  # other names: another
    assert warmer.wait_idle(10)
    assert [(c[1]["as_of"], c[1].get("top")) for c in recorder.calls] == (
        [("2026-11-25", None)] * 3 + [("2026-11-25", 5)] * 3)


def test_nothing_is_warmed_while_a_reader_run_is_in_progress():
    recorder = Recorder()
    warmer = warmer_with(recorder)
    with warmer.reader_run():
        warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
        time.sleep(0.3)
        assert recorder.calls == []
        assert not warmer.wait_idle(0.1)
    assert warmer.wait_idle(10)
    assert [c[1]["recipient"] for c in recorder.calls] == ["IND", "PAK", "UKR"]


def test_a_new_data_version_drops_the_work_queued_for_the_old_one():
    recorder = Recorder()
    warmer = warmer_with(recorder)
    with warmer.reader_run():  # hold the warmer back while both versions are noted
        warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
        warmer.note("concentration", {"recipient": "IND"}, 1)
        warmer.note("inventory_by_origin", {"recipient": "IND"}, 2)
        warmer.note("concentration", {"recipient": "IND"}, 1)  # a pinned link to version 1: not warmed
    assert warmer.wait_idle(10)
    assert {(name, version) for name, _params, version in recorder.calls} == {("inventory_by_origin", 2)}
    assert [c[1]["recipient"] for c in recorder.calls] == RECIPIENTS[2]


def test_a_failing_metric_does_not_stop_the_warmer():
    recorder = Recorder(fail_on="concentration")
    warmer = warmer_with(recorder)
    warmer.note("concentration", {"recipient": "IND"}, 1)
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
    assert warmer.wait_idle(10)
    assert [c[0] for c in recorder.calls] == ["concentration"] * 3 + ["inventory_by_origin"] * 3
    assert (warmer.completed, warmer.failed) == (3, 3)


def test_a_recipient_a_metric_refuses_is_skipped_and_the_rest_still_warmed():
    """The recipient list holds codes (a former state, a non-state actor) that some metrics refuse."""
    recorder = Recorder(fail_on="PAK")
    warmer = warmer_with(recorder)
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
    assert warmer.wait_idle(10)
    assert [c[1]["recipient"] for c in recorder.calls] == ["IND", "PAK", "UKR"]
    assert (warmer.completed, warmer.failed) == (2, 1)


def test_warming_stops_for_a_version_once_its_results_reach_the_budget():
    recorder = Recorder(result_bytes=400)
    warmer = warmer_with(recorder, budget_bytes=1000)
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
    warmer.note("concentration", {"recipient": "IND"}, 1)
    assert warmer.wait_idle(10)
    assert [c[1]["recipient"] for c in recorder.calls] == ["IND", "PAK", "UKR"]  # 1,200 bytes: the first three
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 2)  # a new version starts a new budget
    assert warmer.wait_idle(10)
    assert [c[1]["recipient"] for c in recorder.calls[3:]] == ["IND", "PAK", "UKR"]


def test_reset_forgets_what_was_warmed():
    recorder = Recorder()
    warmer = warmer_with(recorder)
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
    assert warmer.wait_idle(10)
    warmer.reset()  # the cache it filled was cleared (an upload)
    warmer.note("inventory_by_origin", {"recipient": "IND"}, 1)
    assert warmer.wait_idle(10)
    assert len(recorder.calls) == 6


def test_the_setting_sets_the_budget_or_turns_it_off(monkeypatch):
    monkeypatch.setenv(config.WARM_CACHE.env, "off")
    assert not config.warm_cache()
    monkeypatch.setenv(config.WARM_CACHE.env, "0")
    assert not config.warm_cache()
    monkeypatch.setenv(config.WARM_CACHE.env, "16")
    assert config.warm_cache_budget() == 16_000_000
    monkeypatch.setenv(config.WARM_CACHE.env, "on")
    assert config.warm_cache_budget() == 48_000_000
    monkeypatch.delenv(config.WARM_CACHE.env)
    assert not config.warm_cache()  # off unless turned on: at 10M deals it costs ~150 MB of server memory
    monkeypatch.setenv(config.WARM_CACHE.env, "lots")
    with pytest.raises(ValueError, match="ARMSDASH_WARM_CACHE must be 'on', 'off' or a number of megabytes"):
        config.warm_cache_budget()
    for not_a_size in ("nan", "inf"):
        monkeypatch.setenv(config.WARM_CACHE.env, not_a_size)
        with pytest.raises(ValueError, match="ARMSDASH_WARM_CACHE must be 'on', 'off' or a number of megabytes"):
            config.warm_cache_budget()


@pytest.mark.parametrize("page", ["pages/suppliers.py", "pages/overview.py"])
def test_after_warming_a_first_switch_of_recipient_runs_no_query_for_it(app_store, monkeypatch, page):
    """The real pages and cache: once the warmer is idle, opening Pakistan asks the store nothing about Pakistan."""
    monkeypatch.setenv(config.WARM_CACHE.env, "on")
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = "IND"
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception
    assert cache._warmer(str(config.db_path())).wait_idle(120)

    ran: list[tuple[str, dict]] = []
    real = metrics.run_metric

    def counting(con, name, params, **kwargs):
        ran.append((name, dict(params)))
        return real(con, name, params, **kwargs)

    monkeypatch.setattr(metrics, "run_metric", counting)
    at.sidebar.selectbox(key="recipient").set_value("PAK")
    at.run()
    assert not at.exception
    assert "Pakistan" in at.title[0].value
    assert [call for call in ran if call[1].get("recipient") == "PAK"] == []
