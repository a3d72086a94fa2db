"""What reaches the door: malformed bodies, org-wide installs, crowds of newcomers, replays."""

from __future__ import annotations

import json
import logging
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.models import FollowUp, FollowUpState, JobOrder, Member
from handlers.intake import ORG_WIDE
from sandbox import SlackStandIn, crowd_seed
from tests.e2e.harness import Bot

APOLOGY = "Something went wrong on Followthrough's side"


def unsigned(url: str, body: bytes, content_type: str) -> int:
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": content_type}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"payload=not-json", "application/x-www-form-urlencoded", 400),
        (b"payload=%5B1%2C2%5D", "application/x-www-form-urlencoded", 400),  # a JSON list
        (b"payload=%7B%7D&payload=%7B%7D", "application/x-www-form-urlencoded", 400),
        (b"[1, 2, 3]", "application/json", 400),
        (b"{not json", "application/json", 400),
        (b"hello=there", "application/x-www-form-urlencoded", 400),
        (b"\xff\xfe\x00garbage", "application/octet-stream", 400),
    ],
)
def test_malformed_bodies_are_refused_before_parsing_without_a_traceback(
    bot: Bot, body: bytes, content_type: str, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    assert unsigned(bot.url, body, content_type) == 401  # unsigned: refused before anything
    assert bot.driver.post_raw(body, content_type).status == status  # signed, but not Slack's
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]


def test_an_org_wide_install_is_refused_with_a_clear_line(bot: Bot) -> None:
    body = urlencode(
        {
            "command": "/followthrough",
            "text": "list",
            "team_id": "",
            "enterprise_id": "E0ORG",
            "is_enterprise_install": "true",
            "user_id": "U0ERIN",
            "channel_id": "D0ERIN",
            "trigger_id": bot.slack.issue_trigger("U0ERIN"),
            "response_url": bot.slack.issue_response_url("U0ERIN", "D0ERIN"),
        }
    ).encode()
    answer = bot.driver.post_raw(body, "application/x-www-form-urlencoded")
    assert answer.status == 200
    assert ORG_WIDE in answer.body.decode()
    action = {
        "type": "block_actions",
        "user": {"id": "U0ERIN", "team_id": None},
        "team": None,
        "enterprise": {"id": "E0ORG"},
        "is_enterprise_install": True,
        "actions": [{"type": "button", "action_id": "answer_done", "value": "1"}],
    }
    body = urlencode({"payload": json.dumps(action)}).encode()
    assert bot.driver.post_raw(body, "application/x-www-form-urlencoded").status == 200


@pytest.fixture
def crowded_bot(bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    with SlackStandIn(crowd_seed(30)) as slack:
        bot = Bot(slack, bot_database_url, clock)
        yield bot
        bot.close()


def test_thirty_newcomers_at_once_all_get_their_answer(crowded_bot: Bot) -> None:
    bot = crowded_bot
    users = [f"U{1_000_000 + n}" for n in range(30)]
    with ThreadPoolExecutor(30) as pool:
        statuses = list(
            pool.map(lambda u: bot.driver.slash_command(u, "/followthrough", "list").status, users)
        )
    bot.settle(timeout=60)
    assert statuses == [200] * 30
    answers = [bot.said_to(user) for user in users]
    assert all("Nothing — you're all caught up." in answer for answer in answers)
    assert not any(APOLOGY in answer or "database" in answer for answer in answers)
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 30


@pytest.mark.parametrize("subtype", ["file_share", "thread_broadcast"])
def test_a_reply_with_a_file_or_sent_to_the_channel_counts(bot: Bot, subtype: str) -> None:
    bot.command("U0ERIN", "call @dana within 1d")
    card = bot.slack.dms_to("U0DANA")[0]
    bot.driver.send_event(
        {
            "type": "message",
            "subtype": subtype,
            "user": "U0DANA",
            "channel": card.channel,
            "thread_ts": card.ts,
            "ts": "1763999999.000100",
            "text": "Her CV, with my notes",
            "files": [{"id": "F0CV", "name": "jane-doe-cv.pdf"}] if subtype == "file_share" else [],
        }
    )
    bot.settle()
    with bot.session() as session:
        follow_up = session.get(FollowUp, 1)
        assert follow_up is not None
        assert follow_up.state is FollowUpState.DONE
        attached = " (📎 jane-doe-cv.pdf)" if subtype == "file_share" else ""
        assert follow_up.resolution_note == f"Her CV, with my notes{attached}"


@pytest.mark.parametrize("subtype", ["message_changed", "message_deleted"])
def test_edits_and_deletions_in_the_thread_change_nothing(bot: Bot, subtype: str) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe")
    card = bot.slack.dms_to("U0DANA")[0]
    bot.driver.send_event(
        {
            "type": "message",
            "subtype": subtype,
            "channel": card.channel,
            "thread_ts": card.ts,
            "ts": "1763999999.000200",
            "message": {"user": "U0DANA", "text": "edited", "thread_ts": card.ts},
            "user": "U0DANA",
        }
    )
    bot.settle()
    with bot.session() as session:
        assert session.get(FollowUp, 1).state is FollowUpState.OPEN  # type: ignore[union-attr]


def test_a_replay_is_refused_by_any_process_sharing_the_database(
    bot: Bot, slack: SlackStandIn, bot_database_url: str, clock: FrozenClock
) -> None:
    other = Bot(slack, bot_database_url, clock)  # a second `serve` behind the same balancer
    try:
        body = urlencode(
            {
                "command": "/followthrough",
                "text": "job Replayed Role",
                "team_id": "T0ACME",
                "user_id": "U0DANA",
                "channel_id": "D0DANA",
                "trigger_id": slack.issue_trigger("U0DANA"),
                "response_url": slack.issue_response_url("U0DANA", "D0DANA"),
            }
        ).encode()
        signed = bot.driver.with_signing(timestamp=int(time.time()))
        assert signed.post_raw(body, "application/x-www-form-urlencoded").status == 200
        again = signed.post_raw(body, "application/x-www-form-urlencoded", url=other.url)
        assert again.status == 401
        bot.settle()
        other.settle()
        with bot.session() as session:
            assert session.scalar(select(func.count()).select_from(JobOrder)) == 1
    finally:
        other.close()
