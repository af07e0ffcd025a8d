"""The Update data page under AppTest: viewing needs no login, writing needs the editor password."""

from __future__ import annotations

import hashlib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from armsdash.ingest import commit
from armsdash.store import db
from armsdash.web import auth

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/update.py"
SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
GOOD = SHARES + "IND,RUS,2021,2025,55,sipri_fs_2025_millenniumpost,\n"


def open_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE)
    at.run()
    return at


def versions(path) -> list[int]:
    con = db.connect(path)
    try:
        return commit.history(con)["version"].tolist()
    finally:
        con.close()


def logged_in(monkeypatch) -> AppTest:
    monkeypatch.setenv(auth.ENV_VAR, "s3cret")
    at = open_page()
    at.text_input(key="password").input("s3cret")
    at.button[0].click().run()
    return at


def table(at, column: str):
    """The first st.dataframe on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def upload(at, name: str, text: str) -> None:
    at.file_uploader(key="upload_0").set_value((name, text.encode(), "text/csv")).run()


def test_without_a_password_configured_uploads_are_disabled(app_store, monkeypatch):
    monkeypatch.delenv(auth.ENV_VAR, raising=False)
    at = open_page()
    assert not at.exception
    assert any("Uploads are disabled" in i.value and "ARMSDASH_EDITOR_PASSWORD" in i.value for i in at.info)
    assert not at.get("file_uploader")
    assert table(at, "rows_changed")["version"].tolist() == [1]  # viewing needs no login


def test_wrong_password_gets_no_upload(app_store, monkeypatch):
    monkeypatch.setenv(auth.ENV_VAR, "s3cret")
    at = open_page()
    at.text_input(key="password").input("guess")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Wrong password."]
    assert not at.get("file_uploader")


def test_editor_uploads_previews_commits_and_undoes(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Ana").run()
    upload(at, "shares.csv", GOOD)
    assert not at.exception, [e.value for e in at.exception]
    assert "adds 0, changes 1 and removes 0 rows" in at.info[0].value
    headline = table(at, "figure")
    row = headline[headline["item"] == "2021–25 · Russia"]
    assert row[["before", "after"]].values.tolist() == [[40.0, 55.0]]
    at.button(key="commit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.success[0].value == "Committed as data version 2: 0 added, 1 changed, 0 removed."
    assert versions(app_store) == [2, 1]
    history = table(at, "rows_changed").set_index("version")
    assert history.loc[2, "checksum"] == hashlib.sha256(GOOD.encode()).hexdigest()
    assert history.loc[2, "file_name"] == "shares.csv"
    at.selectbox(key="undo").set_value(2)
    at.button(key="undo_button").click().run()
    assert at.success[0].value == "Restored the data as before version 2 (now version 3)."
    assert versions(app_store) == [3, 2, 1]


def test_bad_file_lists_row_level_problems_and_writes_nothing(app_store, monkeypatch):
    at = logged_in(monkeypatch)
    bad = (SHARES + "IND,RUS,2021,2025,55,sipri_fs_2025_millenniumpost,\n"
           "Inida,RUS,2021,2025,155,sipri_fs_2025_millenniumpost,<b>x</b>\n")
    upload(at, "bad [x](javascript:alert(1)).csv", bad)
    assert not at.exception
    problems = table(at, "expected")
    assert problems[["row", "column"]].values.tolist() == [[3, "recipient_code"], [3, "share_pct"], [3, "note"]]
    assert at.error[0].value.startswith(
        "bad \\[x\\]\\(javascript\\:alert\\(1\\)\\)\\.csv: rejected, 3 problems in 1 row.")
    assert versions(app_store) == [1]


def test_sipri_export_is_recognised_previewed_and_loaded(app_store, monkeypatch):
    from tests.support import sipri_samples as samples

    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Ana").run()
    upload(at, "register.csv", samples.register().decode("cp1252"))
    assert not at.exception, [e.value for e in at.exception]
    assert at.info[0].value == "register\\.csv: SIPRI export"
    assert at.text[0].value.startswith("Would load SIPRI trade register")
    at.button(key="load_sipri").click().run()
    assert at.success[0].value.startswith("Loaded SIPRI trade register")
    assert versions(app_store) == [2, 1]


def test_unreadable_sipri_export_is_refused_with_its_lines(app_store, monkeypatch):
    from tests.support import sipri_samples as samples

    at = logged_in(monkeypatch)
    bad = samples.register([samples.REGISTER_ROWS[0].replace("2011; 2013", "2011; soon")]).decode("cp1252")
    upload(at, "register.csv", bad)
    assert at.error[0].value == "register\\.csv: SIPRI export refused"
    assert table(at, "line")["column"].tolist() == ["Year(s) of delivery"]
    assert versions(app_store) == [1]


def test_organisation_login_makes_a_listed_editor_and_no_one_else(app_store, monkeypatch):
    """With [auth] configured, st.login users listed in [editor] emails may upload; others may not."""
    monkeypatch.delenv(auth.ENV_VAR, raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    at.secrets["editor"] = {"emails": ["Editor@Example.org"]}
    at.user = {"is_logged_in": True, "email": "someone@example.org"}
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.file_uploader and any("not listed as an editor" in w.value for w in at.warning)

    at.user = {"is_logged_in": True, "email": "editor@example.org"}
    at.run()
    assert len(at.file_uploader) == 1
    assert not at.exception


def test_a_file_is_checked_once_until_its_mode_or_the_data_changes(app_store, monkeypatch):
    from armsdash.ingest import uploads
    from armsdash.store import versions as data_versions

    calls = []
    check_upload = uploads.check_upload
    monkeypatch.setattr(uploads, "check_upload", lambda *a, **k: calls.append(k["mode"]) or check_upload(*a, **k))
    at = logged_in(monkeypatch)
    upload(at, "shares.csv", GOOD)
    at.text_input(key="author").input("Ana").run()  # typing a name reruns the page: the check is reused
    assert calls == ["append"]
    assert "removes 0 rows" in at.info[0].value
    at.radio(key="mode").set_value("replace_recipient").run()
    assert calls == ["append", "replace_recipient"]
    assert "removes 0 rows" not in at.info[0].value  # India's other rows: the preview of the new mode

    con = db.connect(app_store)  # another editor commits meanwhile: the preview is made again
    try:
        con.execute("begin transaction")
        data_versions.record_version(con, data_versions.next_version(con), action="upload", author="Bo",
                                     note="elsewhere")
        con.execute("commit")
    finally:
        con.close()
    at.run()
    assert calls == ["append", "replace_recipient", "replace_recipient"]
    at.button(key="commit").click().run()  # the click commits the previewed file without checking it again
    assert len(calls) == 3
    assert at.success[0].value.startswith("Committed as data version 3:")
    assert versions(app_store) == [3, 2, 1]


def test_the_held_check_keeps_only_the_typed_rows_and_ends_when_the_editor_leaves(app_store, monkeypatch):
    from armsdash.web import upload_check

    at = logged_in(monkeypatch)
    upload(at, "shares.csv", GOOD)
    held = at.session_state[upload_check.KEY]
    assert held.checked.cells is None and held.checked.row_count == 1  # the cells went; the typed row stays
    assert "1 rows for" in at.info[0].value
    at.switch_page("pages/overview.py").run()
    assert upload_check.KEY not in at.session_state


def test_sipri_record_split_by_a_line_break_is_joined_and_the_summary_says_so(app_store, monkeypatch):
    from tests.support import sipri_samples as samples

    at = logged_in(monkeypatch)
    at.text_input(key="author").input("Ana").run()
    rows = [samples.REGISTER_ROWS[0].replace("deal note; ", "deal note;\r\n")] + samples.REGISTER_ROWS[1:]
    upload(at, "register.csv", samples.register(rows).decode("cp1252"))
    assert at.info[0].value == "register\\.csv: SIPRI export"
    assert "Joined 1 record(s) that a line break inside a text field had split over several lines: lines 13–14 " \
           "(Comments)." in at.text[0].value
    at.button(key="load_sipri").click().run()
    assert "lines 13–14 (Comments)" in at.success[0].value
    assert versions(app_store) == [2, 1]
