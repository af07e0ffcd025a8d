"""deploy/nginx.conf as ``python -m armsdash.cli.replicas`` fills it in, and the command's refusals (no server)."""

from __future__ import annotations

import subprocess

from armsdash import config
from armsdash.cli import replicas


def test_the_filled_in_configuration_names_every_replica_and_the_upload_limit(tmp_path):
    text = replicas.nginx_config("127.0.0.1:8080", [8601, 8602, 8603], tmp_path, max_body_mb=256)
    assert "@" not in "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert [line.strip() for line in text.splitlines() if line.strip().startswith("server 127.0.0.1")] == [
        f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in (8601, 8602, 8603)]
    assert "listen 127.0.0.1:8080;" in text
    assert "client_max_body_size 257m;" in text  # Streamlit's 256 MB limit and the 1 MB it allows for framing
    assert "hash $armsdash_replica consistent;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text and "X-Forwarded-For $remote_addr;" in text
    assert f"pid {tmp_path}/nginx.pid;" in text


def test_the_upload_limit_is_the_apps_own(tmp_path):
    text = replicas.nginx_config("8080", [8601], tmp_path)
    assert f"client_max_body_size {config.upload_max_mb() + 1}m;" in text


def test_nginx_accepts_the_configuration(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(replicas.nginx_config("127.0.0.1:18080", [18601, 18602], tmp_path))
    checked = subprocess.run([replicas.nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf), "-e",
                              str(tmp_path / "error.log")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_without_a_shared_store_the_command_says_what_to_set(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("ARMSDASH_STORE", raising=False)
    monkeypatch.setenv("ARMSDASH_DB", str(tmp_path / "store.duckdb"))
    monkeypatch.setattr(config, "SECRETS_FILE", tmp_path / "absent.toml")
    monkeypatch.setattr(config.store_url, "__defaults__", (None, tmp_path / "absent.toml"))
    assert replicas.main(["--replicas", "2", "--data-dir", str(tmp_path)]) == replicas.EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("error: team mode needs the shared store: set ARMSDASH_STORE=postgresql://")
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert replicas.main(["--replicas", "0"]) == replicas.EXIT_BAD_INPUT


def test_the_supervisor_wakes_when_a_replica_exits_not_on_a_timer():
    import time

    procs = [subprocess.Popen(command) for command in (["sleep", "30"], ["sh", "-c", "exit 3"], ["sleep", "30"])]
    try:
        started = time.monotonic()
        assert replicas._first_to_exit(procs) == 1 and procs[1].returncode == 3
        assert time.monotonic() - started < 10
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
