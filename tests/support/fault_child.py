"""A writer process for the fault drill: commits a large new data version, saying where it is.

    python -m tests.support.fault_child STORE ROWS

Prints ``writing``, ``inserted``, ``committing`` and ``committed`` (flushed) as it goes, so
the drill can SIGKILL it at a chosen point. The write is what an upload does: close the
visible rows it replaces, insert the new ones, record the version, all in one transaction.
"""

from __future__ import annotations

import sys

from armsdash.store import db, deal_years, versions
from bench import generate


def say(word: str) -> None:
    """Print ``word`` at once, for the parent process to read."""
    print(word, flush=True)


def main(path: str, rows: int) -> None:
    """Write ``rows`` synthetic deals to the store at ``path`` in one transaction, saying each step."""
    con = db.connect(path)
    con.execute("set enable_progress_bar = false")
    con.execute("begin transaction")
    version = versions.next_version(con)
    say("writing")
    removed = versions.close_rows(con, "tiv_deliveries", version, "recipient_code = $r", {"r": "IND"})
    con.execute(f"insert into sipri_deals by name select *, {version} as version_added "
                f"from ({generate.deals_sql(rows, seed=7)})")
    tiv = generate.TIV_FROM_DEALS_SQL.format(deals=f"(select * from sipri_deals where version_added = {version})",
                                            release=generate.RELEASE_ID)
    con.execute(f"insert into tiv_deliveries (recipient_code, supplier_code, year, tiv_mn, method, release_id, "
                f"version_added) select *, {version} from ({tiv})")
    deal_years.refresh(con, deal_years.recipients_written(con, version))
    say("inserted")
    versions.record_version(con, version, action="upload", author="fault drill", table_name="sipri_deals",
                            rows_added=rows, rows_removed=removed, note="killed on purpose")
    say("committing")
    con.execute("commit")
    say("committed")
    con.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
