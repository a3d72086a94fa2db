"""Whatever a user gets wrong: one ephemeral fix-it line, nothing written, never a traceback."""

from __future__ import annotations

import random
import string
import time
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox import OTHER_TEAM_ID
from tests.e2e.harness import Bot

TRACEBACK_MARKS = ("Traceback", 'File "', "Error:", "Exception")


def ledger_rows(bot: Bot) -> dict[str, int]:
    from sqlalchemy import func, select

    from bot.models import Base

    with bot.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            # Requests, replies and signatures are recorded; the ledger itself must not change.
            if table.name not in {"members", "workspaces", "inbox", "outbox", "seen_requests"}
        }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sbumit @dana Jane", "I don't know “sbumit”. Did you mean submit?"),
        ("submit dana Jane Doe", None),
        ("submit @nobody Jane Doe", "pick them from the @ menu"),
        ("submit @dana Jane Doe for JO-404", "There is no JO-404 in this workspace"),
        ("submit @dana Jane Doe within someday", 'I couldn\'t read "someday" as a window'),
        ("call @dana within 0h", None),
        ("done F-99", "There is no F-99 in this workspace"),
        ("snooze banana 1d", "“banana” is not a follow-up ref"),
        ("heard @dana", "Dana Importer owes you nothing open"),
        ("job Nurse fee 300%", "Write the fee as a percentage up to 100"),
        ("profile hours whenever", "working hours"),
        ("x" * 4000, "too long for a command"),
    ],
)
def test_bad_commands_get_one_fix_it_line_and_write_nothing(
    bot: Bot, text: str, expected: str | None
) -> None:
    before = ledger_rows(bot)
    response = bot.command("U0ERIN", text)
    assert response.status == 200
    said = bot.said_to("U0ERIN") if bot.slack.ephemerals_to("U0ERIN") else ""
    opened_form = bool(bot.slack.views_open_for("U0ERIN"))
    if expected is None:
        assert said or opened_form
    else:
        assert expected in said
        assert "\n" not in said
    assert not any(mark in said for mark in TRACEBACK_MARKS)
    assert ledger_rows(bot) == before


def test_an_empty_candidate_name_opens_the_form_instead(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana   ")
    [form] = bot.slack.views_open_for("U0ERIN")
    assert form.title == "Submit a candidate"
    assert ledger_rows(bot)["follow_ups"] == 0


def test_random_text_never_breaks_the_command(bot: Bot) -> None:
    rng = random.Random(7)
    for _ in range(5):
        junk = "".join(rng.choice(string.printable) for _ in range(4000))
        bot.command("U0ERIN", "submit @dana " + junk[:3000])
    said = [e.text for e in bot.slack.ephemerals_to("U0ERIN")]
    assert said
    assert not any(mark in text for text in said for mark in TRACEBACK_MARKS)


def test_forged_and_stale_signatures_get_401_and_write_nothing(bot: Bot) -> None:
    before = ledger_rows(bot)
    forged = bot.driver.with_signing(secret="not-the-secret")
    assert forged.slash_command("U0ERIN", "/followthrough", "submit @dana Jane").status == 401
    stale = bot.driver.with_signing(timestamp=int(time.time()) - 600)
    assert stale.slash_command("U0ERIN", "/followthrough", "submit @dana Jane").status == 401
    assert ledger_rows(bot) == before
    assert bot.slack.ephemerals_to("U0ERIN") == []


def test_a_payload_from_another_workspace_is_refused(bot: Bot) -> None:
    stranger = bot.driver.__class__(bot.slack, bot.url, team_id=OTHER_TEAM_ID)
    before = ledger_rows(bot)
    stranger.slash_command("U0OLIVER", "/followthrough", "list")
    bot.settle()
    [refusal] = bot.slack.ephemerals_to("U0OLIVER")
    assert refusal.text.startswith("This Followthrough install serves another workspace")
    assert ledger_rows(bot) == before


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    action_id=st.sampled_from(["answer_interested", "answer_passed", "snooze_1d", "answer_heard"]),
    value=st.one_of(st.text(max_size=12), st.integers(-5, 10**12).map(str)),
)
def test_fuzzed_button_payloads_never_write_or_crash(bot: Bot, action_id: str, value: str) -> None:
    before = ledger_rows(bot)
    response = bot.press("U0SAM", action_id, value)
    bot.settle()
    assert response.status == 200
    assert ledger_rows(bot) == before


def test_a_replayed_request_is_refused_and_writes_nothing(bot: Bot) -> None:
    body = urlencode(
        {
            "command": "/followthrough",
            "text": "job Replayed Role",
            "team_id": "T0ACME",
            "user_id": "U0DANA",
            "channel_id": "D0DANA",
            "trigger_id": bot.slack.issue_trigger("U0DANA"),
            "response_url": bot.slack.issue_response_url("U0DANA", "D0DANA"),
        }
    ).encode()
    signed = bot.driver.with_signing(timestamp=int(time.time()))
    first = signed.post_raw(body, "application/x-www-form-urlencoded")
    again = signed.post_raw(body, "application/x-www-form-urlencoded")
    bot.settle()
    assert (first.status, again.status) == (200, 401)
    assert ledger_rows(bot)["job_orders"] == 1
