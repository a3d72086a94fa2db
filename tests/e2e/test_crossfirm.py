"""Follow-ups between firms across a Slack Connect channel: each party hears through their own
firm's install, in their own business time; a firm without the app is reminded in the thread."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.models import FollowUp, InboxItem, Member, Resolution
from sandbox import CONNECT_CHANNEL, Seed, SlackStandIn, connect_seed, payloads
from tests.e2e.harness import Bot

OTHER = "T0OTHER"
# Erin (Acme, New York) submits at Wed 18 Nov 15:00 UTC, which is midnight in Oliver's Tokyo:
# a 4h window opens at Thu 09:00 Tokyo and falls due at Thu 13:00 Tokyo (04:00 UTC).
DUE = datetime(2026, 11, 19, 4, 0, tzinfo=UTC)


@pytest.fixture
def slack_seed() -> Seed:
    """Acme Splits and Other Firm, sharing #acme-other (C0CONNECT)."""
    return connect_seed()


@pytest.fixture
def network(slack: SlackStandIn, bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    """Followthrough installed in both firms, each with its own token."""
    bot = Bot(slack, bot_database_url, clock, more_teams=[OTHER])
    yield bot
    bot.close()


def test_an_importer_at_another_firm_hears_through_their_own_install(network: Bot) -> None:
    bot = network
    bot.command("U0ERIN", "submit @oliver Jane Doe within 4h", channel=CONNECT_CHANNEL)

    assert "Submitted Jane Doe to @Oliver Outsider" in bot.said_to("U0ERIN")
    [card] = bot.slack.dms_to("U0OLIVER")
    assert (card.team, card.user) == (OTHER, "U0OBOT")  # Other Firm's own bot, in its Slack
    assert "@Erin Exporter submitted Jane Doe to you" in bot.seen(card.visible_text)
    with bot.session() as session:
        oliver = session.scalars(select(Member).where(Member.slack_user_id == "U0OLIVER")).one()
        assert (oliver.team_id, oliver.timezone) == (OTHER, "Asia/Tokyo")
        follow_up = session.scalars(select(FollowUp)).one()
        assert (follow_up.team_id, follow_up.channel) == ("T0ACME", CONNECT_CHANNEL)
        assert follow_up.due_at == DUE

    # Thu 18:00 in Tokyo: after Oliver's hours, so the reminder waits for his Friday morning.
    evening = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
    assert bot.sweep(evening) == [
        "held F-1 until 2026-11-20 00:00 UTC: outside Oliver Outsider's working time"
    ]
    lines = bot.sweep(datetime(2026, 11, 20, 0, 5, tzinfo=UTC))
    assert "nudge for Oliver Outsider (U0OLIVER): F-1, reminder 1" in lines
    reminder = bot.slack.dms_to("U0OLIVER")[-1]
    assert (reminder.team, reminder.user) == (OTHER, "U0OBOT")
    assert "waiting on you" in bot.seen(reminder.visible_text)

    # Oliver answers in his own Slack; Erin hears in hers.
    bot.click("U0OLIVER", "Interested", team=OTHER, where="dm")
    notice = bot.slack.dms_to("U0ERIN")[-1]
    assert (notice.team, notice.user) == ("T0ACME", "U0BOT")
    assert "@Oliver Outsider" in bot.seen(notice.visible_text)
    assert "interested" in bot.seen(notice.visible_text).lower()
    with bot.session() as session:
        assert session.scalars(select(FollowUp)).one().resolution is Resolution.INTERESTED


def test_both_parties_see_it_in_their_own_list_and_home(network: Bot) -> None:
    bot = network
    bot.command("U0ERIN", "submit @oliver Jane Doe within 2d", channel=CONNECT_CHANNEL)

    bot.command("U0OLIVER", "list", team=OTHER, channel="C0OTHER")
    assert "F-1" in bot.said_to("U0OLIVER")
    assert "You owe @Erin Exporter: answer about Jane Doe" in bot.said_to("U0OLIVER")
    bot.command("U0ERIN", "list")
    assert "@Oliver Outsider owes you: answer about Jane Doe" in bot.said_to("U0ERIN")

    bot.driver_for(OTHER).open_home("U0OLIVER")
    bot.settle()
    home = bot.slack.home_of("U0OLIVER")
    assert home is not None
    assert "F-1 · You owe @Erin Exporter: answer about Jane Doe" in bot.seen(home.visible_text)
    bot.command("U0OLIVER", "stats", team=OTHER, channel="C0OTHER")
    assert "Oliver Outsider" in bot.said_to("U0OLIVER")


def test_a_firm_that_never_installed_is_reminded_in_the_shared_thread(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @oliver Jane Doe within 4h", channel=CONNECT_CHANNEL)
    bot.command("U0ERIN", "submit @oliver Wei Sun within 4h", channel=CONNECT_CHANNEL)

    with bot.session() as session:
        oliver = session.scalars(select(Member).where(Member.slack_user_id == "U0OLIVER")).one()
        assert oliver.team_id == OTHER  # his home firm, though only Acme's install met him
    cards = [m for m in bot.slack.messages_in(CONNECT_CHANNEL) if m.thread_ts is None]
    assert [c.text.split()[0] for c in cards] == ["<@U0OLIVER>", "<@U0OLIVER>"]
    assert "@Erin Exporter submitted Jane Doe to you" in bot.seen(cards[0].visible_text)
    told = [t for t in bot.dms("U0ERIN") if "hasn't installed Followthrough" in t]
    assert told == [
        "@Oliver Outsider's firm hasn't installed Followthrough, so I can't DM "
        "them (F-1). I'll remind them in the thread in <#C0CONNECT> instead, within the same "
        "limits. Once they install it, reminders come to them as DMs. Ask their Slack admin "
        "to install Followthrough in their workspace."
    ]  # told once, not once per submission

    lines = bot.sweep(datetime(2026, 11, 20, 0, 5, tzinfo=UTC))
    assert sum("in the thread in C0CONNECT" in line for line in lines) == 2
    for card in cards:
        [_parent, reminder] = bot.slack.thread(CONNECT_CHANNEL, card.ts)
        assert reminder.text.startswith("<@U0OLIVER>")
        assert "waiting on you" in bot.seen(reminder.visible_text)

    # He answers right on the card in the shared channel (a click through Acme's install).
    bot.click("U0OLIVER", "Interested", team="T0ACME", where=CONNECT_CHANNEL, ts=cards[0].ts)
    assert "@Oliver Outsider is interested in Jane Doe (F-1)." in bot.dms("U0ERIN")[-1]
    [answered] = [m for m in bot.slack.messages_in(CONNECT_CHANNEL) if m.ts == cards[0].ts]
    assert answered.text.startswith("<@U0OLIVER>")  # updated in place, still naming him
    assert "You answered Interested" in bot.seen(answered.visible_text)
    # Or in the card's thread, in his own words: relayed to Erin, then he picks an answer.
    bot.driver.reply_in_thread("U0OLIVER", CONNECT_CHANNEL, cards[1].ts, "Not a fit, sorry")
    bot.settle()
    assert "“Not a fit, sorry”" in bot.dms("U0ERIN")[-1]


def test_a_forged_external_id_typed_in_text_is_not_trusted(network: Bot) -> None:
    bot = network
    # Typed into Slack, an id is escaped and stays words: the form opens to pick someone.
    bot.command("U0OLIVER", "submit <@U0SAM> Jane Doe within 2d", team=OTHER, channel="C0OTHER")
    [form] = bot.slack.views_open_for("U0OLIVER")
    assert (form.team_id, form.visible_text.splitlines()[0]) == (OTHER, "Importer")
    # Unescaped (a command with escaping off): Acme's Sam is not someone Other Firm sees, and
    # Slack says so through Other Firm's install; nothing is recorded.
    unescaped(bot, "U0OLIVER", "submit <@U0SAM|sam> Jane Doe within 2d")
    assert "I can't find that person in this workspace" in bot.said_to("U0OLIVER")
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(FollowUp)) == 0
        known = session.scalars(select(Member.slack_user_id)).all()
        assert "U0SAM" not in known


def unescaped(bot: Bot, user: str, text: str) -> None:
    """A slash command from Other Firm whose text Slack did not escape."""
    driver = bot.driver_for(OTHER)
    with driver.state.lock:
        form = payloads.slash_command(
            driver.workspace,
            bot.slack.seed,
            user,
            "/followthrough",
            "",
            "C0OTHER",
            trigger_id=driver.state.issue_trigger(OTHER, user),
            response_url=driver.state.issue_response_url(OTHER, user, "C0OTHER"),
        )
    form["text"] = text
    driver.post_raw(urlencode(form).encode(), "application/x-www-form-urlencoded")
    bot.settle()


def test_a_shared_channel_event_seen_by_both_installs_is_worked_once(network: Bot) -> None:
    bot = network
    posted = bot.driver.post_message("U0ERIN", CONNECT_CHANNEL, "@followthrough list")
    bot.settle()
    asked = [r for r in posted.responses if r.event_id in bot.driver._sent_events]
    bodies = [json.loads(bot.driver._sent_events[str(r.event_id)]) for r in asked]
    [mention] = [b for b in bodies if b["event"]["type"] == "app_mention"]
    assert mention["is_ext_shared_channel"] is True
    # The same event, as Other Firm's install would be handed it.
    mention["team_id"] = OTHER
    mention["authorizations"] = [{**mention["authorizations"][0], "team_id": OTHER}]
    again = bot.driver_for(OTHER).post_raw(json.dumps(mention).encode(), "application/json")
    bot.settle()
    assert again.status == 200
    with bot.session() as session:
        recorded = select(func.count()).select_from(InboxItem)
        assert session.scalar(recorded.where(InboxItem.event_id == mention["event_id"])) == 1
    answers = [e for e in bot.slack.ephemerals_to("U0ERIN") if "You owe" in e.visible_text]
    assert len(answers) == 1


def test_the_creditor_gets_the_install_link_to_pass_on(
    slack: SlackStandIn, bot_database_url: str, clock: FrozenClock
) -> None:
    # A network installed through OAuth: Acme adds Followthrough; Other Firm never does.
    bot = Bot(slack, bot_database_url, clock, oauth=True)
    try:
        bot.install("T0ACME")
        bot.command("U0ERIN", "submit @oliver Jane Doe within 4h", channel=CONNECT_CHANNEL)
        [told] = [t for t in bot.dms("U0ERIN") if "hasn't installed Followthrough" in t]
        assert told.endswith(
            "Once they install it, reminders come to them as DMs. Pass this link to their "
            f"Slack admin to add Followthrough: <{bot.web_url}/slack/install>"
        )
        [card] = [m for m in bot.slack.messages_in(CONNECT_CHANNEL) if m.thread_ts is None]
        assert card.text.startswith("<@U0OLIVER>")

        # Other Firm installs: what Oliver owes from now on reaches him by DM.
        bot.install(OTHER, "U0OLIVER")
        bot.command("U0ERIN", "submit @oliver Wei Sun within 4h", channel=CONNECT_CHANNEL)
        [dm] = bot.slack.dms_to("U0OLIVER")
        assert (dm.team, "Wei Sun" in bot.seen(dm.visible_text)) == (OTHER, True)
    finally:
        bot.close()
