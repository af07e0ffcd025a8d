"""Upload benchmark: a 1M-row delivery_records CSV read, validated and committed, against bare read_csv.

Each phase runs in its own process so its peak memory (VmHWM) is its own:
``bare`` loads the file with DuckDB's ``read_csv`` into a table of an in-memory database,
``bare-file`` into a table of a new database file (closed, so the rows are on disk: the same
work a commit's insert does); ``upload`` runs the upload's ``uploads.check_upload`` (read +
validate) and ``commit.commit`` (one transaction) on a copy of the bundled store; ``page`` does
what the Update page does: the check and ``commit.preview`` (the Commit button shows after
both), then the commit.

    python -m bench.upload --rows 1000000
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
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


def phase_bare(csv_path: Path, on_disk: bool = False) -> dict:
    """Time DuckDB reading the CSV on its own, as the baseline for the upload."""
    import duckdb

    target = BENCH_DIR / "bare_read_csv.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target) if on_disk else ":memory:")
    started = time.perf_counter()
    con.execute("create table t as select * from read_csv($p)", {"p": str(csv_path)})
    rows = con.execute("select count(*) from t").fetchone()[0]
    con.close()
    seconds = time.perf_counter() - started
    target.unlink(missing_ok=True)
    return {"seconds": seconds, "rows": rows, "peak_mb": _peak_mb()}


def _bench_store():
    """A copy of the bundled store with the source the synthetic rows cite (added outside the timing)."""
    from armsdash.store import db, versions
    from bench import generate

    store = BENCH_DIR / "upload_store.duckdb"
    shutil.copy(bundled_store(), store)
    con = db.connect(store)
    con.execute("begin transaction")
    version = versions.next_version(con)
    con.execute("insert into sources (source_id, title, version_added) values ($s, 'bench', $v)",
                {"s": generate.UPLOAD_SOURCE_ID, "v": version})
    versions.record_version(con, version, action="upload", note="bench source")
    con.execute("commit")
    return con


def phase_upload(csv_path: Path, with_preview: bool = False) -> dict:
    """Read, validate and commit the file; with ``with_preview``, the Update page's order: the check and the
    preview shown before the Commit button, then the commit."""
    from armsdash.ingest import commit, uploads

    con = _bench_store()
    started = time.perf_counter()
    data = csv_path.read_bytes()
    checked = uploads.check_upload(con, data, table="delivery_records")
    if not checked.ok:
        return {"error": checked.summary(), "first": [p.message() for p in checked.problem_list(3)]}
    if with_preview:
        commit.preview(con, checked, "append")
    validated = time.perf_counter()
    result = commit.commit(con, checked, "append", author="bench", file_name=csv_path.name)
    done = time.perf_counter()
    con.close()
    return {"seconds": done - started, "validate_seconds": validated - started, "commit_seconds": done - validated,
            "rows": result.added, "peak_mb": _peak_mb()}


def main(argv: list[str] | None = None) -> int:
    """Generate the CSV, run both phases in subprocesses, print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--phase", choices=["bare", "bare-file", "upload", "page"])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each phase; the median is shown")
    parser.add_argument("--csv", type=Path)
    args = parser.parse_args(argv)
    if args.phase:
        if args.phase in ("upload", "page"):
            out = phase_upload(args.csv, with_preview=args.phase == "page")
        else:
            out = phase_bare(args.csv, args.phase == "bare-file")
        print(json.dumps(out))
        return 0
    from bench import generate

    csv_path = BENCH_DIR / f"delivery_records_{args.rows}.csv"
    if not csv_path.exists():
        generate.write_csv(generate.delivery_records_sql(args.rows), csv_path)
    print(machine())
    runs: dict[str, list[dict]] = {"bare": [], "bare-file": [], "upload": [], "page": []}
    for _ in range(args.repeat):  # interleaved, so a change in the machine's load hits every phase alike
        for phase in runs:
            proc = subprocess.run([sys.executable, "-m", "bench.upload", "--phase", phase, "--csv", str(csv_path)],
                                  cwd=ROOT, capture_output=True, text=True, check=True)
            runs[phase].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    rejected = [run for run in runs["upload"] + runs["page"] if "error" in run]
    if rejected:
        print("upload rejected the file:", rejected[0])
        return 1

    def median(phase: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[phase])

    bare, bare_file = median("bare", "seconds"), median("bare-file", "seconds")
    rows = runs["upload"][0]["rows"]
    lines = [
        ["DuckDB read_csv into an in-memory table", rows, bare, median("bare", "peak_mb"), 1.0, bare / bare_file],
        ["DuckDB read_csv into a table of a database file", rows, bare_file, median("bare-file", "peak_mb"),
         bare_file / bare, 1.0],
    ]
    for label, key in (("upload: read + validate", "validate_seconds"), ("upload: commit (one transaction)",
                                                                          "commit_seconds")):
        lines.append([label, rows, median("upload", key), "", median("upload", key) / bare,
                      median("upload", key) / bare_file])
    total = median("upload", "seconds")
    lines.append(["upload: total", rows, total, median("upload", "peak_mb"), total / bare, total / bare_file])
    for label, key in (("Update page: check + preview, until the Commit button shows", "validate_seconds"),
                       ("Update page: the Commit click (check and preview held)", "commit_seconds")):
        lines.append([label, rows, median("page", key), "", median("page", key) / bare,
                      median("page", key) / bare_file])
    print(table(["step", "rows", "seconds (median)", "peak RSS MB", "× read_csv in memory", "× read_csv to a file"],
                lines))
    print(f"file: {csv_path.name}, {csv_path.stat().st_size / 1e6:,.1f} MB; median of {args.repeat} runs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
