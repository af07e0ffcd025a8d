"""Memory a refused upload leaves held: a file with one 50 MB cell, checked as the Update page checks it.

The page holds the check in the session (``armsdash/web/upload_check.py``) until the file leaves the uploader;
this prints the server-process RSS it adds, beyond the file's own bytes (which Streamlit's uploader keeps).

    python -m bench.refused_upload --cell-mb 50
"""

from __future__ import annotations

import argparse
import gc

import psutil

from armsdash.ingest.readcsv import Limits
from armsdash.store import db
from armsdash.web import upload_check
from bench.common import bundled_store, machine

HEADER = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"


def main() -> None:
    """Check a file with one huge cell against the bundled store; print the RSS the held result adds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cell-mb", type=int, default=50)
    args = parser.parse_args()
    print(machine())
    con = db.connect(bundled_store(), read_only=True)
    data = (HEADER + "IND,RUS,2021,2025,55,sipri_fs_2025_millenniumpost," + "x" * (args.cell_mb * 10**6)
            + "\n").encode()
    process = psutil.Process()
    gc.collect()
    before = process.memory_info().rss / 1e6
    state: dict = {}
    upload_check.check(state, con, "file", data, "append", 1, Limits.from_config())
    gc.collect()
    held = state[upload_check.KEY]
    print(f"refused ({held.checked.summary()}); RSS held beyond the file's {len(data) / 1e6:.0f} MB: "
          f"{process.memory_info().rss / 1e6 - before:.0f} MB; rejected rows file {len(held.rejected_csv):,} bytes")


if __name__ == "__main__":
    main()
