"""Settings, each with a default and a help string, overridable by the environment."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
QUERIES_DIR = REPO_ROOT / "queries"
TABLES_FILE = QUERIES_DIR / "tables.sql"  # every table of the store (armsdash/store/db.py)
MACROS_DIR = QUERIES_DIR / "macros"  # one macro per file, loaded by file name
LOOKUPS_DIR = QUERIES_DIR / "lookups"  # queries that feed widgets and labels
METRICS_DIR = QUERIES_DIR / "metrics"  # one chart metric per file

DEFAULT_RECIPIENT = "IND"
# SIPRI's fact sheets compare five-year windows; the latest complete one in the bundled data.
DEFAULT_PERIOD = (2019, 2023)
RUSSIA_CODE = "RUS"
# Years a link's from/to may name: SIPRI's records start in 1950.
YEAR_BOUNDS = (1950, date.today().year)


@dataclass(frozen=True)
class Setting:
    """One setting: the environment variable that overrides it, its default and what it does."""

    env: str
    default: str
    help: str

    def value(self) -> str:
        """Return the environment's value, or the default when unset or empty."""
        return os.environ.get(self.env) or self.default


DB_PATH = Setting(
    "ARMSDASH_DB",
    str(DATA_DIR / "armsdash.duckdb"),
    "Path of the DuckDB store; built from the CSVs in data/ when absent.",
)


def db_path() -> Path:
    """Return the path of the DuckDB store (``ARMSDASH_DB`` or ``data/armsdash.duckdb``)."""
    return Path(DB_PATH.value()).expanduser()


DUCKDB_MEMORY = Setting(
    "ARMSDASH_DUCKDB_MEMORY",
    "200MB",
    "DuckDB's memory_limit for the store's connections, e.g. 256MB or 1GB; 'default' leaves DuckDB's own "
    "(80% of RAM). 200MB keeps the server under 500 MB RSS at 10M deals (peak 488 MB; 256MB peaked at 542); larger "
    "operations (a 1M-row upload's commit) spill to a temporary directory beside the store.",
)

WARM_CACHE = Setting(
    "ARMSDASH_WARM_CACHE",
    "off",
    "The background warmer (armsdash/web/warmer.py): in idle time it runs the metrics a page asked for for the other "
    "recipients too, largest importers first, so a first switch of country is served from the cache. 'on' lets "
    "it add up to 48 MB of results per data version, a number sets that budget in MB, 'off' (the default) turns "
    "it off: at 10M deals it costs ~150 MB of server memory (docs/benchmarks.md).",
)
WARM_CACHE_DEFAULT_MB = 48


def _number(text: str) -> float:
    """``text`` as a number, nan when it is none; callers refuse nan (and float's 'inf') with their own message."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def warm_cache_budget() -> int:
    """Bytes the warmer may add per data version (``ARMSDASH_WARM_CACHE``: ``on``, MB or ``off``); 0 when off."""
    value = WARM_CACHE.value().strip().lower()
    if value == "off":
        return 0
    if value == "on":
        value = str(WARM_CACHE_DEFAULT_MB)
    megabytes = _number(value)
    if not math.isfinite(megabytes):  # float() also reads 'nan' and 'inf'
        raise ValueError(f"{WARM_CACHE.env} must be 'on', 'off' or a number of megabytes, got {value!r}")
    return max(0, int(megabytes * 1_000_000))


def warm_cache() -> bool:
    """Whether the background warmer runs (``ARMSDASH_WARM_CACHE`` not ``off`` or 0)."""
    return warm_cache_budget() > 0


FIRST_CHART_HOLD = Setting(
    "ARMSDASH_FIRST_CHART_HOLD_MS",
    "200",
    "After the first chart a browser tab is sent, the rest of that page waits this many milliseconds (0 turns it "
    "off), so the browser draws the chart alone before the controls, figures and other charts arrive. Sent "
    "together, Streamlit's front end shows the chart only once the code of every other element type has loaded "
    "(docs/benchmarks.md, Page load). Filter changes and later pages of the tab are never held.",
)
FIRST_CHART_HOLD_MAX_MS = 2000


def first_chart_hold_seconds() -> float:
    """Seconds the rest of a tab's first page waits after its first chart (``ARMSDASH_FIRST_CHART_HOLD_MS``)."""
    value = FIRST_CHART_HOLD.value().strip()
    milliseconds = _number(value)
    if not 0 <= milliseconds <= FIRST_CHART_HOLD_MAX_MS:  # also refuses nan
        raise ValueError(f"{FIRST_CHART_HOLD.env} must be a number of milliseconds from 0 to "
                         f"{FIRST_CHART_HOLD_MAX_MS}, got {value!r}")
    return milliseconds / 1000


UPLOAD_MAX_MB = Setting(
    "ARMSDASH_UPLOAD_MAX_MB",
    "256",
    "Largest CSV upload accepted, in megabytes (the page's uploader uses the same limit).",
)

UPLOAD_MAX_ROWS = Setting(
    "ARMSDASH_UPLOAD_MAX_ROWS",
    "2000000",
    "Largest number of data rows accepted in one CSV upload.",
)
