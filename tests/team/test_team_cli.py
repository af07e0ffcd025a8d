"""The command line in team mode: build makes a replica's copy, ingest commits through the shared store, and an
unreachable store is one line and exit code 3."""

from __future__ import annotations

from armsdash.cli import commands
from tests.conftest import team_store_copy

SHARES = ("recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
          "IND,FRA,2019,2023,33,sipri_fs_2023_thehindu,x\n")


def test_ingest_commits_through_the_shared_store_and_a_new_replica_sees_it(pg_cluster, team_template, tmp_path,
                                                                           monkeypatch, capsys):
    team_store_copy(pg_cluster, team_template, tmp_path, monkeypatch)
    upload = tmp_path / "shares.csv"
    upload.write_text(SHARES, encoding="utf-8")
    assert commands.main(["ingest", str(upload), "--author", "ana"]) == 0
    assert "committed as data version 2" in capsys.readouterr().out
    monkeypatch.setenv("ARMSDASH_DB", str(tmp_path / "second.duckdb"))
    assert commands.main(["build"]) == 0
    assert capsys.readouterr().out.startswith(f"Replica copy {tmp_path / 'second.duckdb'} of the shared store, "
                                              "at data version 2")


def test_a_new_replica_with_postgresql_down_is_one_line_and_exit_code_3(pg_cluster, team_template, tmp_path,
                                                                        monkeypatch, capsys):
    team_store_copy(pg_cluster, team_template, tmp_path, monkeypatch)
    monkeypatch.setenv("ARMSDASH_DB", str(tmp_path / "new.duckdb"))
    pg_cluster.stop("immediate")
    try:
        assert commands.main(["build"]) == 3
    finally:
        pg_cluster.start()
    err = capsys.readouterr().err
    assert err.startswith("error: The shared store (PostgreSQL) cannot be reached") and "Traceback" not in err
    assert "postgres@" not in err and "127.0.0.1" not in err  # the URL is never shown
