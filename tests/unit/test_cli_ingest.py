"""The ``ingest`` and ``template`` commands: exit codes and messages."""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys

import pytest

from armsdash import config
from armsdash.cli import ingest_cmd
from armsdash.ingest import commit
from armsdash.store import build, db

SHARES = "recipient_code,supplier_code,period_start,period_end,share_pct,source_id,note\n"


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.duckdb"
    build.build_store(path, config.DATA_DIR)
    return path


def run(store_path, *argv):
    return ingest_cmd.main([*argv[:1], *([f"--db={store_path}"] if argv[0] == "ingest" else []), *argv[1:]])


def history(path):
    con = db.connect(path)
    try:
        return commit.history(con)
    finally:
        con.close()


def test_register_adds_both_commands_to_a_parser():
    parser = argparse.ArgumentParser()
    ingest_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["ingest", "f.csv", "--mode", "replace_table", "--table", "sources"])
    assert (args.handler, args.mode, args.table) == (ingest_cmd.run_ingest, "replace_table", "sources")
    assert parser.parse_args(["template", "sources"]).handler is ingest_cmd.run_template


def test_ingest_commits_and_exits_0(store_path, tmp_path, capsys):
    upload = tmp_path / "new.csv"
    upload.write_text(SHARES + "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,\n")
    assert run(store_path, "ingest", str(upload), "--author", "ana", "--note", "Israel") == 0
    assert capsys.readouterr().out == ("new.csv -> published_import_shares (append): committed as data version 2: "
                                       "1 added, 0 changed, 0 removed.\n")
    row = history(store_path).iloc[0]
    assert (row["version"], row["author"], row["file_name"], row["note"]) == (2, "ana", "new.csv", "[append] Israel")
    assert row["checksum"] == hashlib.sha256(upload.read_bytes()).hexdigest()


def test_rejected_file_exits_2_lists_problems_and_changes_nothing(store_path, tmp_path, capsys):
    upload = tmp_path / "bad.csv"
    upload.write_text(SHARES + "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,\nInida,RUS,2019,2023,140,nope,\n")
    rejected = tmp_path / "rejected.csv"
    assert run(store_path, "ingest", str(upload), "--rejected", str(rejected)) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "bad.csv: rejected, 3 problems in 1 row; nothing was changed."
    assert err[1].startswith("Row 3, recipient_code: 'Inida' - expected a known country name or ISO3 code")
    assert err[2] == "Row 3, share_pct: '140' - expected a share from 0 to 100"
    assert err[3].startswith("Row 3, source_id: 'nope' - expected a source_id listed in the sources table")
    assert rejected.read_text(encoding="utf-8-sig").splitlines()[0].endswith(",reason")
    assert history(store_path)["version"].tolist() == [1]


def test_dry_run_commits_nothing(store_path, tmp_path, capsys):
    upload = tmp_path / "new.csv"
    upload.write_text(SHARES + "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,\n")
    assert run(store_path, "ingest", str(upload), "--dry-run", "--mode", "replace") == 0
    out = capsys.readouterr().out
    assert out.startswith("new.csv -> published_import_shares (replace_recipient): would add 1, change 0, remove 17;")
    assert history(store_path)["version"].tolist() == [1]


def test_forced_table_that_does_not_match_exits_2(store_path, tmp_path, capsys):
    upload = tmp_path / "new.csv"
    upload.write_text(SHARES + "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,\n")
    assert run(store_path, "ingest", str(upload), "--table", "sources") == 2
    assert "Row 1, title: '' - expected a column named 'title'" in capsys.readouterr().err


def test_excel_file_exits_2_with_the_reason(store_path, tmp_path, capsys):
    upload = tmp_path / "book.csv"
    upload.write_bytes(b"PK\x03\x04rest")
    assert run(store_path, "ingest", str(upload)) == 2
    assert "This is an Excel workbook (.xlsx)" in capsys.readouterr().err


def test_locked_store_exits_3_with_what_to_do(store_path, tmp_path, capsys):
    upload = tmp_path / "new.csv"
    upload.write_text(SHARES + "IND,ISR,2019,2023,13,sipri_fs_2023_thehindu,\n")
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(store_path)!r}); "
                               "print('ok', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        assert run(store_path, "ingest", str(upload)) == 3
    finally:
        holder.kill()
        holder.wait()
    assert "Upload through the dashboard's Update data page, or stop the server" in capsys.readouterr().err


def test_template_writes_template_and_column_descriptions(tmp_path, capsys):
    output = tmp_path / "records.csv"
    assert ingest_cmd.main(["template", "delivery_records", "--output", str(output)]) == 0
    lines = output.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("programme_id,recipient_code,supplier_code,system,category,")
    assert len(lines) == 2
    described = (tmp_path / "records_columns.csv").read_text(encoding="utf-8-sig").splitlines()
    assert described[0] == "column,required,type,allowed_values,unit_or_form,description,example"
    assert any(line.startswith("status,yes,text,delivered; in_progress; delayed; stalled; cancelled")
               for line in described)


def test_template_of_unknown_table_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as stop:
        ingest_cmd.main(["template", "nope"])
    assert stop.value.code == 2
    assert "invalid choice: 'nope'" in capsys.readouterr().err


def test_main_cli_runs_ingest_and_template(store_path, tmp_path, monkeypatch, capsys):
    from armsdash.cli import commands

    monkeypatch.setenv("ARMSDASH_DB", str(store_path))
    output = tmp_path / "shares.csv"
    assert commands.main(["template", "published_import_shares", "--output", str(output)]) == 0
    # the template's example row is refused: it would flip India's figures and cite a source nobody loaded
    assert commands.main(["ingest", str(output), "--author", "ana"]) == 2
    assert "Row 2: this is the template's example row" in capsys.readouterr().err
    output.write_text(output.read_text(encoding="utf-8-sig").replace("Example row: replace it with your own rows",
                                                                     "checked by ana"), encoding="utf-8")
    assert commands.main(["ingest", str(output), "--author", "ana"]) == 0
    assert "committed as data version 2" in capsys.readouterr().out


def test_sipri_export_is_dispatched_to_the_sipri_loader(store_path, tmp_path, capsys):
    from tests.support import sipri_samples as samples

    upload = tmp_path / "register.csv"
    upload.write_bytes(samples.register())
    assert run(store_path, "ingest", str(upload), "--author", "ana") == 0
    assert capsys.readouterr().out.startswith("Loaded SIPRI trade register")
    row = history(store_path).iloc[0]
    assert (row["version"], row["author"], row["table_name"]) == (2, "ana", "sipri:trade_register")
