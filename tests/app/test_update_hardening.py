"""The Update page against an adversary: races, password guessing, hostile author names, whole-file refusals,
big refused cells, and the one upload limit."""

from __future__ import annotations

import logging

import pytest

from armsdash.ingest import commit, uploads
from armsdash.store import db
from armsdash.store import versions as data_versions
from armsdash.web import auth, upload_check
from tests.app.test_update_page import GOOD, SHARES, logged_in, open_page, upload, versions

LOST_RACE = "Another editor committed first; nothing was written\\. Review the new preview and commit again\\."


def commit_elsewhere(path, row: str = "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,\n") -> None:
    """Another editor's commit, through a connection of its own."""
    con = db.connect(path)
    try:
        commit.commit(con, uploads.check_upload(con, (SHARES + row).encode()), author="Bo")
    finally:
        con.close()


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def test_commit_clicked_on_a_preview_older_than_the_data_writes_nothing_and_says_why(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Ana").run()
    upload(at, "shares.csv", GOOD)
    commit_elsewhere(app_store)  # after Ana's preview, before her click
    at.button(key="commit").click().run()
    assert not at.exception
    assert errors(at) == [LOST_RACE]
    assert versions(app_store) == [2, 1]  # Bo's only
    assert "changes 1" in at.info[0].value  # the new preview, made against Bo's data
    at.button(key="commit").click().run()
    assert at.success[0].value.startswith("Committed as data version 3")


def test_two_commits_at_the_same_moment_the_loser_is_told(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Ana").run()
    upload(at, "shares.csv", GOOD)
    real = data_versions.next_version

    def bo_commits_meanwhile(con):  # Bo's commit lands between Ana's reading of the next number and her write
        number = real(con)
        monkeypatch.setattr(data_versions, "next_version", real)
        commit_elsewhere(app_store)
        return number

    monkeypatch.setattr(data_versions, "next_version", bo_commits_meanwhile)
    at.button(key="commit").click().run()
    assert not at.exception
    assert errors(at) == [LOST_RACE]
    assert versions(app_store) == [2, 1]


def test_undo_clicked_after_another_commit_undoes_nothing(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Ana").run()
    upload(at, "shares.csv", GOOD)
    at.button(key="commit").click().run()
    at.selectbox(key="undo").set_value(2)
    commit_elsewhere(app_store)  # version 3, which an undo to before version 2 would also undo
    at.button(key="undo_button").click().run()
    assert not at.exception and errors(at) == [LOST_RACE]
    assert versions(app_store) == [3, 2, 1]


@pytest.mark.parametrize("author", ['=HYPERLINK("https://outside.example","x")', "[Ana](https://outside.example)"])
def test_an_author_with_a_formula_or_a_link_cannot_commit(app_store, monkeypatch, author):
    at = logged_in(monkeypatch)
    at.text_input(key="author").input(author).run()
    upload(at, "shares.csv", GOOD)
    assert any(e.startswith("Not recorded\\: author\\: ") for e in errors(at)), errors(at)
    assert at.button(key="commit").disabled


def test_password_guessing_is_refused_for_a_growing_time_and_logged_without_the_guess(app_store, monkeypatch,
                                                                                       caplog):
    monkeypatch.setattr(auth, "LOGINS", auth.Throttle(free=3, first_lockout=60))
    monkeypatch.setenv(auth.ENV_VAR, "s3cret")
    at = open_page()
    caplog.set_level(logging.WARNING, logger="armsdash.editor_login")
    for guess in ("guess-1", "guess-2", "guess-3"):
        at.text_input(key="password").input(guess)
        at.button[0].click().run()
        assert errors(at) == ["Wrong password."]
    at.text_input(key="password").input("guess-4")
    at.button[0].click().run()
    assert errors(at) == ["Wrong password. Further attempts are refused for 60 seconds."]
    at.text_input(key="password").input("s3cret")  # even the right one, during the lockout
    at.button[0].click().run()
    assert errors(at)[0].startswith("Too many wrong passwords: try again in ")
    assert not at.get("file_uploader")
    logged = [r.getMessage() for r in caplog.records]
    assert sum("editor login failed" in m for m in logged) == 4 and any("refused" in m for m in logged)
    assert not any("guess" in m or "s3cret" in m for m in logged)


def test_the_lockout_doubles_and_ends():
    throttle = auth.Throttle(free=2, first_lockout=10, longest=35)
    keys = ["session a", "address 10.0.0.1"]
    assert [throttle.failed(keys, 0)[1] for _ in range(5)] == [0, 0, 10, 20, 35]
    assert throttle.wait(["address 10.0.0.1"], 30) == 5  # another session from the same address waits too
    assert throttle.wait(keys, 40) == 0
    throttle.succeeded(keys)
    assert throttle.failed(keys, 50) == (1, 0)


def test_a_refused_file_over_the_row_limit_reads_as_one_sentence(app_store, monkeypatch):
    monkeypatch.setenv("ARMSDASH_UPLOAD_MAX_ROWS", "2")
    at = logged_in(monkeypatch)
    upload(at, "many.csv", GOOD * 1 + "IND,FRA,2021,2025,5,sipri_fs_2025_millenniumpost,\n" * 2)
    assert errors(at) == ["many\\.csv: rejected. The file has 3 rows; the limit is 2\\. Split it into smaller "
                          "files\\. Nothing was changed."]


def test_a_refused_file_lets_its_cells_go_and_keeps_its_rejected_rows_short(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    upload(at, "big.csv", SHARES + "IND,RUS,2021,2025,55,sipri_fs_2025_millenniumpost," + "x" * 2_000_000 + "\n")
    held = at.session_state[upload_check.KEY]
    assert not held.checked.ok and held.checked.cells is None
    assert len(held.rejected_csv) < 20_000  # the 2 MB cell cut to the 10,000 characters allowed
    assert "at most 10,000 characters" in held.rejected_csv.decode("utf-8-sig")


def test_the_uploader_takes_the_servers_limit(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    assert at.file_uploader[0].proto.max_upload_size_mb == 256
    assert any("Up to 256 MB and 2,000,000 rows per file" in c.value for c in at.caption)


def test_the_uploader_takes_a_limit_lowered_in_the_environment(app_store, monkeypatch):
    """STREAMLIT_SERVER_MAX_UPLOAD_SIZE is read by the app itself (config.upload_max_mb): the server launcher
    (armsdash.web.serve) does not pass Streamlit's environment settings, and the page, the uploader and the reader
    keep one limit."""
    monkeypatch.setenv("STREAMLIT_SERVER_MAX_UPLOAD_SIZE", "3")
    at = logged_in(monkeypatch)
    assert at.file_uploader[0].proto.max_upload_size_mb == 3
    assert any("Up to 3 MB and 2,000,000 rows per file" in c.value for c in at.caption)
