"""Start the real dashboard server for browser tests, and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(script: Path, env: dict[str, str], log_path: Path, timeout: float = 90.0):
    """Serve ``script`` (``armsdash.web.serve``, as ``make run`` does) on a free port with ``env``; yield (base URL,
    server process).

    Used by the browser tests, the drills and the benchmarks, so all start the server the same way.
    """
    port = free_port()
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "armsdash.web.serve", str(script), "--port", str(port), "--address", "127.0.0.1"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{log_path.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer in {timeout}s:\n{log_path.read_text(errors='replace')}")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def running_server(db_path: Path, extra_env: dict[str, str] | None = None, timeout: float = 90.0):
    """Run the dashboard on a free port with its own store at ``db_path``; yield the base URL."""
    env = {**os.environ, "ARMSDASH_DB": str(db_path), **(extra_env or {})}
    with serve(ROOT / "dashboard.py", env, db_path.with_suffix(".server.log"), timeout) as (url, _proc):
        yield url


def chromium_path() -> str:
    """Debian's Chromium; fails the test under CI=true when it is missing, skips elsewhere."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until the app is connected and no script run is in progress."""
    page.wait_for_selector(IDLE, timeout=timeout)


# Streamlit's placeholder for an element whose front-end code is still loading.
LOADING = "[data-testid=stSkeleton]"


def open_page(page, url: str, timeout: float = 90_000) -> None:
    """Open ``url`` and wait until its first chart is drawn, the run that drew it has ended and every element is drawn.

    Waiting for idle straight after ``goto`` is not enough: before the session connects the app
    already reads as idle, and pages send their first chart before the elements above it. Nor is
    idle itself: an element whose type's code is still loading shows a placeholder until it has.
    """
    page.set_default_timeout(timeout)
    page.goto(url)
    page.locator("[data-testid=stPlotlyChart] .js-plotly-plot").first.wait_for(timeout=timeout)
    wait_idle(page, timeout)
    page.wait_for_function(f"() => !document.querySelector('{LOADING}')", polling="raf", timeout=timeout)


def run_async(coroutine):
    """``asyncio.run(coroutine)`` in a worker thread.

    Playwright's sync API (the browser fixture) keeps a loop in this one."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
