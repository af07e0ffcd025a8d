"""Team deployment on this machine: two real replicas on one throwaway PostgreSQL, behind nginx, on loopback.

The replicas and the proxy are started as ``python -m armsdash.cli.replicas`` starts them (``live_server.serve``
runs the same ``armsdash.web.serve``; ``replicas.proxy`` runs nginx with ``deploy/nginx.conf`` filled in). A third copy
of the store is the command line's, the way an analyst commits a file (``python -m armsdash ingest``). The tests
run in order and share the deployment: each commit adds a data version the next test sees.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from armsdash.cli import replicas
from bench.wsclient import run_once
from tests.conftest import team_store_copy
from tests.support import live_server

pytestmark = pytest.mark.browser

SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
UNREACHABLE = "the shared store is unreachable"
CHART = "[data-testid=stPlotlyChart] .js-plotly-plot"


class Team:
    """The running deployment: each replica's URL and the proxy's, the shared store's URL, the writer's copy."""

    def __init__(self, folder, store_url, replica_urls, proxy_url, writer_db):
        self.folder, self.store_url, self.replica_urls = folder, store_url, replica_urls
        self.proxy_url, self.writer_db = proxy_url, writer_db

    def ingest(self, name: str, row: str) -> subprocess.CompletedProcess:
        """Commit one published share with the command line, on a replica copy of its own."""
        upload = self.folder / name
        upload.write_text(SHARES + row + "\n", encoding="utf-8")
        env = {**os.environ, "ARMSDASH_STORE": self.store_url, "ARMSDASH_DB": str(self.writer_db)}
        return subprocess.run([sys.executable, "-m", "armsdash", "ingest", str(upload), "--author", "team test"],
                              cwd=live_server.ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def team(pg_cluster, team_template, tmp_path_factory):
    """Two replicas of a fresh shared store (the bundled data, version 1) and nginx in front of them."""
    import contextlib

    folder = tmp_path_factory.mktemp("team_proxy")
    with pytest.MonkeyPatch.context() as patch, contextlib.ExitStack() as stack:
        first = team_store_copy(pg_cluster, team_template, folder, patch)
        store_url = os.environ["ARMSDASH_STORE"]
        copies = [first] + [shutil.copy(first, folder / f"replica-{i}.duckdb") for i in (2, 3)]
        urls, ports = [], []
        for index, path in enumerate(copies[:2], start=1):
            env = {**os.environ, "ARMSDASH_DB": str(path)}
            url, _proc = stack.enter_context(live_server.serve(live_server.ROOT / "dashboard.py", env,
                                                               folder / f"replica-{index}.log"))
            urls.append(url)
            ports.append(int(url.rsplit(":", 1)[1]))
        proxy_url = stack.enter_context(replicas.proxy(live_server.free_port(), ports, folder / "nginx"))
        yield Team(folder, store_url, urls, proxy_url, copies[2])


def overview(url: str, query: dict[str, str] | None = None):
    """One run of the Overview on the server at ``url``, as a browser tab asks for it (websocket protocol)."""
    result = live_server.run_async(run_once(url, "", {"recipient": "IND", **(query or {})}))
    assert result.ok, (result.status, result.errors)
    return result


def shown_version(url: str) -> int:
    """The data version the Overview's first chart names in its source line."""
    spec = overview(url).first_chart[0]
    return int(spec.split("Data version ", 1)[1].split()[0].strip("·)(,"))


def wait_for_version(url: str, version: int, timeout: float = 15.0) -> float:
    """Seconds until the replica at ``url`` serves ``version`` (fails after ``timeout``)."""
    started = time.monotonic()
    while (seen := shown_version(url)) < version:
        assert time.monotonic() - started < timeout, f"{url} still serves version {seen}, not {version}"
        time.sleep(0.5)
    return time.monotonic() - started


def test_the_dashboard_opens_through_the_proxy_and_draws_its_charts(team, page):
    live_server.open_page(page, f"{team.proxy_url}/?recipient=IND")
    assert page.locator(CHART).count() >= 1
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    assert cookies.get("armsdash_replica"), "the proxy gives each browser its replica's cookie"


