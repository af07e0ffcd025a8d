"""Upload benchmark: a 1M-row delivery_records CSV read, validated and committed, against bare read_csv.

Each phase runs in its own process so its peak memory (VmHWM) is its own:
``bare`` loads the file with DuckDB's ``read_csv`` into a table; ``upload`` runs the upload's
``ingest.check_upload`` (read + validate) and ``commit.commit`` (one transaction) on a copy
of the bundled store. Needs the upload branch's modules (armsdash/ingest.py, commit.py).

    python -m bench.upload --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.common import BENCH_DIR, ROOT, bundled_store, machine, table


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1000
    return float("nan")


def phase_bare(csv_path: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    started = time.perf_counter()
    con.execute("create table t as select * from read_csv($p)", {"p": str(csv_path)})
    rows = con.execute("select count(*) from t").fetchone()[0]
    return {"seconds": time.perf_counter() - started, "rows": rows, "peak_mb": _peak_mb()}


def phase_upload(csv_path: Path) -> dict:
    from armsdash import commit, db, ingest, versions
    from bench import generate

    store = BENCH_DIR / "upload_store.duckdb"
    shutil.copy(bundled_store(), store)
    con = db.connect(store)
    # the synthetic rows cite this source; add it as a version of its own, outside the timing
    con.execute("begin transaction")
    version = versions.next_version(con)
    con.execute("insert into sources (source_id, title, version_added) values ($s, 'bench', $v)",
                {"s": generate.UPLOAD_SOURCE_ID, "v": version})
    versions.record_version(con, version, action="upload", note="bench source")
    con.execute("commit")
    started = time.perf_counter()
    data = csv_path.read_bytes()
    checked = ingest.check_upload(con, data, table="delivery_records")
    validated = time.perf_counter()
    if not checked.ok:
        return {"error": checked.summary(), "first": [p.message() for p in checked.problem_list(3)]}
    result = commit.commit(con, checked, "append", author="bench", file_name=csv_path.name,
                           file_checksum=commit.checksum(data))
    done = time.perf_counter()
    con.close()
    return {"seconds": done - started, "validate_seconds": validated - started, "commit_seconds": done - validated,
            "rows": result.added, "peak_mb": _peak_mb()}


def main(argv: list[str] | None = None) -> int:
    """Generate the CSV, run both phases in subprocesses, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=["bare", "upload"])
    parser.add_argument("--csv", type=Path)
    args = parser.parse_args(argv)
    if args.phase:
        out = phase_bare(args.csv) if args.phase == "bare" else phase_upload(args.csv)
        print(json.dumps(out))
        return 0
    from bench import generate

    csv_path = BENCH_DIR / f"delivery_records_{args.rows}.csv"
    if not csv_path.exists():
        generate.write_csv(generate.delivery_records_sql(args.rows), csv_path)
    print(machine())
    results = {}
    for phase in ("bare", "upload"):
        proc = subprocess.run([sys.executable, "-m", "bench.upload", "--phase", phase, "--csv", str(csv_path)],
                              cwd=ROOT, capture_output=True, text=True, check=True)
        results[phase] = json.loads(proc.stdout.strip().splitlines()[-1])
    bare, upload = results["bare"], results["upload"]
    if "error" in upload:
        print("upload rejected the file:", upload)
        return 1
    size_mb = csv_path.stat().st_size / 1e6
    print(table(["step", "rows", "seconds", "peak RSS MB", "× bare read_csv"], [
        ["DuckDB read_csv into a table", bare["rows"], bare["seconds"], bare["peak_mb"], 1.0],
        ["upload: read + validate", upload["rows"], upload["validate_seconds"], "", upload["validate_seconds"] / bare["seconds"]],
        ["upload: commit (one transaction)", upload["rows"], upload["commit_seconds"], "", upload["commit_seconds"] / bare["seconds"]],
        ["upload: total", upload["rows"], upload["seconds"], upload["peak_mb"], upload["seconds"] / bare["seconds"]],
    ]))
    print(f"file: {csv_path.name}, {size_mb:,.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
