"""Every metric file describes itself, and the loader checks and binds parameters."""

import re

import pytest

from armsdash import metrics
from tests.conftest import insert_rows


@pytest.mark.parametrize("metric", metrics.list_metrics(), ids=lambda m: m.name)
def test_header_declares_exactly_the_parameters_the_sql_uses(metric):
    body = "\n".join(line for line in metric.sql.splitlines() if not line.lstrip().startswith("--"))
    used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", body))
    assert used == set(metric.params), metric.name
    assert metric.label and metric.grain and metric.unit and metric.columns
    assert metric.name == metric.path.stem


@pytest.mark.parametrize("metric", metrics.list_metrics(), ids=lambda m: m.name)
def test_columns_in_header_match_the_result(con, metric):
    params = {name: {"country": "IND", "year": 2020, "int": 5, "text": "IND", "version": 1, "release": "newest",
                     "date": "2026-01-01"}[kind]
              for name, kind in metric.params.items()}
    frame = metrics.run_metric(con, metric.name, params)
    assert list(frame.columns) == list(metric.columns)


def test_unknown_metric_is_a_one_line_error(con):
    with pytest.raises(metrics.MetricError, match="unknown metric 'drop table'"):
        metrics.run_metric(con, "drop table", {})


def test_country_parameter_takes_a_name_and_refuses_injection(con):
    insert_rows(con, "inventory_origin", [dict(
        recipient_code="IND", service_or_category="all", origin_label="Russia", origin_code="RUS",
        share_pct=36.0, as_of_year=2025, is_estimate=True, source_id="s")])
    assert len(metrics.run_metric(con, "inventory_by_origin", {"recipient": "India"})) == 1
    with pytest.raises(metrics.MetricError, match="unknown country"):
        metrics.run_metric(con, "inventory_by_origin", {"recipient": "IND' or 1=1 --"})


def test_missing_and_unknown_parameters_are_refused(con):
    with pytest.raises(metrics.MetricError, match="missing parameter --recipient"):
        metrics.run_metric(con, "inventory_by_origin", {})
    with pytest.raises(metrics.MetricError, match="unknown parameter"):
        metrics.run_metric(con, "inventory_by_origin", {"recipient": "IND", "colour": "red"})
    with pytest.raises(metrics.MetricError, match="whole number"):
        metrics.run_metric(con, "inventory_by_origin", {"recipient": "IND", "v": "1; drop"})


def test_one_connection_serves_many_threads(built_store):
    """Streamlit runs sessions on threads; run_metric takes a cursor per call, so none is refused."""
    from concurrent.futures import ThreadPoolExecutor

    from armsdash.store import db

    shared = db.connect(built_store, read_only=True)
    with ThreadPoolExecutor(max_workers=8) as pool:
        frames = list(pool.map(
            lambda i: metrics.run_metric(shared, "published_shares_by_period", {"recipient": "IND"}), range(32)))
    shared.close()
    assert {len(f) for f in frames} == {len(frames[0])} and len(frames[0]) > 10


@pytest.mark.parametrize("metric", metrics.list_metrics(), ids=lambda m: m.name)
def test_header_is_one_field_a_line_none_over_120_characters(metric):
    header = []
    for line in metric.sql.splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    assert all(len(line) <= 120 for line in header), metric.name
    fields = [line.split(":", 1)[0].removeprefix("--").strip() for line in header if not line.startswith("--  ")]
    assert fields == ["metric", "label", "grain", "unit", "params", "columns"], metric.name


def test_a_header_field_continues_on_indented_lines(tmp_path):
    path = tmp_path / "demo.sql"
    path.write_text("-- metric: demo\n-- columns: a, b,\n--     c\n-- params: x:int\nselect $x as a\n")
    metric = metrics.parse_metric_file(path)
    assert metric.columns == ("a", "b", "c") and metric.params == {"x": "int"}


def test_metric_names_are_unique_across_lookups_and_metrics():
    from armsdash import config

    names = [path.stem for path in metrics.metric_files(config.QUERIES_DIR)]
    assert len(names) == len(set(names)) and len(names) == len(metrics.list_metrics())
    assert {path.parent.name for path in metrics.metric_files(config.QUERIES_DIR)} == {"lookups", "metrics"}