def test_the_proxy_keeps_a_browser_on_one_replica_and_spreads_browsers(team):
    import re
    import urllib.request

    with urllib.request.urlopen(f"{team.proxy_url}/_stcore/health", timeout=10) as response:
        assert response.read() == b"ok"
        assert any(c.startswith("armsdash_replica=") for c in response.headers.get_all("Set-Cookie"))
    for turn in range(2):
        for browser in range(16):
            request = urllib.request.Request(f"{team.proxy_url}/_stcore/health?turn={turn}",
                                             headers={"Cookie": f"armsdash_replica=browser{browser}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                cookies = response.headers.get_all("Set-Cookie") or []
                assert not any("armsdash_replica" in c for c in cookies)  # a browser's cookie is never replaced
    served: dict[str, set[str]] = {}
    for line in (team.folder / "nginx" / "access.log").read_text().splitlines():
        if found := re.search(r"replica=(\S+) sticky=(browser\d+)", line):
            served.setdefault(found[2], set()).add(found[1])
    assert len(served) == 16 and all(len(replica) == 1 for replica in served.values())
    assert len(set().union(*served.values())) == 2, "16 browsers all sent to one replica"
    config = (team.folder / "nginx" / "nginx.conf").read_text()
    assert "client_max_body_size 257m;" in config  # .streamlit/config.toml's 256 MB and Streamlit's 1 MB margin


def test_a_commit_on_one_replica_is_served_by_both_within_seconds(team):
    assert [shown_version(url) for url in team.replica_urls] == [1, 1]
    done = team.ingest("israel.csv", "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,")
    assert done.returncode == 0, done.stderr
    assert "committed as data version 2" in done.stdout
    for url in team.replica_urls:
        assert wait_for_version(url, 2) < 10


def test_a_pinned_link_shows_the_same_chart_data_on_both_replicas(team):
    def chart_data(url: str, version: int) -> list:
        return json.loads(overview(url, {"v": str(version)}).first_chart[0])["data"]

    first, second = (chart_data(url, 1) for url in team.replica_urls)
    assert first == second
    latest = [chart_data(url, 2) for url in team.replica_urls]
    assert latest[0] == latest[1] != first
    assert "Israel" in json.dumps(latest[0]) and "Israel" not in json.dumps(first)


def test_postgresql_down_keeps_the_charts_refuses_writes_and_recovers(team, pg_cluster, page):
    live_server.open_page(page, f"{team.proxy_url}/?recipient=IND")
    notice = page.get_by_text(UNREACHABLE, exact=False)
    pages = ["Suppliers", "Overview"]

    def browse(turn: int) -> None:
        page.locator("[data-testid=stSidebarNav] a", has_text=pages[turn % 2]).click()
        live_server.wait_idle(page)

    pg_cluster.stop("fast")
    try:
        turn, deadline = 0, time.monotonic() + 20
        while not notice.count():
            assert time.monotonic() < deadline, "no notice 20 s after PostgreSQL stopped"
            browse(turn)
            turn += 1
        assert "Data as of version 2" in notice.first.inner_text()
        page.locator(CHART).first.wait_for()  # the charts are still drawn from the replica's copy
        refused = team.ingest("ukraine.csv", "IND,UKR,2019,2023,2,sipri_fs_2023_thehindu,")
        assert refused.returncode != 0
        assert "cannot be reached" in refused.stderr and "nothing was written" in refused.stderr
        assert "Traceback" not in refused.stderr + refused.stdout
    finally:
        pg_cluster.start()
    deadline = time.monotonic() + 20
    while notice.count():
        assert time.monotonic() < deadline, "the notice stayed 20 s after PostgreSQL came back"
        time.sleep(1)
        browse(turn)
        turn += 1
    page.locator(CHART).first.wait_for()
    done = team.ingest("ukraine.csv", "IND,UKR,2019,2023,2,sipri_fs_2023_thehindu,")
    assert done.returncode == 0, done.stderr
    assert "committed as data version 3" in done.stdout
    for url in team.replica_urls:
        wait_for_version(url, 3)
