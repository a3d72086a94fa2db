"""Who owes the next move after a call, as recruiters write it, and asking when it's unclear."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.models import Conversation, FollowUp, FollowUpKind, FollowUpState, Question
from tests.e2e.harness import Bot


def _open(bot: Bot) -> list[tuple[str, str, FollowUpKind]]:
    with bot.session() as session:
        rows = session.scalars(
            select(FollowUp).where(FollowUp.state == FollowUpState.OPEN).order_by(FollowUp.id)
        ).all()
        return [(f.debtor.slack_user_id, f.creditor.slack_user_id, f.kind) for f in rows]


def test_my_own_promise_makes_me_owe_it_not_my_partner(bot: Bot) -> None:
    bot.command("U0DANA", "job SAP Architect")
    bot.command("U0ERIN", "call @dana about JO-1 I'll send 2 SAP/Java profiles by thu")

    assert _open(bot) == [("U0ERIN", "U0DANA", FollowUpKind.SEND_CANDIDATES)]
    assert bot.said_to("U0ERIN").startswith(
        "Logged your call with @Dana Importer. F-1 · you owe them: send candidates for JO-1 "
        "SAP Architect, due Thu 19 Nov, 5:30 PM EST (10:30 PM GMT for @Dana Importer)."
    )
    [notice] = bot.dms("U0DANA")
    assert "F-1 · they owe you: send candidates for JO-1 SAP Architect" in notice
    # Submitting keeps the promise.
    bot.command("U0ERIN", "submit @dana Jane Doe for JO-1")
    assert "That keeps your promise F-1" in bot.said_to("U0ERIN")


def test_they_will_call_back_makes_the_partner_owe(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana they'll call back with the pay band by tomorrow")
    assert _open(bot) == [("U0DANA", "U0ERIN", FollowUpKind.CALL_BACK)]
    assert "F-1 · they owe you: call back" in bot.said_to("U0ERIN")


def test_i_owe_them_a_reply(bot: Bot) -> None:
    bot.command("U0ERIN", "email @dana I need to confirm the candidate's notice period within 1d")
    assert _open(bot) == [("U0ERIN", "U0DANA", FollowUpKind.EMAIL_BACK)]


def test_fyi_owes_nothing(bot: Bot) -> None:
    bot.command("U0ERIN", "talk @dana just fyi, the client moved the start date")
    assert _open(bot) == []
    assert bot.said_to("U0ERIN") == "Logged your talk with @Dana Importer. Nothing is owed."


def test_a_note_that_points_both_ways_asks_and_records_nothing_yet(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana they'll send the JD, I'll send CVs after")

    asked = bot.said_to("U0ERIN")
    assert asked.startswith("Who owes the next move after your call with @Dana Importer?")
    assert "Your note: “they'll send the JD, I'll send CVs after”" in asked
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
    assert bot.dms("U0DANA") == []

    bot.click("U0ERIN", "I owe Dana Importer candidates")

    assert _open(bot) == [("U0ERIN", "U0DANA", FollowUpKind.SEND_CANDIDATES)]
    # The answer replaces the question, so its buttons are gone.
    answer = bot.said_to("U0ERIN")
    assert answer.startswith("Logged your call with @Dana Importer. F-1 · you owe them")
    assert not [e for m in bot.slack.ephemerals_to("U0ERIN") for e in m.buttons if "owes me" in e]


def test_a_subjectless_promise_asks(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana will send 2 profiles by fri")
    assert bot.said_to("U0ERIN").startswith("Who owes the next move")
    bot.click("U0ERIN", "Dana Importer owes me a call back")
    assert _open(bot) == [("U0DANA", "U0ERIN", FollowUpKind.CALL_BACK)]
    with bot.session() as session:
        [follow_up] = session.scalars(select(FollowUp)).all()
        assert follow_up.window == "by fri"


def test_a_question_is_answered_once_even_when_clicked_twice(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana will send 2 profiles")
    question = bot.slack.ephemerals_to("U0ERIN")[-1]
    first = bot.click_body("U0ERIN", question, "Nobody owes anything")
    second = bot.click_body("U0ERIN", question, "I owe Dana Importer a reply")
    bot.driver.post_raw(first, "application/x-www-form-urlencoded")
    bot.driver.post_raw(second, "application/x-www-form-urlencoded")
    bot.settle()

    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 1
        [asked] = session.scalars(select(Question)).all()
    # Whichever click was worked first is the answer; the other changed nothing.
    expected = {"nobody": [], "caller": [("U0ERIN", "U0DANA", FollowUpKind.CALL_BACK)]}
    assert _open(bot) == expected[str(asked.answer)]
    assert bot.said_to("U0ERIN") == "You already answered that question."


def test_only_the_person_asked_can_answer(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana will send 2 profiles")
    question = bot.slack.ephemerals_to("U0ERIN")[-1]
    bot.click_as("U0SAM", question, "Nobody owes anything")
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 0
    assert "only they can answer it" in bot.said_to("U0SAM")


def test_heard_with_one_item_closes_it(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana within 1d")
    bot.command("U0ERIN", "heard @dana")
    assert bot.said_to("U0ERIN") == ("Marked as heard back from @Dana Importer: F-1 (call back).")
    assert _open(bot) == []


def test_heard_with_several_items_asks_which(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana within 1d")
    bot.command("U0ERIN", "submit @dana Jane Doe")
    bot.command("U0ERIN", "email @dana within 2d")
    notices_before = len(bot.dms("U0DANA"))

    bot.command("U0ERIN", "heard @dana")

    asked = bot.said_to("U0ERIN")
    assert asked.startswith("@Dana Importer owes you 3 things. Which did they get back to you")
    assert len(_open(bot)) == 3
    bot.click("U0ERIN", "F-2")

    assert [kind for _d, _c, kind in _open(bot)] == [
        FollowUpKind.CALL_BACK,
        FollowUpKind.EMAIL_BACK,
    ]
    assert bot.said_to("U0ERIN") == (
        "Marked as heard back from @Dana Importer: F-2 (answer about Jane Doe)."
    )
    assert len(bot.dms("U0DANA")) == notices_before + 1


def test_heard_all_closes_everything_asked_about_with_one_notice(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana within 1d")
    bot.command("U0ERIN", "email @dana within 2d")
    before = len(bot.dms("U0DANA"))
    bot.command("U0ERIN", "heard @dana")
    bot.click("U0ERIN", "All 2")

    assert _open(bot) == []
    dms = bot.dms("U0DANA")
    assert len(dms) == before + 1
    assert dms[-1] == (
        "@Erin Exporter marked F-1: call back; F-2: email back as heard back from you. Thanks!"
    )
