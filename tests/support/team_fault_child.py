"""A team-mode writer for the kill drill: commits an upload through the shared store, saying where it is.

    ARMSDASH_STORE=postgresql://... python -m tests.support.team_fault_child REPLICA_PATH

Prints ``writing`` before the commit and ``sent`` once its rows are in PostgreSQL's open transaction (flushed), then
waits on stdin before PostgreSQL's commit, so the drill can SIGKILL it with the version's rows sent but not committed.
"""

from __future__ import annotations

import sys

from armsdash.ingest import commit, uploads
from armsdash.store import db, shared

SHARES = ("recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
          "IND,FRA,2019,2023,33,sipri_fs_2023_thehindu,killed on purpose\n")


def main(path: str) -> None:
    """Commit one upload to the replica at ``path``; stop between sending its rows and PostgreSQL's commit."""
    def pause_before_commit(pg, delta):
        original_commit = pg.commit

        def held():
            print("sent", flush=True)
            sys.stdin.readline()  # the drill kills this process here
            original_commit()

        pg.commit = held
        return publish(pg, delta)

    publish = shared.publish_version
    shared.publish_version = pause_before_commit
    con = db.connect(path)
    checked = uploads.check_upload(con, SHARES.encode())
    print("writing", flush=True)
    commit.commit(con, checked, author="kill drill")
    print("committed", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
