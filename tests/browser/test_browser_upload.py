"""The real server in headless Chromium: an editor uploads, previews, commits, sees the Overview change.

Bad files list their rows.
"""

from __future__ import annotations

import re
import shutil

import pytest

from armsdash.web import auth
from tests.support.live_server import running_server, wait_idle

pytestmark = pytest.mark.browser

PASSWORD = "browser-test-passphrase"
SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
GOOD = SHARES + "IND,RUS,2021,2025,55,sipri_fs_2025_millenniumpost,Browser test figure\n"
BAD = (SHARES + "IND,RUS,2021,2025,55,sipri_fs_2025_millenniumpost,\n"
       "Inida,RUS,2021,2025,155,sipri_fs_2025_millenniumpost,\n")


@pytest.fixture
def editor_server(built_store, tmp_path):
    path = tmp_path / "armsdash.duckdb"
    shutil.copy(built_store, path)
    with running_server(path, extra_env={auth.ENV_VAR: PASSWORD}) as url:
        yield url


def log_in(page, url: str) -> None:
    page.goto(url + "/")
    wait_idle(page)
    page.locator("[data-testid=stSidebarNav] a", has_text="Update data").click()
    page.wait_for_url(re.compile(r"/update"))
    wait_idle(page)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("[data-testid=stFileUploader]").wait_for()
    name = page.get_by_label("Your name (recorded in the history)")
    name.fill("Browser Editor")
    name.press("Enter")
    wait_idle(page)


def upload(page, name: str, text: str) -> None:
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}])


def test_editor_uploads_previews_commits_and_sees_the_overview_change(editor_server, page):
    log_in(page, editor_server)
    upload(page, "shares.csv", GOOD)
    page.get_by_text(re.compile(r"adds 0, changes 1 and removes 0 rows")).wait_for()
    page.get_by_role("button", name="Commit").click()
    page.locator("[data-testid=stAlertContentSuccess]", has_text="Committed as data version 2").wait_for()
    page.locator("[data-testid=stSidebarNav] a", has_text="Overview").click()
    wait_idle(page)
    page.locator("[data-testid=stMetricValue]", has_text="55%").first.wait_for()
    assert page.locator("[data-testid=stException]").count() == 0


def test_bad_file_shows_the_row_level_problems(editor_server, page):
    log_in(page, editor_server)
    upload(page, "bad.csv", BAD)
    alert = page.locator("[data-testid=stAlertContentError]", has_text="rejected, 2 problems in 1 row")
    alert.wait_for()
    grid = page.locator("[data-testid=stDataFrame]", has_text="expected")
    grid.wait_for()
    text = grid.text_content()
    assert "3recipient_codeInida" in text and "3share_pct155" in text, text[:500]
    assert page.get_by_role("button", name="Commit").count() == 0
