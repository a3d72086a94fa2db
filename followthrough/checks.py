"""Checks the command line makes: the schema before reading, and `doctor`'s Slack and variables."""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy import Engine

from bot import db
from bot.config import ENV_PREFIX, Settings, slack_problems

NO_TABLES = "The database has no Followthrough tables yet; run `followthrough db upgrade` first."


def schema_problem(engine: Engine) -> str | None:
    """Why the database can't be read as this Followthrough reads it (one line), or None."""
    current, head = db.current_revision(engine), db.head_revision(engine)
    if current is None:
        return NO_TABLES
    if current != head:
        return (
            f"The database schema is at revision {current}, but this Followthrough reads "
            f"{head}; run `followthrough db upgrade` first."
        )
    return None


# Set by Followthrough itself (the work process `serve` starts) and by its test suite.
INTERNAL_VARIABLES = frozenset({"FOLLOWTHROUGH_SERVE_PID", "FOLLOWTHROUGH_TEST_POSTGRES_URL"})


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One line per FOLLOWTHROUGH_ variable that is no setting (a typo is silently ignored)."""
    known = sorted(
        name.upper()
        for name, field in Settings.model_fields.items()
        if field.validation_alias is None
    )
    lines = []
    for name in sorted(environ):
        if not name.startswith(ENV_PREFIX) or name in INTERNAL_VARIABLES:
            continue
        setting = name.removeprefix(ENV_PREFIX)
        if setting in known:
            continue
        # Compared without the prefix every name shares, which would make anything look close.
        close = difflib.get_close_matches(setting, known, n=1)
        hint = f"did you mean {ENV_PREFIX}{close[0]}?" if close else "it is ignored."
        lines.append(f"{name} is not a Followthrough setting; {hint}")
    return lines


def slack_checks(settings: Settings) -> list[tuple[bool, str]]:
    """Slack's side as `serve` needs it, one (ok, line) each: the token asked of Slack itself."""
    problems = slack_problems(settings, socket_mode=bool(settings.slack_app_token))
    checks = [(False, problem) for problem in problems]
    if settings.slack_client_id or settings.slack_client_secret:
        if not problems:  # no token to ask about: each firm's comes with its install
            checks.insert(0, (True, f"firms install it through OAuth at {settings.install_url}"))
    elif not any(problem.startswith("SLACK_BOT_TOKEN") for problem in problems):
        checks.insert(0, _auth_test(settings))
    return checks


def _auth_test(settings: Settings) -> tuple[bool, str]:
    client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=settings.slack_timeout,
        retry_handlers=[],
    )
    try:
        answer = client.auth_test()
    except SlackApiError as err:
        return False, f"SLACK_BOT_TOKEN was refused by Slack: {err.response.get('error')}"
    except (SlackClientError, OSError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        return False, f"could not reach Slack at {settings.slack_api_url} ({reason})"
    return True, (
        f"token works for team {answer.get('team')} ({answer.get('team_id')}) "
        f"as bot user {answer.get('user')} ({answer.get('user_id')})"
    )
