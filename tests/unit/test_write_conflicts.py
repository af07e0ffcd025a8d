"""Two writes at once: the loser is told "another editor committed first" on every write path; and the preview
shows every headline a write changes."""

from __future__ import annotations

import threading

import pytest

from armsdash.ingest import commit, uploads
from armsdash.store import versions
from tests.support import sipri_samples

SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
SOURCE = "sipri_fs_2023_thehindu"
RELEASE = "sipri_delivery_year_2025-01-03T211602"


def checked(con, text: str):
    found = uploads.check_upload(con, text.encode())
    assert found.ok, [p.message() for p in found.problem_list(5)]
    return found


def another_editor_commits_first(store, monkeypatch):
    """Make the next write read the next version number just before another editor's commit lands."""
    other = checked(store, SHARES + f"IND,ISR,2019,2023,13,{SOURCE},\n")
    real = versions.next_version

    def stale(con):
        number = real(con)
        monkeypatch.setattr(versions, "next_version", real)
        commit.commit(store, other, author="bo")  # on its own cursor: committed before this write inserts
        return number

    monkeypatch.setattr(versions, "next_version", stale)


def test_a_commit_that_loses_the_race_says_another_editor_committed_first(store, monkeypatch):
    mine = checked(store, SHARES + f"IND,FRA,2019,2023,33,{SOURCE},\n")
    another_editor_commits_first(store, monkeypatch)
    with pytest.raises(commit.Conflict, match="Another editor committed first"):
        commit.commit(store, mine, author="ana")
    assert commit.history(store)["author"].tolist() == ["bo", "build"]  # bo's version 2 only


def test_an_undo_right_after_another_commit_loses_with_the_same_message(store, monkeypatch):
    commit.commit(store, checked(store, SHARES + f"IND,FRA,2019,2023,33,{SOURCE},\n"), author="ana")
    another_editor_commits_first(store, monkeypatch)
    with pytest.raises(commit.Conflict, match="Another editor committed first"):
        commit.undo_to_before(store, 2, "ana")


def test_a_sipri_load_that_loses_the_race_is_refused_with_the_message(store, monkeypatch):
    another_editor_commits_first(store, monkeypatch)
    found = uploads.load_sipri(store, sipri_samples.register(), "register.csv", author="ana")
    assert not found.ok and found.message == versions.LOST_RACE


def test_two_commits_at_once_on_threads_one_wins_one_is_told(store):
    files = [checked(store, SHARES + f"IND,{s},2019,2023,3,{SOURCE},\n") for s in ("FRA", "ISR", "USA", "DEU")]
    outcomes: list[str] = []
    start = threading.Barrier(len(files))

    def write(one):
        start.wait()
        try:
            commit.commit(store, one, author="x")
            outcomes.append("committed")
        except commit.Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=write, args=(f,)) for f in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(outcomes) == len(files) and "committed" in outcomes  # nothing else was raised
    assert len(commit.history(store)) == 1 + outcomes.count("committed")


def test_the_preview_shows_a_change_of_the_yearly_shares_computed_from_tiv(store):
    found = commit.preview(store, checked(store, "recipient_code,supplier_code,year,tiv_mn,method,release_id\n"
                                                 f"IND,RUS,2021,5000,delivery_year,{RELEASE}\n"))
    yearly = found.headline[found.headline["figure"].str.startswith("Supplier shares of arms imports by year")]
    russia = yearly[yearly["item"] == "2021 · Russia"]
    assert len(russia) == 1 and russia["after"].iloc[0] > russia["before"].iloc[0]
    assert "2021 · France" in set(yearly["item"])  # France's share falls as Russia's rises


def test_the_preview_shows_a_change_of_the_delivery_headlines(store):
    text = ("programme_id,recipient_code,supplier_code,system,category,contract_year,contract_value_usd_mn,"
            "units_ordered,units_delivered,promised_delivery,actual_or_expected_delivery,status,source_id,note\n"
            f"ind-x,IND,FRA,New thing,aircraft,2015,900,10,0,2018,2030,delayed,{SOURCE},\n")
    found = commit.preview(store, checked(store, text))
    figures = found.headline[found.headline["figure"] == "Delivery headline figures"]
    assert len(figures) > 0  # whatever the delivery headline figures are called, their change is shown
