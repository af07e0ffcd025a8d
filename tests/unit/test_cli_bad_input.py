"""Every command of ``python -m armsdash`` with bad input: one line on stderr, a documented exit code, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from armsdash import config
from armsdash.cli import commands
from armsdash.ingest import commit
from armsdash.store import versions
from tests.support import sipri_samples

SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"
NEW_ROW = "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,\n"


def outcome(capsys, argv: list[str]) -> tuple[int, str, str]:
    """Run the CLI in this process as ``python -m armsdash`` does; argparse's own exit becomes its code."""
    try:
        code = commands.main(argv)
    except SystemExit as stop:
        code = stop.code
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return str(path)


def test_every_command_with_bad_input_is_one_line_and_a_documented_code(app_store, tmp_path, capsys):
    stored = write(tmp_path, "stored.csv", (config.DATA_DIR / "published_import_shares.csv").read_bytes())
    marked = sipri_samples.register().replace(b"Xa-1", b"[Xa-1](https://outside.example)")
    cases = [
        ([], 2),
        (["nope"], 2),
        (["build", "--rebuild"], 2),  # no terminal to confirm on, no --yes
        (["metrics", "--colour", "red"], 2),
        (["query", "no_such_metric"], 2),
        (["query", "inventory_by_origin", "--recipient", "Atlantis"], 2),
        (["query", "inventory_by_origin", "--v", "banana"], 2),
        (["ingest", str(tmp_path / "missing.csv")], 2),
        (["ingest", str(tmp_path)], 2),  # a folder
        (["ingest", write(tmp_path, "empty.csv", "")], 2),
        (["ingest", write(tmp_path, "book.csv", b"PK\x03\x04rest")], 2),
        (["ingest", write(tmp_path, "bad.csv", SHARES + "Inida,RUS,2019,2023,140,nope,\n")], 2),
        (["ingest", write(tmp_path, "new.csv", SHARES + NEW_ROW), "--author", "=HYPERLINK(\"x\")"], 2),
        (["ingest", write(tmp_path, "new2.csv", SHARES + NEW_ROW), "--note", "[see](https://outside.example)"], 2),
        (["ingest", write(tmp_path, "register.csv", marked), "--author", "ana"], 2),
        (["ingest", stored, "--author", "ana"], 4),  # every row already stored
        (["ingest", stored, "--table", "no_such_table"], 2),
        (["template", "no_such_table"], 2),
        (["template", "sources", "--output", str(tmp_path / "no" / "such" / "folder.csv")], 2),
    ]
    for argv, expected in cases:
        code, _out, err = outcome(capsys, argv)
        assert code == expected, (argv, code, err)
        if argv and argv[0] in ("query", "ingest") and expected != 2 or argv[:1] == ["template"] and len(argv) > 2:
            assert len(err.strip().splitlines()) == 1, (argv, err)


def test_an_unexpected_error_is_one_line_with_exit_1(tmp_path, monkeypatch, capsys):
    broken = tmp_path / "store.duckdb"
    broken.write_bytes(b"this is not a DuckDB file" * 1000)
    monkeypatch.setenv("ARMSDASH_DB", str(broken))
    code, _out, err = outcome(capsys, ["query", "inventory_by_origin", "--recipient", "IND"])
    assert code == 1 and len(err.strip().splitlines()) == 1 and err.startswith("error: ")


def test_a_commit_that_loses_a_race_exits_5_and_says_so(app_store, tmp_path, monkeypatch, capsys):
    upload = write(tmp_path, "new.csv", SHARES + NEW_ROW)
    real = versions.next_version
    # another editor's commit lands between this commit's read of the next version and its write
    monkeypatch.setattr(versions, "next_version", lambda con: real(con) - 1)
    code, _out, err = outcome(capsys, ["ingest", upload, "--author", "ana"])
    assert code == 5
    assert err.strip() == f"new.csv: {versions.LOST_RACE}"
    assert isinstance(commit.Conflict(), commit.CommitError)


def test_query_on_a_store_held_by_the_server_exits_3(app_store, capsys):
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(app_store)!r}); "
                               "print('ok', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        code, _out, err = outcome(capsys, ["query", "inventory_by_origin", "--recipient", "IND"])
    finally:
        holder.kill()
        holder.wait()
    assert code == 3 and "stop the server" in err


def test_sending_a_stored_file_again_from_the_shell_is_one_line_exit_4(app_store, tmp_path):
    upload = write(tmp_path, "shares.csv", (config.DATA_DIR / "published_import_shares.csv").read_bytes())
    done = subprocess.run([sys.executable, "-m", "armsdash", "ingest", upload, "--author", "ana"],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (4, "")
    assert done.stderr == ("shares.csv: Nothing to commit: every row of the file is already in the data as it is; "
                           "nothing was changed.\n")


@pytest.mark.parametrize("author", ["=HYPERLINK(\"https://x\",\"y\")", "+1", "<b>me</b>", "[me](https://x)", ""])
def test_author_with_a_formula_or_markup_is_refused(author):
    from armsdash.ingest.plaintext import history_fields_problem

    assert history_fields_problem(author, None)
    assert history_fields_problem("A. Analyst", "SIPRI fact sheet 2026") is None
