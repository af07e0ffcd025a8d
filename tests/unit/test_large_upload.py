"""Large uploads: generated in a temp dir; the million-row case is marked slow."""

from __future__ import annotations

import shutil
import time

import pytest

from armsdash.ingest import commit, uploads
from armsdash.ingest.readcsv import Limits
from armsdash.store import db

CODES = ["IND", "PAK", "CHN", "USA", "RUS", "FRA", "DEU", "GBR", "ISR", "TUR"]


def tiv_file(path, rows: int) -> bytes:
    """A tiv_deliveries CSV with ``rows`` distinct rows citing the sources ``big_0``, ``big_1`` ..."""
    lines = ["recipient_code,supplier_code,year,tiv_mn,method,release_id"]
    lines += [f"{CODES[i % 10]},{CODES[(i // 10) % 10]},{1950 + (i // 100) % 76},{i % 100000}.5,"
              f"{'delivery_year' if (i // 7600) % 2 else 'register_even_split'},big_{i // 15200}"
              for i in range(rows)]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(data)
    return data


def store_with_release(built_store, tmp_path):
    shutil.copy(built_store, tmp_path / "store.duckdb")
    con = db.connect(tmp_path / "store.duckdb")
    con.execute("insert into sources (source_id, title, version_added) "
                "select 'big_' || i, 'Big', 1 from range(100) t(i)")
    return con


def commit_large(built_store, tmp_path, rows: int):
    data = tiv_file(tmp_path / "big.csv", rows)
    con = store_with_release(built_store, tmp_path)
    checked = uploads.check_upload(con, data, limits=Limits(max_bytes=256 * 2**20, max_rows=2_000_000))
    assert checked.ok, [p.message() for p in checked.problem_list(3)]
    steps = []
    result = commit.commit(con, checked, "append", author="bulk", progress=lambda f, t: steps.append(f))
    assert result.added == rows
    assert con.execute("select count(*) from tiv_deliveries_at(2) where release_id like 'big_%'").fetchone()[0] == rows
    assert steps[-1] == 1.0
    return con, data


def test_fifty_thousand_rows_validate_and_commit(built_store, tmp_path):
    started = time.monotonic()
    con, data = commit_large(built_store, tmp_path, 50_000)
    bad = data.replace(b"\nIND,RUS,1950,", b"\nIND,RUS,1949,", 1)
    checked = uploads.check_upload(con, bad)
    assert [(p.row, p.column) for p in checked.problem_list()] == [(2 + 10 * 4, "year")]  # i = 40: IND, RUS, 1950
    assert time.monotonic() - started < 120


@pytest.mark.slow
def test_a_million_rows_commit(built_store, tmp_path):
    con, _data = commit_large(built_store, tmp_path, 1_000_000)
    assert commit.history(con)["rows_added"].tolist()[0] == 1_000_000
