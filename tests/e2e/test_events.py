"""Events: thread replies and ✅ resolve, mentions answer in thread, Home, profiles, uninstalls."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.models import (
    FollowUp,
    FollowUpState,
    InboxItem,
    Member,
    RequestKind,
    Resolution,
    Workspace,
)
from tests.e2e.harness import Bot


def test_a_reply_by_the_debtor_in_the_cards_thread_answers_it_in_their_words(bot: Bot) -> None:
    bot.command("U0DANA", "call @erin within 1d")
    card = bot.slack.dms_to("U0ERIN")[0]

    bot.driver.reply_in_thread(
        "U0ERIN", card.channel, card.ts, "Called <@U0SAM> too &lt;3 see <https://x.test/a|here>"
    )
    bot.settle()

    words = "Called @Sam Sourcer too <3 see https://x.test/a"
    with bot.session() as session:
        follow_up = session.get(FollowUp, 1)
        assert follow_up is not None
        assert (follow_up.resolution, follow_up.resolution_note) == (Resolution.DONE, words)
    assert f"@Erin Exporter marked F-1 done (call back): “{words}”" in bot.dms("U0DANA")
    assert bot.slack.message(card.channel, card.ts).buttons == []


def test_a_reply_about_a_submission_is_relayed_and_asks_for_a_decision(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe")
    card = bot.slack.dms_to("U0DANA")[0]

    bot.driver.reply_in_thread("U0DANA", card.channel, card.ts, "Will look at her CV on Thursday")
    bot.settle()

    assert bot.dms("U0ERIN")[-1] == (
        "@Dana Importer replied about Jane Doe (F-1): “Will look at her CV on Thursday”\n"
        "They haven't picked Interested, Need more info or Pass yet; I've asked them to."
    )
    with bot.session() as session:
        assert session.get(FollowUp, 1).is_open  # type: ignore[union-attr]
    asked = bot.slack.ephemerals_to("U0DANA")[-1]
    assert asked.buttons == ["Interested", "Need more info", "Pass", "Snooze 1 day"]
    assert "Is Jane Doe Interested, Need more info or Pass? (F-1)" in bot.seen(asked.visible_text)

    bot.click("U0DANA", "Interested", where="ephemeral")
    with bot.session() as session:
        assert session.get(FollowUp, 1).resolution is Resolution.INTERESTED  # type: ignore[union-attr]
    assert bot.slack.message(card.channel, card.ts).buttons == []
    assert "@Dana Importer is interested in Jane Doe (F-1)." in bot.dms("U0ERIN")


def test_a_check_mark_by_the_debtor_resolves_but_not_by_anyone_else(bot: Bot) -> None:
    bot.driver.post_message("U0ERIN", "C0SPLITS", "Dana, can you send me the pay band for JO-7?")
    bot.settle()
    asked = bot.slack.messages_in("C0SPLITS")[-1]
    bot.driver.message_shortcut("U0ERIN", "track_follow_through", "C0SPLITS", asked.ts)
    bot.settle()
    [form] = bot.slack.views_open_for("U0ERIN")
    assert form.title == "Track follow-through"
    bot.submit("U0ERIN", {"partner": {"value": "U0DANA"}, "window": {"value": "1d"}})
    assert "Logged your talk with @Dana Importer. F-1 · they owe you: get back" in bot.said_to(
        "U0ERIN"
    )

    bot.driver.react("U0SAM", "C0SPLITS", asked.ts, "white_check_mark")
    bot.settle()
    with bot.session() as session:
        assert session.get(FollowUp, 1).is_open  # type: ignore[union-attr]

    bot.driver.react("U0DANA", "C0SPLITS", asked.ts, "white_check_mark")
    bot.settle()
    with bot.session() as session:
        assert session.get(FollowUp, 1).state is FollowUpState.DONE  # type: ignore[union-attr]


def test_a_mention_in_a_channel_works_like_the_command_and_answers_only_its_author(
    bot: Bot,
) -> None:
    posted = bot.driver.post_message("U0ERIN", "C0SPLITS", "@followthrough submit @dana Jane Doe")
    bot.settle()

    assert bot.slack.thread("C0SPLITS", posted.message.ts)[1:] == []  # nothing said in public
    [answer] = bot.slack.ephemerals_to("U0ERIN")
    assert answer.channel == "C0SPLITS"
    assert "Submitted Jane Doe to @Dana Importer" in bot.seen(answer.text)
    assert "qualify the job first" in bot.seen(answer.text)  # the tip, to Erin alone
    bot.driver.post_message("U0ERIN", "C0SPLITS", "@followthrough list")
    bot.settle()
    assert bot.said_to("U0ERIN").startswith("You owe (0)")
    assert bot.slack.messages_in("C0SPLITS")[-1].text == "<@U0BOT> list"  # only the ask
    bot.driver.post_message("U0ERIN", "C0SPLITS", "@followthrough frobnicate")
    bot.settle()
    assert bot.said_to("U0ERIN").startswith("I don't know “frobnicate”.")


def test_retried_events_are_handled_once(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana within 1d")
    card = bot.slack.dms_to("U0DANA")[0]
    reaction = bot.driver.react("U0DANA", card.channel, card.ts, "heavy_check_mark")
    assert reaction is not None
    for retry in (1, 2, 3):
        assert bot.driver.replay_event(reaction.event_id or "", retry_num=retry).status == 200
    bot.settle()
    with bot.session() as session:
        events = select(func.count()).select_from(InboxItem).filter_by(kind=RequestKind.EVENT)
        assert session.scalar(events) == 1
    notices = [dm for dm in bot.dms("U0ERIN") if "marked F-1 done" in dm]
    assert len(notices) == 1


def test_user_change_refreshes_name_and_timezone(bot: Bot) -> None:
    bot.command("U0ERIN", "list")
    bot.driver.change_user("U0ERIN", real_name="Erin Exporter-Lee", tz="Europe/Paris")
    bot.settle()
    with bot.session() as session:
        erin = session.scalars(select(Member).filter_by(slack_user_id="U0ERIN")).one()
        assert (erin.name, erin.timezone) == ("Erin Exporter-Lee", "Europe/Paris")


def test_uninstalling_stops_delivery(bot: Bot) -> None:
    bot.command("U0ERIN", "list")
    bot.driver.uninstall_app()
    bot.settle()
    with bot.session() as session:
        assert session.scalars(select(Workspace.active)).one() is False


def test_a_message_to_the_bot_in_its_dm_takes_the_same_verbs(bot: Bot) -> None:
    bot.driver.post_message("U0ERIN", "U0ERIN", "submit @dana Jane Doe within 2d")
    bot.settle()
    [answer] = bot.dms("U0ERIN")
    assert answer.startswith("Submitted Jane Doe to @Dana Importer. F-1: they owe you an answer")

    bot.driver.post_message("U0ERIN", "U0ERIN", "list")
    bot.settle()
    assert bot.dms("U0ERIN")[-1].startswith("You owe (0)")

    bot.driver.post_message("U0ERIN", "U0ERIN", "thanks!")
    bot.settle()
    assert bot.dms("U0ERIN")[-1].startswith("I don't know “thanks!”.")
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(FollowUp)) == 1
