"""The `followthrough` command as an operator uses it."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest

from bot.ledger import record_submission
from followthrough.cli import main
from tests.ledger_book import LedgerBook


@pytest.fixture
def use_database(monkeypatch: pytest.MonkeyPatch, database_url: str) -> str:
    monkeypatch.setenv("FOLLOWTHROUGH_DATABASE_URL", database_url)
    return database_url


def test_help_lists_the_commands() -> None:
    script = shutil.which("followthrough", path=sysconfig.get_path("scripts"))
    assert script, "the console script is installed with the package"
    shown = subprocess.run([script, "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("db", "export", "doctor"):
        assert command in shown


def test_db_upgrade_and_current_on_a_new_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert main(["db", "current"]) == 0
    assert "none (empty database)" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "database at revision 0006" in capsys.readouterr().out
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.strip() == "0006 (up to date)"


def test_doctor_reports_each_check_on_one_line(
    use_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["ok", "ok", "ok"]
    assert "schema: at the newest revision (0006)" in lines[2]


def test_doctor_says_what_is_wrong(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    assert main(["doctor"]) == 1
    assert "run `followthrough db upgrade`" in capsys.readouterr().out
    monkeypatch.setenv("FOLLOWTHROUGH_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/x")
    assert main(["doctor"]) == 1
    assert "FAIL  database: cannot connect" in capsys.readouterr().out


def test_bad_settings_stop_the_command_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_MAX_NUDGES", "many")
    assert main(["doctor"]) == 2
    error = capsys.readouterr().err
    assert error.startswith("followthrough: FOLLOWTHROUGH_MAX_NUDGES:")
    assert len(error.splitlines()) == 1


def test_export_writes_csv_to_stdout_or_a_file(
    use_database: str, book: LedgerBook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book.run(record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe")
    assert main(["export", "--format", "csv"]) == 0
    captured = capsys.readouterr()
    [row] = list(csv.DictReader(captured.out.splitlines()))
    assert (row["debtor"], row["candidate"], row["state"]) == ("Dana Importer", "Jane Doe", "open")
    assert "exported 1 follow-up" in captured.err

    target = tmp_path / "ledger.csv"
    assert main(["export", "--output", str(target), "--team", "T0NONE"]) == 0
    assert target.read_text().splitlines() == [captured.out.splitlines()[0]]


def test_export_from_a_database_without_tables_says_to_upgrade(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["export"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "The database has no Followthrough tables yet; run `followthrough db upgrade` first.\n"
    )
