"""`followthrough serve` as an admin runs it: HTTP, a health check, and one-line set-up errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sysconfig
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sandbox import Driver, SlackStandIn

SCRIPT = str(Path(sysconfig.get_path("scripts")) / "followthrough")


PUBLIC = {"FOLLOWTHROUGH_PUBLIC_URL": "https://bot.example.com"}


def environment(slack: SlackStandIn, database: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FOLLOWTHROUGH_"))}
    env.update(
        SLACK_BOT_TOKEN=slack.token(),
        SLACK_SIGNING_SECRET=slack.signing_secret,
        SLACK_API_URL=slack.api_url,
        FOLLOWTHROUGH_DATABASE_URL=f"sqlite:///{database}",
    )
    env.update(extra)
    return env


@pytest.fixture
def served(slack: SlackStandIn, tmp_path: Path) -> Iterator[str]:
    """A `followthrough serve --port 0` process; yields its Slack request URL."""
    process = subprocess.Popen(
        [SCRIPT, "serve", "--port", "0"],
        env=environment(slack, tmp_path / "served.db"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("Followthrough listening on http://127.0.0.1:"), line
    yield line.split()[-1]
    process.terminate()
    process.wait(timeout=10)


def test_serve_answers_slack_over_http_and_reports_health(
    served: str, slack: SlackStandIn, driver: Callable[..., Driver]
) -> None:
    health = served.replace("/slack/events", "/healthz")
    with urllib.request.urlopen(health, timeout=5) as response:
        assert (response.status, response.read()) == (200, b'{"ok": true}')

    acked = driver(served).slash_command("U0ERIN", "/followthrough", "help")
    assert acked.status == 200
    assert acked.elapsed < 3
    for _ in range(50):
        if slack.ephemerals_to("U0ERIN"):
            break
        time.sleep(0.1)
    assert "keeps track of who owes the next move" in slack.ephemerals_to("U0ERIN")[-1].text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SLACK_BOT_TOKEN": ""}, "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token"),
        ({"SLACK_BOT_TOKEN": "xoxp-user"}, "SLACK_BOT_TOKEN must be the bot token"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN must be an app-level token"),
        ({"SLACK_BOT_TOKEN": "xoxb-revoked"}, "Slack refused SLACK_BOT_TOKEN (invalid_auth)"),
        ({"SLACK_API_URL": "http://127.0.0.1:9/api/"}, "Could not reach Slack at"),
        ({"FOLLOWTHROUGH_MAX_NUDGES": "-1"}, "FOLLOWTHROUGH_MAX_NUDGES:"),
        ({"SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}, "not both"),
        (
            {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": "1.2"},
            "SLACK_CLIENT_ID is set without SLACK_CLIENT_SECRET",
        ),
        (
            {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_SECRET": "s", **PUBLIC},
            "SLACK_CLIENT_SECRET is set without SLACK_CLIENT_ID",
        ),
        (
            {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"},
            "Set FOLLOWTHROUGH_PUBLIC_URL (or SLACK_REDIRECT_URI)",
        ),
        (
            {"SLACK_BOT_TOKEN": "", "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}
            | {"SLACK_REDIRECT_URI": "https://bot.example.com/oauth"},
            "SLACK_REDIRECT_URI must end with /slack/oauth_redirect",
        ),
    ],
)
def test_bad_set_up_stops_with_one_line_saying_what_to_fix(
    slack: SlackStandIn, tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    env = environment(slack, tmp_path / "bad.db", **changes)
    finished = subprocess.run(
        [SCRIPT, "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=30
    )
    assert finished.returncode == 2
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    assert message in lines[0]


def test_sweep_command_prints_what_it_did(slack: SlackStandIn, tmp_path: Path) -> None:
    env = environment(slack, tmp_path / "sweep.db")
    first = subprocess.run(
        [SCRIPT, "sweep", "--at", "2026-11-19T10:31:00Z"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (first.returncode, first.stdout) == (0, "nothing was due\n")
    bad = subprocess.run(
        [SCRIPT, "sweep", "--at", "thursday"], env=env, capture_output=True, text=True, timeout=60
    )
    assert bad.returncode == 2
    assert "is not an ISO-8601 instant" in bad.stderr


def test_serve_with_client_credentials_shows_the_install_page(
    slack: SlackStandIn, tmp_path: Path
) -> None:
    process = _started(
        slack,
        tmp_path,
        SLACK_BOT_TOKEN="",
        SLACK_CLIENT_ID=slack.seed.client_id,
        SLACK_CLIENT_SECRET=slack.seed.client_secret,
        **PUBLIC,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().split()[-1]
        assert process.stdout.readline().strip() == (
            "Firms add it to their workspace at https://bot.example.com/slack/install"
        )
        install = url.replace("/slack/events", "/slack/install")
        with urllib.request.urlopen(install, timeout=10) as response:
            page = response.read().decode()
            assert response.status == 200
        assert "Add to Slack" in page
        assert f"client_id={slack.seed.client_id}" in page
        assert "slack-app-oauth-state=" in response.headers["Set-Cookie"]
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err


def _started(slack: SlackStandIn, tmp_path: Path, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [SCRIPT, "serve", "--port", "0"],
        env=environment(slack, tmp_path / "stop.db", **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_serve_over_http_stops_cleanly_on_a_signal(
    slack: SlackStandIn, tmp_path: Path, how: signal.Signals, driver: Callable[..., Driver]
) -> None:
    process = _started(slack, tmp_path)
    assert process.stdout is not None
    url = process.stdout.readline().split()[-1]
    assert driver(url).slash_command("U0ERIN", "/followthrough", "help").status == 200
    process.send_signal(how)
    _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped" in err


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "sigint"])
def test_serve_in_socket_mode_answers_then_stops_cleanly_on_a_signal(
    slack: SlackStandIn, tmp_path: Path, how: signal.Signals
) -> None:
    process = _started(slack, tmp_path, SLACK_APP_TOKEN=slack.app_token)
    try:
        assert slack.socket_mode.wait_for_connections(1, timeout=30)
        acked = Driver.socket_mode(slack).slash_command("U0ERIN", "/followthrough", "help")
        assert acked.status == 200
        for _ in range(100):
            if slack.ephemerals_to("U0ERIN"):
                break
            time.sleep(0.1)
        assert "keeps track of who owes the next move" in slack.ephemerals_to("U0ERIN")[-1].text
    finally:
        process.send_signal(how)
        _out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err
