"""Acknowledged work and every message, once: crashes, refusals, busy DMs, reinstalls."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from sqlalchemy import func, insert, select

from bot.clock import FrozenClock
from bot.models import (
    Delivery,
    FollowUp,
    InboxItem,
    InboxState,
    MessageKind,
    MessageState,
    OutboxMessage,
    Workspace,
)
from sandbox import RateLimitConfig, SlackStandIn
from tests.e2e.harness import Bot

DUE = datetime(2026, 11, 19, 10, 30, tzinfo=UTC)  # Dana's 4h answer from Wed 15:00 London


@pytest.fixture
def slack_rate_limits() -> RateLimitConfig:
    """Slack's limits are on here: per-channel posting, and the 50-block limit on messages."""
    return RateLimitConfig()


def reminders_to(bot: Bot, user: str) -> list[str]:
    return [text for text in bot.dms(user) if "waiting on you" in text]


@pytest.fixture
def unthrottled_bot(bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    """The bot against a stand-in without rate limits (the test itself posts a lot)."""
    with SlackStandIn(rate_limits=RateLimitConfig.unlimited()) as slack:
        bot = Bot(slack, bot_database_url, clock)
        yield bot
        bot.close()


def test_a_crashed_post_is_found_again_however_busy_the_dm_is(
    unthrottled_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = unthrottled_bot
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")
    crashed = threading.Event()

    def crash(*_args: object, **_kwargs: object) -> None:
        crashed.set()
        raise RuntimeError("killed after posting, before recording it")

    monkeypatch.setattr(bot.runtime.courier.dispatch, "sent", crash)
    bot.sweep(DUE + timedelta(minutes=1))
    assert crashed.wait(5)
    monkeypatch.undo()
    chatter = bot.slack.client()
    for n in range(120):  # the bot says a lot in Dana's DM before anyone looks again
        chatter.chat_postMessage(channel="U0DANA", text=f"something else {n}")

    bot.travel(DUE + timedelta(minutes=10))  # the crashed attempt's lease has run out
    bot.settle()

    assert len(reminders_to(bot, "U0DANA")) == 1
    assert "reminder to U0DANA: found already in Slack" in bot.runtime.courier.lines


def test_a_message_slack_refuses_is_recorded_failed_and_never_retried(bot: Bot) -> None:
    bot.command("U0ERIN", "list")
    too_big = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"line {n}"}} for n in range(51)
    ]
    with bot.runtime.engine.begin() as connection:
        connection.execute(
            insert(OutboxMessage),
            {
                "team_id": "T0ACME",
                "key": "too-big",
                "kind": MessageKind.NOTICE,
                "delivery": Delivery.POST,
                "channel": "U0ERIN",
                "text": "too big",
                "blocks": too_big,
                "state": MessageState.PENDING,
                "attempts": 0,
                "not_before": bot.clock.now(),
                "created_at": bot.clock.now(),
            },
        )
    bot.runtime.deliver_now()
    bot.settle()
    for hours in (1, 24, 72):
        bot.sweep(bot.clock.now() + timedelta(hours=hours))
    with bot.session() as session:
        message = session.scalars(select(OutboxMessage).filter_by(key="too-big")).one()
    assert (message.state, message.error) == (MessageState.FAILED, "invalid_blocks")
    tries = [c for c in bot.slack.calls("chat.postMessage") if c.args.get("text") == "too big"]
    assert len(tries) == 1


def test_a_long_reminder_stays_inside_slacks_50_blocks_and_says_how_many_more(
    bot: Bot,
) -> None:
    for n in range(14):
        bot.command("U0ERIN", f"submit @dana Candidate-{n} within 4h Strong Java background")
    bot.sweep(DUE + timedelta(minutes=1))
    [reminder] = [m for m in bot.slack.dms_to("U0DANA") if "waiting on you" in m.text]
    assert len(reminder.blocks) <= 50
    assert "more: /followthrough list shows them all." in bot.seen(reminder.visible_text)


def test_after_an_uninstall_event_nothing_is_sent_until_a_request_comes_again(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")
    bot.driver.send_event({"type": "app_uninstalled"})
    bot.settle()
    with bot.session() as session:
        assert session.get(Workspace, "T0ACME").active is False  # type: ignore[union-attr]
    assert [line for line in bot.sweep(DUE + timedelta(minutes=1)) if "nudge" in line] == []
    assert reminders_to(bot, "U0DANA") == []

    bot.command("U0SAM", "list")  # a verified request from the workspace: it is installed again
    assert "Nothing — you're all caught up." in bot.said_to("U0SAM")
    done = bot.sweep(DUE + timedelta(minutes=2))
    assert done == ["nudge for Dana Importer (U0DANA): F-1, reminder 1"]
    assert len(reminders_to(bot, "U0DANA")) == 1


def test_a_reinstall_with_a_new_token_resumes_at_start(
    slack: SlackStandIn, bot_database_url: str, clock: FrozenClock
) -> None:
    first = Bot(slack, bot_database_url, clock)
    first.command("U0ERIN", "submit @dana Jane Doe within 4h")
    first.driver.uninstall_app()  # tokens revoked, then app_uninstalled
    first.settle()
    first.close()
    code = slack.authorize("T0ACME", "U0ALEX")  # the admin installs it again: a new token
    seed = slack.seed
    WebClient(base_url=slack.api_url).oauth_v2_access(
        client_id=seed.client_id, client_secret=seed.client_secret, code=code
    )
    second = Bot(slack, bot_database_url, clock)  # started with the new token
    try:
        with second.session() as session:
            assert session.get(Workspace, "T0ACME").active is True  # type: ignore[union-attr]
        assert second.sweep(DUE + timedelta(minutes=1)) == [
            "nudge for Dana Importer (U0DANA): F-1, reminder 1"
        ]
        assert len(reminders_to(second, "U0DANA")) == 1
    finally:
        second.close()


def test_a_request_is_recorded_before_its_ack_and_worked_once(bot: Bot) -> None:
    response = bot.command("U0ERIN", "submit @dana Jane Doe")
    assert response.status == 200
    with bot.session() as session:
        [request] = session.scalars(select(InboxItem)).all()
        assert (request.state, request.attempts) == (InboxState.DONE, 1)
        assert session.scalar(select(func.count()).select_from(FollowUp)) == 1
