"""Cache keys: a built chart is found again whether its frame came from a query or back from the cache."""

from __future__ import annotations

import pickle

import pandas as pd

from armsdash import metrics
from armsdash.store import db
from armsdash.web import cache


def test_a_frame_read_back_from_the_cache_digests_like_the_query_result(built_store):
    con = db.connect(str(built_store))
    try:
        version = db.current_version(con)
        params = {"recipient": "IND", "from": 1950, "to": 2024, "window": 5, "combine_russia": 1, "v": version}
        fresh = metrics.run_metric(con, "concentration", params, latest_version=version)
    finally:
        con.close()
    # st.cache_data hands back an unpickled copy on every later read
    cached = pickle.loads(pickle.dumps(fresh))
    assert cache._frame_digest(fresh) == cache._frame_digest(cached)
    assert cache._frame_digest(pickle.loads(pickle.dumps(cached))) == cache._frame_digest(cached)


def test_different_content_digests_differently():
    frame = pd.DataFrame({"supplier": ["Russia", "France"], "share_pct": [36.0, 33.0]})
    changed = frame.assign(share_pct=[36.0, 33.5])
    renamed = frame.rename(columns={"share_pct": "share"})
    assert len({cache._frame_digest(f) for f in (frame, changed, renamed)}) == 3
