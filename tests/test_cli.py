"""The `followthrough` command as an operator uses it."""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from bot import db
from bot.ledger import record_submission
from bot.models import FollowUp
from followthrough.cli import build_parser, main
from sandbox import SlackStandIn
from tests.ledger_book import LedgerBook

HEAD = db.head_revision(db.make_engine("sqlite://"))  # the newest migration shipped

# A Wednesday, 10:00 in London, long after any clock running these tests.
STILL_TO_COME = "2099-03-11T10:00:00Z"


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


def _commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and sub-command of the CLI, with its parser."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*path, name))


COMMANDS = dict(_commands(build_parser()))


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "followthrough")
def test_every_command_and_option_says_what_it_does(
    path: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as finished:
        main([*path, "--help"])
    assert finished.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    parser = COMMANDS[path]
    assert parser.description, f"{' '.join(path)} has no description"
    assert parser.description in shown
    for action in parser._actions:
        # A group of commands lists each command with its own line.
        listed = (
            action._choices_actions if isinstance(action, argparse._SubParsersAction) else [action]
        )
        for item in listed:
            name = ", ".join(item.option_strings) or item.dest
            assert item.help, f"{name} in `{' '.join(path)} --help` has no help"
            assert " ".join(item.help.split()) in shown


def test_db_upgrade_and_current_on_a_new_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert main(["db", "current"]) == 0
    assert "none (empty database)" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert f"database at revision {HEAD}" in capsys.readouterr().out
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.strip() == f"{HEAD} (up to date)"


def test_doctor_reports_each_check_on_one_line(
    use_database: str, use_slack: SlackStandIn, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["ok", "ok", "ok", "ok"]
    assert lines[1] == (
        "ok    slack: token works for team Acme Splits (T0ACME) as bot user followthrough (U0BOT)"
    )
    assert f"schema: at the newest revision ({HEAD})" in lines[3]
    assert use_slack.calls("auth.test")


def test_doctor_says_slack_refused_the_token(
    use_database: str,
    use_slack: SlackStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-revoked")
    assert main(["doctor"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "FAIL  slack: SLACK_BOT_TOKEN was refused by Slack: invalid_auth" in lines
    assert lines[-1] == f"ok    schema: at the newest revision ({HEAD})"


def test_doctor_in_oauth_mode_points_to_the_install_page(
    use_database: str,
    use_slack: SlackStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    monkeypatch.setenv("SLACK_CLIENT_ID", use_slack.seed.client_id)
    monkeypatch.setenv("SLACK_CLIENT_SECRET", use_slack.seed.client_secret)
    monkeypatch.setenv("FOLLOWTHROUGH_PUBLIC_URL", "https://bot.example.com")
    assert main(["doctor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        "ok    slack: firms install it through OAuth at https://bot.example.com/slack/install"
        in lines
    )
    assert not use_slack.calls("auth.test")

    monkeypatch.setenv("SLACK_BOT_TOKEN", use_slack.token())
    assert main(["doctor"]) == 1
    assert "not both" in capsys.readouterr().out


def test_doctor_points_out_variables_that_are_no_setting(
    use_database: str,
    use_slack: SlackStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_MAX_NUDGE", "3")
    monkeypatch.setenv("FOLLOWTHROUGH_COLOUR", "blue")
    monkeypatch.setenv("FOLLOWTHROUGH_SERVE_PID", "1")  # set by `serve` for its work process
    assert main(["doctor"]) == 0
    warnings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("warn")]
    assert warnings == [
        "warn  environment: FOLLOWTHROUGH_COLOUR is not a Followthrough setting; it is ignored.",
        "warn  environment: FOLLOWTHROUGH_MAX_NUDGE is not a Followthrough setting; "
        "did you mean FOLLOWTHROUGH_MAX_NUDGES?",
    ]


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
    # A sweep's dry run only reads too: the same one line.
    assert main(["sweep", "--at", STILL_TO_COME]) == 1
    assert capsys.readouterr().err.startswith("The database has no Followthrough tables yet;")


@pytest.fixture
def use_slack(monkeypatch: pytest.MonkeyPatch, slack: SlackStandIn) -> SlackStandIn:
    monkeypatch.setenv("SLACK_BOT_TOKEN", slack.token())
    monkeypatch.setenv("SLACK_SIGNING_SECRET", slack.signing_secret)
    monkeypatch.setenv("SLACK_API_URL", slack.api_url)
    monkeypatch.setenv("FOLLOWTHROUGH_PACING", "off")
    return slack


def test_a_sweep_still_to_come_shows_what_it_would_send_and_sends_nothing(
    use_database: str,
    use_slack: SlackStandIn,
    book: LedgerBook,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book.run(record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe")
    book.run(record_submission, exporter_id="U0ERIN", importer_id="U0SAM", candidate="John Roe")
    with book.factory.begin() as session:  # Sam was reminded twice already: F-2 lapses next
        session.execute(update(FollowUp).where(FollowUp.id == 2).values(nudge_count=2))
    before = book.row_counts()

    assert main(["sweep", "--at", STILL_TO_COME]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Dry run as of 2099-03-11 10:00 UTC, which is still to come: nothing was sent or "
        "changed (add --commit to sweep for real).",
        "would: nudge for Dana Importer (U0DANA): F-1, reminder 1",
        "would: lapsed F-2: notice for Erin Exporter (U0ERIN), held until 2099-03-11 13:00 UTC",
        "would: weekly digest to Dana Importer (U0DANA): skipped, nudged in this sweep",
        *(
            f"would: weekly digest to {name}: missed its day, next one next week"
            for name in ("Erin Exporter (U0ERIN)", "Alex Admin (U0ALEX)", "Sam Sourcer (U0SAM)")
        ),
    ]
    assert use_slack.calls() == []
    assert book.row_counts() == before
    assert [(f.state.value, f.nudge_count) for f in map(book.follow_up, (1, 2))] == [
        ("open", 0),
        ("open", 2),
    ]

    assert main(["sweep", "--at", STILL_TO_COME, "--commit"]) == 0
    assert "nudge for Dana Importer (U0DANA): F-1, reminder 1" in capsys.readouterr().out
    assert len(use_slack.dms_to("U0DANA")) == 1
    assert book.follow_up(1).nudge_count == 1


def test_inbound_url_prints_the_webhook_to_paste(
    use_database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_PUBLIC_URL", "https://followthrough.example.com/")
    assert main(["inbound-url", "--team", "T0ACME", "--provider", "twilio"]) == 0
    twilio = capsys.readouterr().out.strip()
    assert twilio.startswith("https://followthrough.example.com/webhooks/calls/twilio/")
    assert main(["inbound-url", "--team", "T0ACME", "--provider", "aircall"]) == 0
    aircall = capsys.readouterr().out.strip()
    # One secret per workspace, created on first use and kept.
    assert aircall.rsplit("/", 1)[1] == twilio.rsplit("/", 1)[1]
    assert main(["inbound-url", "--team", "T0ACME", "--provider", "sendgrid"]) == 0
    sendgrid = capsys.readouterr().out.strip()
    assert sendgrid == twilio.replace("/webhooks/calls/twilio/", "/webhooks/email/sendgrid/")
