"""Start a Streamlit script as the benchmarks need it: same flags for the dashboard and the bare page."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from pathlib import Path

from bench.common import BENCH_DIR
from tests.support import live_server

# The floor this stack allows: one Plotly chart of the size of the Overview's, nothing else.
BARE_APP = '''\
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
periods = ["2004–08", "2009–13", "2014–18", "2019–23", "2024–25"]
fig = go.Figure([go.Bar(name=f"Supplier {i}", x=periods, y=[(i * 7 + j * 3) % 40 for j in range(5)])
                 for i in range(8)])
fig.update_layout(barmode="stack", title="Bare page: one chart", height=450)
st.plotly_chart(fig, width="stretch", theme=None, key="bare")
'''

# The floor for each page: the page's own first chart alone, served at the page's own path. A page at
# a sub-path pays a cost of the stack's there (Streamlit's front end looks for the server under the
# page's path first and retries at the root 100 ms later), and a bigger figure takes longer to draw
# whatever is around it; neither is the page's overhead, which is what the ratio is to show.
REPLICA_APP = """\
import functools
import json
import pathlib

import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
FIGURES = json.loads(pathlib.Path(__file__).with_suffix(".json").read_text(encoding="utf-8"))


def show(path):
    spec, config = FIGURES[path]
    st.plotly_chart(json.loads(spec), width="stretch", theme=None, config=json.loads(config), key="bare")


st.navigation([st.Page(functools.partial(show, path), title=path or "overview", url_path=path or "overview",
                       default=not path) for path in FIGURES], position="hidden").run()
"""


def replica_app(figures: dict[str, tuple[str, str]]) -> Path:
    """Write the floor app: for each page path, that page's first chart alone (figure and config JSON)."""
    path = bare_app(REPLICA_APP, "bare_replica_app.py")
    path.with_suffix(".json").write_text(json.dumps(figures), encoding="utf-8")
    return path


def bare_app(source: str = BARE_APP, file_name: str = "bare_app.py") -> Path:
    """Write the bare one-chart app (or a variant of it, ``source``) under the bench directory and return its path."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / file_name
    path.write_text(source, encoding="utf-8")
    return path


@contextlib.contextmanager
def serve(script: Path, db_path: Path | None = None, timeout: float = 180.0, extra_env: dict[str, str] | None = None):
    """Serve ``script`` on a free port as ``make run`` does (``armsdash.web.serve``); yield (base URL, the server's
    Popen)."""
    env = {**os.environ, **(extra_env or {})}
    if db_path is not None:
        env["ARMSDASH_DB"] = str(db_path)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log_path = BENCH_DIR / f"server_{script.stem}_{os.getpid()}_{time.monotonic_ns()}.log"
    with live_server.serve(script, env, log_path, timeout) as (url, proc):
        yield url, proc


def wait_quiet(proc: subprocess.Popen, timeout: float = 900.0, window: float = 0.5, busy_ms: float = 20.0) -> float:
    """Wait until the server uses under ``busy_ms`` of CPU in two ``window``-second windows running.

    Return the seconds waited.

    How the benchmarks see a page's last work finish: the server is otherwise idle between requests.
    """
    import psutil

    process = psutil.Process(proc.pid)
    started, quiet = time.monotonic(), 0

    def cpu() -> float:
        times = process.cpu_times()
        return (times.user + times.system) * 1000

    before = cpu()
    while quiet < 2 and time.monotonic() - started < timeout:
        time.sleep(window)
        now = cpu()
        quiet = quiet + 1 if now - before < busy_ms else 0
        before = now
    return time.monotonic() - started - 2 * window


def rss_mb(proc: subprocess.Popen) -> float:
    """Resident memory of the server process (and any children), in MB."""
    import psutil

    process = psutil.Process(proc.pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total / 1e6


def peak_rss_mb(proc: subprocess.Popen) -> float:
    """Peak resident memory of the server process so far (VmHWM), in MB."""
    for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1000
    return float("nan")
