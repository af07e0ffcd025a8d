"""The pages on a team replica (AppTest): the same figures as the embedded store, and while PostgreSQL is down the
notice "data as of version N; the shared store is unreachable" with the charts still there."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from armsdash.store import replica
from tests.conftest import team_store_copy

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "the shared store is unreachable"


@pytest.fixture
def team_app(pg_cluster, team_template, tmp_path, monkeypatch):
    """A replica of a fresh shared store, set up for AppTest runs (ARMSDASH_STORE and ARMSDASH_DB)."""
    path = team_store_copy(pg_cluster, team_template, tmp_path, monkeypatch)
    yield path
    replica.stop_following()


def overview() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = "IND"
    return at.run()


def notices(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_the_overview_on_a_replica_shows_the_bundled_figures_and_no_notice(team_app):
    at = overview()
    assert not at.exception, [e.value for e in at.exception]
    metrics = {m.label: m.value.replace("\\", "") for m in at.metric}
    assert metrics["Russia's share of imports, 2021–25"] == "40%"
    assert not any(UNREACHABLE in text for text in notices(at))


def test_while_postgresql_is_down_the_page_says_so_and_keeps_its_charts(team_app, pg_cluster):
    overview()  # opens the store and starts the follower
    pg_cluster.stop("immediate")
    try:
        deadline = time.monotonic() + 20
        while replica.status().reachable and time.monotonic() < deadline:
            time.sleep(0.1)
        at = overview()
        assert [text for text in notices(at) if UNREACHABLE in text] == [
            "Data as of version 1; the shared store is unreachable, so uploads are paused. The dashboard keeps "
            "showing this data and reconnects by itself."]
        assert at.get("plotly_chart") and not at.exception
        assert json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    finally:
        pg_cluster.start()
    deadline = time.monotonic() + 30
    while not replica.status().reachable and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(UNREACHABLE in text for text in notices(overview()))
