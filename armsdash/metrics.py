"""Find a metric's SQL file by name, check its parameters, run it with them bound.

Each file in ``queries/metrics/`` (charts) and ``queries/lookups/`` (widgets, labels) is one metric: one SQL
statement under a header of ``-- key: value`` lines (metric, label, grain, unit, params, columns), one field a
line; a long value continues on the following lines as ``--`` and an indented text. Names are unique across both
folders. ``params`` lists ``name:type`` pairs, optionally ``name:type=default`` (``date`` parameters accept
``today``); the types below say how a value is checked and converted.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from armsdash import config, countries

MIN_YEAR, MAX_YEAR = config.PLAUSIBLE_YEARS
_HEADER_LINE = re.compile(r"^--\s*(\w+):\s*(.*)$")
_CONTINUATION = re.compile(r"^--\s{2,}(\S.*)$")  # an indented line goes on with the field above it
METRIC_FOLDERS = ("lookups", "metrics")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class MetricError(ValueError):
    """An unknown metric or a bad parameter; the message is one line for the user."""


@dataclass(frozen=True)
class Metric:
    """A metric as its SQL file describes it."""

    name: str
    label: str
    grain: str
    unit: str
    params: dict[str, str]  # parameter name -> type
    columns: tuple[str, ...]
    sql: str
    path: Path
    defaults: dict[str, str] = field(default_factory=dict)  # parameter name -> default text


def _convert(metric: str, name: str, kind: str, value: object) -> object:
    """Check one parameter value against its declared type and return it converted."""
    text = str(value).strip()
    if kind == "country":
        code = countries.code_for(text)
        if code is None:
            hint = countries.suggest(text)
            extra = f" (did you mean {', '.join(hint)}?)" if hint else ""
            raise MetricError(f"{metric}: unknown country {text!r} for --{name}{extra}")
        return code
    if kind in {"year", "int", "version"}:
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise MetricError(f"{metric}: --{name} must be a whole number, got {text!r}")
        number = int(text)
        if kind == "year" and not MIN_YEAR <= number <= MAX_YEAR:
            raise MetricError(f"{metric}: --{name} must be a year between {MIN_YEAR} and {MAX_YEAR}, got {number}")
        if kind in {"int", "version"} and number < 0:
            raise MetricError(f"{metric}: --{name} must not be negative, got {number}")
        return number
    if kind == "date":
        if text.lower() == "today":
            return datetime.date.today()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        raise MetricError(f"{metric}: --{name} must be a date YYYY-MM-DD or 'today', got {text!r}")
    if kind == "release":
        if text.lower() not in config.RELEASE_PREFERENCES:
            raise MetricError(f"{metric}: --{name} must be one of {', '.join(config.RELEASE_PREFERENCES)}, "
                              f"got {text[:40]!r}")
        return text.lower()
    if kind == "text":
        if len(text) > 200:
            raise MetricError(f"{metric}: --{name} is longer than 200 characters")
        return text
    raise MetricError(f"{metric}: parameter {name} has unknown type {kind!r} in its SQL header")


def parse_metric_file(path: Path) -> Metric:
    """Read a metric's header and SQL from ``path``."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        match = _HEADER_LINE.match(line)
        more = _CONTINUATION.match(line)
        if more and key is not None:
            header[key] = f"{header[key]} {more.group(1).strip()}".strip()
        elif match:
            key = match.group(1)
            header[key] = match.group(2).strip()
        else:
            key = None
    params: dict[str, str] = {}
    defaults: dict[str, str] = {}
    for item in filter(None, (p.strip() for p in header.get("params", "").split(","))):
        pname, _, spec = item.partition(":")
        ptype, has_default, default = spec.partition("=")
        params[pname.strip()] = ptype.strip() or "text"
        if has_default:
            defaults[pname.strip()] = default.strip()
    return Metric(
        name=header.get("metric", path.stem),
        label=header.get("label", path.stem),
        grain=header.get("grain", ""),
        unit=header.get("unit", ""),
        params=params,
        defaults=defaults,
        columns=tuple(c.strip() for c in header.get("columns", "").split(",") if c.strip()),
        sql=text,
        path=path,
    )


def metric_files(queries_dir: Path) -> list[Path]:
    """Every metric file under ``queries_dir``: lookups/ and metrics/."""
    return [p for folder in METRIC_FOLDERS for p in sorted((queries_dir / folder).glob("*.sql"))]


@functools.cache
def _catalogue(queries_dir: Path) -> dict[str, Metric]:
    catalogue: dict[str, Metric] = {}
    for path in metric_files(queries_dir):
        if path.stem in catalogue:
            raise MetricError(f"two metrics are called {path.stem}: {catalogue[path.stem].path} and {path}")
        catalogue[path.stem] = parse_metric_file(path)
    return dict(sorted(catalogue.items()))


def list_metrics(queries_dir: Path | None = None) -> list[Metric]:
    """Every metric in ``queries/lookups`` and ``queries/metrics``, sorted by name."""
    return list(_catalogue(queries_dir or config.QUERIES_DIR).values())


def get_metric(name: str, queries_dir: Path | None = None) -> Metric:
    """Return the metric called ``name``; MetricError if there is none."""
    catalogue = _catalogue(queries_dir or config.QUERIES_DIR)
    if not _NAME.match(str(name)) or name not in catalogue:
        raise MetricError(f"unknown metric {name!r}; `python -m armsdash metrics` lists them")
    return catalogue[name]


def bind_params(metric: Metric, params: dict[str, object], latest_version: int) -> dict[str, object]:
    """Check ``params`` against the metric's header and return the values to bind.

    ``v`` (the data version) defaults to ``latest_version``; a parameter declared with
    ``=default`` takes that default; every other declared parameter is required.
    Unknown parameters are refused.
    """
    unknown = set(params) - set(metric.params)
    if unknown:
        raise MetricError(f"{metric.name}: unknown parameter(s) {', '.join(sorted(unknown))}; "
                          f"it takes {', '.join(metric.params) or 'none'}")
    bound: dict[str, object] = {}
    for pname, kind in metric.params.items():
        value = params.get(pname)
        if value is None or value == "":
            if pname == "v":
                bound[pname] = latest_version
                continue
            if pname in metric.defaults:
                bound[pname] = _convert(metric.name, pname, kind, metric.defaults[pname])
                continue
            raise MetricError(f"{metric.name}: missing parameter --{pname}")
        bound[pname] = _convert(metric.name, pname, kind, value)
    return bound


def run_metric(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object] | None = None,
               *, latest_version: int | None = None) -> pd.DataFrame:
    """Run metric ``name`` with ``params`` bound and return its rows as a DataFrame.

    Uses its own cursor, so one connection can serve Streamlit's threads.
    """
    metric = get_metric(name)
    cursor = con.cursor()
    try:
        if latest_version is None:
            latest_version = int(cursor.execute("select coalesce(max(version), 0) from data_versions").fetchone()[0])
        bound = bind_params(metric, dict(params or {}), latest_version)
        return cursor.execute(metric.sql, bound).df()
    finally:
        cursor.close()
