"""A throwaway PostgreSQL cluster for the tests: a temporary folder, a free loopback port, removed afterwards.

PostgreSQL refuses to run as root, so when the tests run as root the cluster runs as the ``postgres`` user
(``runuser``), as Debian's own scripts do. The binaries are Debian's (``make test`` installs the ``postgresql``
package when they are missing). Checked against PostgreSQL 15 (Debian 12).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL's binaries are missing: `make test` installs Debian's postgresql package")
    return Path(found[-1]).parent


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """A running cluster: its folder, port and the ``pg_ctl`` commands to stop and start it."""

    folder: Path
    port: int
    bin_dir: Path
    as_root: bool

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = list(args)
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def url(self, database: str = "armsdash") -> str:
        """The connection URL of ``database`` (trust authentication on loopback)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options,
                  "-l", str(self.folder / "server.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``immediate`` is a crash: no shutdown checkpoint)."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", mode, "-w", "stop",
                  check=False)

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create database ``name`` (a copy of ``template`` if given); return its URL."""
        copy = ["-T", template] if template else []
        self._run(str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  *copy, name)
        return self.url(name)


@contextmanager
def running_cluster():
    """A new cluster, started; stopped and its folder removed on exit."""
    bin_dir = _bin_dir()
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="armsdash-pg-"))
    if as_root:
        shutil.chown(folder, "postgres", "postgres")
    cluster = Cluster(folder, free_port(), bin_dir, as_root)
    cluster._run(str(bin_dir / "initdb"), "-D", str(folder / "data"), "-A", "trust", "-U", "postgres",
                 "-E", "UTF8", "--no-sync")
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
