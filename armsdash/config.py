"""Settings, each with a default and a help string, overridable by the environment."""

from __future__ import annotations

import os
import tomllib
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
# Where two SIPRI releases cover the same years (queries/macros/06_tiv_yearly_for.sql): "split" takes SIPRI's own
# yearly split (the delivery-year export) where one covers a year, "newest" the newest release. The first is the
# default: it reproduces SIPRI's published shares, while the register's even split reads 2-3 points off.
RELEASE_PREFERENCES = ("split", "newest")
# Years a link's from/to may name: SIPRI's records start in 1950.
FIRST_YEAR = 1950
YEAR_BOUNDS = (FIRST_YEAR, date.today().year)
# Years a SIPRI cell or a metric's argument may hold at all (a guard against typos, not a data range).
PLAUSIBLE_YEARS = (1900, 2100)


def latest_upload_year() -> int:
    """The latest year an uploaded row may name: next year (contracts signed for delivery then)."""
    return date.today().year + 1


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


STORE = Setting(
    "ARMSDASH_STORE",
    "",
    "Where the data lives. Empty (the default) or a file path: the embedded DuckDB store (ARMSDASH_DB). A "
    "postgresql:// URL: team mode, PostgreSQL is the system of record and ARMSDASH_DB is this replica's local DuckDB "
    "copy (default data/replica.duckdb). Also read from .streamlit/secrets.toml (ARMSDASH_STORE); never shown.",
)
SECRETS_FILE = REPO_ROOT / ".streamlit" / "secrets.toml"
_TEAM_SCHEMES = ("postgresql://", "postgres://")


def _is_url(value: str) -> bool:
    return value.strip().lower().startswith(_TEAM_SCHEMES)


def store_url(env: dict[str, str] | None = None, secrets_file: Path = SECRETS_FILE) -> str | None:
    """The shared PostgreSQL store's URL in team mode, None for the embedded store.

    ``ARMSDASH_STORE``, else ``ARMSDASH_DB`` when it holds a URL, else ``ARMSDASH_STORE`` in
    ``.streamlit/secrets.toml``. The URL may hold a password: callers never log or show it.
    """
    environment = os.environ if env is None else env
    for name in (STORE.env, DB_PATH.env):
        value = environment.get(name, "")
        if _is_url(value):
            return value.strip()
    if environment.get(STORE.env):
        return None  # a file path: the embedded store there
    try:
        secrets = tomllib.loads(secrets_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = secrets.get(STORE.env)
    return value.strip() if isinstance(value, str) and _is_url(value) else None


def db_path() -> Path:
    """Return the path of the local DuckDB store: ``ARMSDASH_DB`` (``ARMSDASH_STORE`` when it is a file path), else
    ``data/armsdash.duckdb``, or ``data/replica.duckdb`` for a team-mode replica's copy."""
    for value in (os.environ.get(DB_PATH.env, ""), os.environ.get(STORE.env, "")):
        if value.strip() and not _is_url(value):
            return Path(value).expanduser()
    if store_url() is not None:
        return DATA_DIR / "replica.duckdb"
    return Path(DB_PATH.default).expanduser()


DUCKDB_MEMORY = Setting(
    "ARMSDASH_DUCKDB_MEMORY",
    "200MB",
    "DuckDB's memory_limit for the store's connections, e.g. 256MB or 1GB; 'default' leaves DuckDB's own "
    "(80% of RAM). 200MB keeps the server under 500 MB RSS at 10M deals (peak 488 MB; 256MB peaked at 542); larger "
    "operations (a 1M-row upload's commit) spill to a temporary directory beside the store.",
)

# The largest upload is Streamlit's own server.maxUploadSize, the one limit its server enforces on the page
# (a file above it never reaches the app): set in .streamlit/config.toml, or by Streamlit's environment
# variable. The command line reads the same setting, so the page and the command line accept the same files.
STREAMLIT_CONFIG = REPO_ROOT / ".streamlit" / "config.toml"
UPLOAD_MAX_MB_ENV = "STREAMLIT_SERVER_MAX_UPLOAD_SIZE"
STREAMLIT_DEFAULT_UPLOAD_MB = 200


def upload_max_mb(env: dict[str, str] | None = None, config_file: Path = STREAMLIT_CONFIG) -> int:
    """The largest upload in megabytes: ``STREAMLIT_SERVER_MAX_UPLOAD_SIZE``, else ``[server] maxUploadSize`` in
    ``.streamlit/config.toml``, else Streamlit's default (200)."""
    environment = os.environ if env is None else env
    if environment.get(UPLOAD_MAX_MB_ENV):
        return int(float(environment[UPLOAD_MAX_MB_ENV]))
    try:
        settings = tomllib.loads(config_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return STREAMLIT_DEFAULT_UPLOAD_MB
    return int(settings.get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_UPLOAD_MB))


UPLOAD_MAX_ROWS = Setting(
    "ARMSDASH_UPLOAD_MAX_ROWS",
    "2000000",
    "Largest number of data rows accepted in one CSV upload.",
)
