"""``python -m armsdash.cli.replicas``: N dashboard replicas on the shared store behind nginx, in the foreground.

Team mode (README, "Team deployment"): ``ARMSDASH_STORE`` names the shared PostgreSQL store (in the environment
or ``.streamlit/secrets.toml``). Each replica is the dashboard served by ``armsdash.web.serve`` on a loopback
port, with a DuckDB copy of its own (``ARMSDASH_DB``: ``<data-dir>/replica-<i>.duckdb``); nginx, with
``deploy/nginx.conf`` filled in, listens on one port and keeps each browser on one replica. A replica that exits
is started again; Ctrl-C (or SIGTERM) stops them all. Nothing here prints the store's URL: it may hold a password.

    python -m armsdash.cli.replicas --replicas 2 --listen 8080
"""

from __future__ import annotations

import argparse
import contextlib
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from armsdash import config

TEMPLATE = config.REPO_ROOT / "deploy" / "nginx.conf"
REPLICA_PORTS = 8601  # the first replica's port; the others follow
EXIT_FAILED, EXIT_BAD_INPUT = 1, 2


class DeployError(RuntimeError):
    """The replicas or the proxy cannot start; the message says why and what to do."""


def nginx_binary() -> str:
    """Debian's nginx (``/usr/sbin`` is not on every user's PATH); DeployError when it is not installed."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise DeployError("nginx is not installed: run `make nginx` (Debian's nginx package)")
    return found


def nginx_config(listen: str, replica_ports: list[int], runtime: Path, max_body_mb: int | None = None) -> str:
    """``deploy/nginx.conf`` filled in: nginx on ``listen`` (a port, or address:port) in front of the replicas on
    ``replica_ports`` (loopback), writing its pid, logs and temporary files under ``runtime``."""
    body_mb = (config.upload_max_mb() if max_body_mb is None else max_body_mb) + 1  # + Streamlit's multipart margin
    servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in replica_ports)
    fields = {"@RUNTIME@": str(runtime), "@LISTEN@": listen, "@SERVERS@": servers, "@MAX_BODY_MB@": str(body_mb)}
    lines = []
    for line in TEMPLATE.read_text(encoding="utf-8").splitlines():
        if not line.lstrip().startswith("#"):
            for field, value in fields.items():
                line = line.replace(field, value)
        lines.append(line)
    return "\n".join(lines) + "\n"


def _wait_for(url: str, proc: subprocess.Popen, what: str, log: Path, timeout: float) -> None:
    """Wait until ``url`` answers 200 ``ok`` (Streamlit's health check), or fail with the end of ``log``."""
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise DeployError(f"{what} exited with code {proc.returncode}; its log ({log}) ends:\n{_tail(log)}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        if time.monotonic() > deadline:
            raise DeployError(f"{what} did not answer within {timeout:.0f} s; its log ({log}) ends:\n{_tail(log)}")
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.2)  # before asking again: returns at once if the process ends meanwhile


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _first_to_exit(procs: list[subprocess.Popen]) -> int:
    """Block until one of ``procs`` exits (Linux process file descriptors: no polling); return its index."""
    handles = [os.pidfd_open(proc.pid) for proc in procs]
    try:
        ready, _, _ = select.select(handles, [], [])
    finally:
        for handle in handles:
            os.close(handle)
    index = handles.index(ready[0])
    procs[index].wait()
    return index


def _stop(proc: subprocess.Popen, timeout: float = 15.0) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def proxy(listen_port: int, replica_ports: list[int], runtime: Path, timeout: float = 30.0,
          host: str = "127.0.0.1") -> Iterator[str]:
    """Run nginx in front of the replicas on ``replica_ports``, on ``host:listen_port``; yield its base URL.

    Its configuration, pid, logs and temporary files are in ``runtime``; nginx is stopped on exit.
    """
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o755)  # run as root, nginx's workers (nobody) must reach their temporary folders in it
    conf = runtime / "nginx.conf"
    conf.write_text(nginx_config(f"{host}:{listen_port}", replica_ports, runtime), encoding="utf-8")
    log = runtime / "error.log"
    binary = nginx_binary()
    checked = subprocess.run([binary, "-t", "-q", "-p", str(runtime), "-c", str(conf), "-e", str(log)],
                             capture_output=True, text=True)
    if checked.returncode:
        raise DeployError(f"nginx refused its configuration ({conf}): {checked.stderr.strip()}")
    proc = subprocess.Popen([binary, "-p", str(runtime), "-c", str(conf), "-e", str(log), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{listen_port}"
    try:
        _wait_for(f"{url}/_stcore/health", proc, "nginx", log, timeout)
        yield url
    finally:
        _stop(proc)


def replica_env(index: int, data_dir: Path) -> dict[str, str]:
    """The environment of replica ``index`` (1, 2, ...): the shared store from this environment or the secrets
    file, and a DuckDB copy of its own."""
    return {**os.environ, config.DB_PATH.env: str(data_dir / f"replica-{index}.duckdb")}


def prepare(env: dict[str, str]) -> None:
    """``python -m armsdash build`` for one replica: its copy brought to the shared store's newest version (the
    first replica of a new shared store seeds it from data/)."""
    done = subprocess.run([sys.executable, "-m", "armsdash", "build"], cwd=config.REPO_ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise DeployError(f"replica {env[config.DB_PATH.env]} could not be prepared: {done.stderr.strip()}")


def start_replica(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start one replica (the dashboard, served by ``armsdash.web.serve``) on loopback ``port``, logging to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "armsdash.web.serve", "dashboard.py", "--port", str(port), "--address", "127.0.0.1"],
            cwd=config.REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def serve(count: int, listen: int, first_port: int, data_dir: Path, host: str) -> int:
    """Prepare and start ``count`` replicas and nginx; supervise them until interrupted; stop them all."""
    if config.store_url() is None:
        raise DeployError("team mode needs the shared store: set ARMSDASH_STORE=postgresql://... in the environment "
                          "or in .streamlit/secrets.toml (README, Team deployment)")
    ports = [first_port + i for i in range(count)]
    if busy := [p for p in [*ports, listen] if not _port_free(p)]:
        raise DeployError(f"port(s) {', '.join(map(str, busy))} already in use: choose others (--first-port, --listen)")
    data_dir.mkdir(parents=True, exist_ok=True)
    envs = [replica_env(i + 1, data_dir) for i in range(count)]
    for env in envs:  # one after the other: the first seeds an empty shared store, the others pull it
        print(f"preparing {env[config.DB_PATH.env]}", flush=True)
        prepare(env)
    logs = [data_dir / f"replica-{i + 1}.log" for i in range(count)]
    procs: list[subprocess.Popen] = []
    runtime = Path(tempfile.mkdtemp(prefix="armsdash-nginx-"))

    def _terminate(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    try:
        for port, env, log in zip(ports, envs, logs):
            procs.append(start_replica(port, env, log))
        for port, proc, log in zip(ports, procs, logs):
            _wait_for(f"http://127.0.0.1:{port}/_stcore/health", proc, f"the replica on port {port}", log, 120)
        with proxy(listen, ports, runtime, host=host) as url:
            print(f"{count} replicas on ports {', '.join(map(str, ports))} behind nginx: {url}  (logs: {data_dir}/"
                  f"replica-N.log, {runtime}/error.log). Ctrl-C stops them all.", flush=True)
            while True:
                i = _first_to_exit(procs)
                print(f"the replica on port {ports[i]} exited (code {procs[i].returncode}); starting it again",
                      flush=True)
                procs[i] = start_replica(ports[i], envs[i], logs[i])
    except KeyboardInterrupt:
        print("stopping the replicas and nginx", flush=True)
    finally:
        for proc in procs:
            _stop(proc)
        shutil.rmtree(runtime, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line; errors in one line on stderr (exit 1, or 2 for a usage mistake), never a traceback."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=2, help="how many replicas (default 2)")
    parser.add_argument("--listen", type=int, default=8080, help="nginx's port, the one readers open (default 8080)")
    parser.add_argument("--host", default="0.0.0.0", help="nginx's address (default every interface)")
    parser.add_argument("--first-port", type=int, default=REPLICA_PORTS,
                        help=f"the first replica's loopback port; the others follow (default {REPLICA_PORTS})")
    parser.add_argument("--data-dir", type=Path, default=config.DATA_DIR,
                        help="where each replica keeps its copy (replica-N.duckdb) and its log (default data/)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        print("error: --replicas must be at least 1", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return serve(args.replicas, args.listen, args.first_port, args.data_dir, args.host)
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
