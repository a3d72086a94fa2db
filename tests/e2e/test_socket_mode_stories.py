"""The same stories over Socket Mode, as `serve` runs with SLACK_APP_TOKEN: commands, clicks,
forms and events arrive as envelopes on a websocket, and survive Slack's pings and reconnects."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.clock import FrozenClock
from bot.models import FollowUp, Resolution
from sandbox import SlackStandIn
from tests.e2e.harness import Bot


@pytest.fixture
def socket_bot(slack: SlackStandIn, bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    bot = Bot(slack, bot_database_url, clock, socket_mode=True)
    assert slack.socket_mode.wait_for_connections(1, timeout=30)
    yield bot
    bot.close()


def resolution(bot: Bot, ref: int) -> Resolution | None:
    with bot.session() as session:
        follow_up = session.get(FollowUp, ref)
        assert follow_up is not None
        return follow_up.resolution


def test_a_submission_is_answered_with_a_click_over_socket_mode(socket_bot: Bot) -> None:
    bot = socket_bot
    assert bot.driver.over_socket
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")
    assert "Submitted Jane Doe to @Dana Importer" in bot.said_to("U0ERIN")
    [card] = bot.slack.dms_to("U0DANA")
    assert card.buttons == ["Interested", "Need more info", "Pass", "Snooze 1 day"]

    bot.click("U0DANA", "Interested", where="dm")

    assert resolution(bot, 1) is Resolution.INTERESTED
    assert "@Dana Importer is interested in Jane Doe (F-1)." in bot.dms("U0ERIN")
    assert bot.slack.message(card.channel, card.ts).buttons == []


def test_a_form_and_an_event_over_socket_mode(socket_bot: Bot) -> None:
    bot = socket_bot
    bot.command("U0DANA", "call")  # no details: the form opens
    [form] = bot.slack.views_open_for("U0DANA")
    assert form.title == "Log a conversation"
    bot.submit(
        "U0DANA",
        {
            "partner": {"value": "U0ERIN"},
            "owed_by": {"value": "partner"},
            "window": {"value": "1d"},
        },
    )
    [card] = bot.slack.dms_to("U0ERIN")

    bot.driver.reply_in_thread("U0ERIN", card.channel, card.ts, "Called her back at noon")
    bot.settle()

    assert resolution(bot, 1) is Resolution.DONE
    assert "“Called her back at noon”" in bot.dms("U0DANA")[-1]


def test_pings_and_reconnects_lose_nothing(socket_bot: Bot, slack: SlackStandIn) -> None:
    bot = socket_bot
    assert slack.socket_mode.ping(b"")  # a ping without a payload keeps the connection
    assert slack.socket_mode.ping(b"are you there")
    bot.command("U0ERIN", "submit @dana Jane Doe")

    slack.socket_mode.disconnect("refresh_requested")  # Slack asks the app to move
    assert slack.socket_mode.wait_for_reconnect(timeout=30)
    bot.command("U0ERIN", "submit @dana John Roe")

    slack.socket_mode.drop()  # the connection is cut without a word
    assert slack.socket_mode.wait_for_reconnect(timeout=30)
    bot.command("U0ERIN", "submit @dana Ann Lee")

    cards = [m for m in bot.dms("U0DANA") if "submitted" in m]
    assert len(cards) == 3
    assert [c.split(" submitted ")[1].split(" to you")[0] for c in cards] == [
        "Jane Doe",
        "John Roe",
        "Ann Lee",
    ]
