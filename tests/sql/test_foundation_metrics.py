"""The Overview's metrics on tiny hand-made stores, with the expected values worked out by hand."""

from armsdash import metrics
from tests.conftest import insert_rows

SOURCES = [
    dict(source_id="old", title="Old fact sheet", publisher="SIPRI", published_date="2014-03"),
    dict(source_id="new", title="New fact sheet", publisher="SIPRI", published_date="2019-03"),
    dict(source_id="press", title="Press report", publisher="Paper", published_date="2025-06"),
]


def _share(supplier, start, end, pct, source, recipient="IND"):
    return dict(
        recipient_code=recipient,
        supplier_code=supplier,
        period_start=start,
        period_end=end,
        share_pct=pct,
        source_id=source,
    )


def test_published_shares_keep_the_most_recently_published_figure(con):
    insert_rows(con, "sources", SOURCES)
    insert_rows(
        con,
        "countries",
        [dict(code="RUS", name="Russia", kind="state"), dict(code="USA", name="United States", kind="state")],
    )
    insert_rows(
        con,
        "published_import_shares",
        [
            _share("RUS", 2009, 2013, 75, "old"),  # superseded by the 2019 revision below
            _share("RUS", 2009, 2013, 76, "new"),
            _share("USA", 2009, 2013, 7, "old"),
            _share("RUS", 2014, 2018, 58, "new"),
            _share("CHN", 2014, 2018, 60, "new", recipient="PAK"),  # another recipient: not shown
        ],
    )
    frame = metrics.run_metric(con, "published_shares_by_period", {"recipient": "IND"})
    rows = list(frame[["period", "supplier", "share_pct", "source_id"]].itertuples(index=False, name=None))
    assert rows == [
        ("2009–13", "Russia", 76.0, "new"),
        ("2009–13", "United States", 7.0, "old"),
        ("2014–18", "Russia", 58.0, "new"),
    ]
    assert frame["source_title"].iloc[0] == "New fact sheet"


def test_a_pinned_version_shows_the_figures_of_that_version(con):
    insert_rows(con, "sources", SOURCES)
    insert_rows(con, "published_import_shares", [_share("RUS", 2019, 2023, 36, "new")])
    con.execute("insert into data_versions (version, created_at, action) values (2, current_timestamp, 'upload')")
    con.execute("update published_import_shares set version_removed = 2")
    insert_rows(con, "published_import_shares", [_share("RUS", 2019, 2023, 40, "new")], version=2)
    latest = metrics.run_metric(con, "published_shares_by_period", {"recipient": "IND"})
    pinned = metrics.run_metric(con, "published_shares_by_period", {"recipient": "IND", "v": 1})
    assert latest["share_pct"].tolist() == [40.0]
    assert pinned["share_pct"].tolist() == [36.0]


def _record(programme, status, source, **extra):
    base = dict(
        programme_id=programme,
        recipient_code="IND",
        supplier_code="RUS",
        system=programme,
        category="ships",
        status=status,
        source_id=source,
    )
    return {**base, **extra}


def test_programme_status_counts_one_programme_once_by_its_newest_claim(con):
    insert_rows(con, "sources", SOURCES)
    insert_rows(
        con,
        "delivery_records",
        [
            _record("s400", "in_progress", "old"),
            _record("s400", "delayed", "press"),  # newest claim (2025-06): s400 counts as delayed
            _record("frigate", "delayed", "old"),
            _record("frigate", "delivered", "new"),  # newest claim (2019-03): frigate counts as delivered
            _record("tank", "delayed", "new"),
            _record("jet", "delayed", "new", recipient_code="PAK"),
        ],
    )
    frame = metrics.run_metric(con, "programme_status_counts", {"recipient": "IND"})
    counts = dict(zip(frame["status"], frame["n_programmes"]))
    # delayed: s400 + tank = 2; delivered: frigate = 1; four claims about s400/frigate + one about tank
    assert counts == {"delayed": 2, "delivered": 1}
    assert dict(zip(frame["status"], frame["n_claims"])) == {"delayed": 3, "delivered": 2}


def test_recipients_lists_every_country_with_data_once(con):
    insert_rows(con, "countries", [dict(code="IND", name="India", kind="state")])
    insert_rows(
        con, "published_import_shares", [_share("RUS", 2019, 2023, 36, "x"), _share("CHN", 2019, 2023, 80, "x", "PAK")]
    )
    insert_rows(con, "delivery_records", [_record("s400", "delayed", "x")])
    frame = metrics.run_metric(con, "recipients", {})
    assert list(frame.itertuples(index=False, name=None)) == [("IND", "India", 2), ("PAK", "PAK", 1)]
