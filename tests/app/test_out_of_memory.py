"""Issue 20: a query that still runs out of DuckDB's memory shows a clear message, never the exception."""

from __future__ import annotations

from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def test_a_metric_out_of_memory_gives_a_message_not_a_traceback(app_store, monkeypatch):
    from armsdash import metrics

    real = metrics.run_metric

    def short_of_memory(con, name, params=None, **kwargs):
        if name == "delivery_delays":
            raise duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate (190.5 MiB/190.7 MiB used)")
        return real(con, name, params, **kwargs)

    monkeypatch.setattr(metrics, "run_metric", short_of_memory)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["recipient"] = "IND"
    at.run()
    at.switch_page("pages/deliveries.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert any("needs more memory than the data store may use" in e and "ARMSDASH_DUCKDB_MEMORY" in e
               for e in errors), errors
    assert not any("MiB" in e or "Exception" in e for e in errors)
    assert at.sidebar.selectbox(key="recipient").value == "IND"  # the rest of the app still works
