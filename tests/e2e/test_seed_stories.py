"""The stories the product exists for, click by click."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.models import FollowUp, FollowUpKind, Resolution, Submission
from tests.e2e.harness import Bot


def test_the_exporter_qualifies_by_phone_then_keeps_the_promise_by_submitting(bot: Bot) -> None:
    bot.command("U0DANA", "job Senior Java Developer client Acme")
    bot.command("U0ERIN", "call")
    bot.submit(
        "U0ERIN",
        {
            "partner": {"value": "U0DANA"},
            "job": {"value": "JO-1"},
            "owed_by": {"value": "candidates"},
            "window": {"value": "by fri 5pm"},
            "note": {"value": "qualified the Java role; I'll send 2 candidates by Fri"},
        },
    )
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")

    reply = bot.said_to("U0ERIN")
    assert "That keeps your promise F-1 (send candidates for JO-1 Senior Java Developer)." in reply
    assert "qualify the job first" not in reply
    with bot.session() as session:
        promise = session.get(FollowUp, 1)
        assert promise is not None
        assert (promise.resolution, promise.resolution_note) == (
            Resolution.DONE,
            "submitted Jane Doe",
        )


def test_more_info_then_the_answer_then_a_pass_with_a_reason(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe")
    [card] = bot.slack.dms_to("U0DANA")

    bot.click("U0DANA", "Need more info", where="dm")
    [asked] = bot.slack.views_open_for("U0DANA")
    assert asked.title == "Need more info"
    assert "What do you need to know about Jane Doe?" in bot.seen(asked.blocks[0]["text"]["text"])
    assert bot.slack.message(card.channel, card.ts).buttons != []  # nothing changed yet
    bot.submit("U0DANA", {"question": {"value": "What is her notice period?"}})

    updated = bot.slack.message(card.channel, card.ts)
    assert updated.buttons == []
    assert "You answered Need more info: What is her notice period?" in bot.seen(
        updated.visible_text
    )
    assert len(bot.slack.dms_to("U0DANA")) == 1  # updated in place, no second card
    [info_card] = bot.dms("U0ERIN")  # the card says it all: no separate notice
    assert "@Dana Importer needs more information about Jane Doe" in info_card
    assert "@Dana Importer asks: “What is her notice period?”" in info_card
    assert bot.slack.dms_to("U0ERIN")[0].buttons == ["I sent the information", "Snooze 1 day"]

    bot.driver.reply_in_thread(
        "U0ERIN", *_where(bot.slack.dms_to("U0ERIN")[0]), "Four weeks; she is asking 120k."
    )
    bot.settle()
    [_, again] = bot.dms("U0DANA")
    assert "@Erin Exporter sent the information you asked for about Jane Doe" in again
    assert "You asked: “What is her notice period?”" in again
    assert "@Erin Exporter: “Four weeks; she is asking 120k.”" in again
    assert "✅ You sent the information: Four weeks; she is asking 120k." in bot.dms("U0ERIN")[0]

    bot.click("U0DANA", "Pass", where="dm")
    [form] = bot.slack.views_open_for("U0DANA")
    assert form.title == "Pass on a candidate"
    bot.submit("U0DANA", {"reason": {"value": "salary expectations too high"}})

    assert bot.dms("U0ERIN")[-1] == (
        "@Dana Importer passed on Jane Doe (F-3): “salary expectations too high”"
    )
    with bot.session() as session:
        submission = session.scalars(select(Submission)).one()
        assert (submission.outcome, submission.outcome_reason) == (
            Resolution.PASSED,
            "salary expectations too high",
        )
        kinds = [f.kind for f in session.scalars(select(FollowUp).order_by(FollowUp.id))]
        assert kinds == [FollowUpKind.RESPOND, FollowUpKind.GET_INFO, FollowUpKind.RESPOND]


def test_interested_and_snooze_from_the_card(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe")
    bot.command("U0ERIN", "submit @dana John Roe")

    bot.click("U0DANA", "Snooze 1 day", where="dm")  # the newest card: John Roe
    # A day more than the two it had (Fri 15:00 London): Monday.
    assert bot.said_to("U0DANA") == (
        "Snoozed F-2: now due Mon 23 Nov, 3:00 PM GMT (10:00 AM EST for @Erin Exporter)."
    )
    bot.click("U0DANA", "Interested", where="dm")
    assert "@Dana Importer is interested in John Roe (F-2)." in bot.dms("U0ERIN")
    with bot.session() as session:
        assert session.get(FollowUp, 2).resolution is Resolution.INTERESTED  # type: ignore[union-attr]
        assert session.get(FollowUp, 1).is_open  # type: ignore[union-attr]


def test_only_the_debtor_may_answer(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe")
    card = bot.slack.dms_to("U0DANA")[0]

    bot.click_as("U0SAM", card, "Interested")

    assert bot.said_to("U0SAM") == (
        "Only Dana Importer or Erin Exporter (or a workspace admin) can change F-1."
    )
    bot.click_as("U0ERIN", card, "Pass")
    assert bot.said_to("U0ERIN") == "Only Dana Importer can answer F-1."
    assert bot.slack.views_open_for("U0ERIN") == []
    with bot.session() as session:
        assert session.get(FollowUp, 1).is_open  # type: ignore[union-attr]


def test_the_home_tab_shows_what_i_owe_and_what_is_owed_to_me(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe")
    bot.command("U0DANA", "call @erin within 1d")

    bot.driver.open_home("U0DANA")
    bot.settle()
    home = bot.slack.home_of("U0DANA")
    assert home is not None
    shown = bot.seen(home.visible_text)
    assert "You owe (1)" in shown
    assert "F-1 · You owe @Erin Exporter: answer about Jane Doe" in shown
    assert "Owed to you (1)" in shown
    assert "F-2 · @Erin Exporter owes you: call back" in shown

    bot.click("U0DANA", "Interested", where="home")
    home = bot.slack.home_of("U0DANA")
    assert home is not None
    assert "You owe (0)" in bot.seen(home.visible_text)


def _where(message: Any) -> tuple[str, str]:
    return message.channel, message.ts
