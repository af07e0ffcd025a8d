"""The command line: build, metrics, query, and one-line errors with exit code 2."""

import csv
import io
import json

import pytest

from armsdash.cli import commands


@pytest.fixture
def store_env(app_store):
    return app_store


def test_query_prints_the_metric_as_csv(store_env, capsys):
    assert commands.main(["query", "published_shares_by_period", "--recipient", "IND"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    russia_2019 = [r for r in rows if r["supplier_code"] == "RUS" and r["period"] == "2019–23"]
    assert [r["share_pct"] for r in russia_2019] == ["36.0"]


def test_query_as_json_with_a_country_name(store_env, capsys):
    assert commands.main(["query", "inventory_by_origin", "--recipient", "India", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["share_pct"] for r in rows) == [36.0, 85.0]


@pytest.mark.parametrize("argv, message", [
    (["query", "no_such_metric"], "unknown metric 'no_such_metric'"),
    (["query", "inventory_by_origin", "--recipient", "Atlantis"], "unknown country 'Atlantis'"),
    (["query", "inventory_by_origin", "--recipient", "IND", "--colour", "red"], "unknown parameter(s) colour"),
    (["query", "inventory_by_origin", "--recipient"], "--recipient needs a value"),
])
def test_bad_query_is_one_line_and_exit_2(store_env, capsys, argv, message):
    assert commands.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_metrics_lists_every_metric_with_parameters(capsys):
    assert commands.main(["metrics"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("published_shares_by_period\t") and "--recipient (country)" in line for line in lines)


def test_rebuild_without_confirmation_changes_nothing(store_env, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    before = store_env.stat().st_mtime_ns
    assert commands.main(["build", "--rebuild"]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert store_env.stat().st_mtime_ns == before
