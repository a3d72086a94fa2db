"""Every slash-command verb, as the person typing it and their partner see it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from bot.models import (
    Conversation,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Member,
    Resolution,
    Workspace,
)
from tests.e2e.harness import Bot


def test_call_tells_the_partner_what_they_owe(bot: Bot) -> None:
    bot.command("U0DANA", "job ICU Nurse")
    bot.command("U0ERIN", "call @dana about JO-1 within 1d qualified the role, need the pay band")

    assert bot.said_to("U0ERIN") == (
        "Logged your call with @Dana Importer. F-1 · they owe you: call back about JO-1 ICU Nurse, "
        "due Thu 19 Nov, 10:00 AM EST (3:00 PM GMT for @Dana Importer)."
    )
    [card] = bot.dms("U0DANA")
    assert "@Erin Exporter is waiting to hear back from you about JO-1 ICU Nurse" in card
    assert "You owe @Erin Exporter: call back about JO-1 ICU Nurse by Thu 19 Nov, 3:00 PM" in card
    assert "Note: qualified the role, need the pay band" in card
    assert bot.slack.dms_to("U0DANA")[0].buttons == [
        "I called back",
        "I emailed back",
        "Done",
        "Snooze 1 day",
    ]


def test_email_and_talk_log_conversations(bot: Bot) -> None:
    bot.command("U0ERIN", "email @sam sent the shortlist")
    assert "Logged your email with @Sam Sourcer. F-1 · they owe you: email back" in bot.said_to(
        "U0ERIN"
    )
    bot.command("U0SAM", "talk @erin")
    assert "Logged your talk with @Erin Exporter. F-2 · they owe you: get back" in bot.said_to(
        "U0SAM"
    )
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Conversation)) == 2


def test_list_shows_both_sides_with_refs_in_the_readers_time(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")
    bot.command("U0DANA", "call @erin within 2d")

    bot.command("U0ERIN", "list")
    shown = bot.said_to("U0ERIN")
    assert (
        "You owe (1)\nF-2 · You owe @Dana Importer: call back · due Fri 20 Nov, 10:00 AM" in shown
    )
    assert (
        "Owed to you (1)\n"
        "F-1 · @Dana Importer owes you: answer about Jane Doe · due Thu 19 Nov, 5:30 AM" in shown
    )


def test_done_heard_snooze_and_cancel(bot: Bot) -> None:
    for candidate in ("Ann", "Bob", "Cy", "Di"):
        bot.command("U0ERIN", f"submit @dana {candidate}")

    # A submission is answered with a decision, not "done".
    bot.command("U0DANA", "done F-1 left her a message")
    assert bot.said_to("U0DANA") == (
        "F-1 is a submission: answer it Interested, Need more info or Pass (the buttons on its "
        "card or in list), so Erin Exporter knows where it stands."
    )
    bot.command("U0ERIN", "done F-1 Ann took another offer")
    assert bot.said_to("U0ERIN") == "F-1 is done: answer about Ann."
    assert "@Erin Exporter marked F-1 done (answer about Ann): “Ann took another offer”" in (
        bot.dms("U0DANA")
    )

    bot.command("U0DANA", "snooze F-2 tomorrow")
    assert bot.said_to("U0DANA") == (
        "F-2 is already due later than that; snoozing gives more time, e.g. snooze F-2 1d."
    )
    bot.command("U0DANA", "snooze F-2 1d")  # a day more than it had: from Fri 15:00 London
    assert bot.said_to("U0DANA") == (
        "F-2 snoozed: now due Mon 23 Nov, 3:00 PM GMT (10:00 AM EST for @Erin Exporter)."
    )
    assert bot.dms("U0ERIN")[-1] == (
        "@Dana Importer snoozed F-2 (answer about Bob); it is now due Mon 23 Nov, 10:00 AM."
    )

    bot.command("U0ERIN", "cancel F-3 duplicate")
    assert bot.said_to("U0ERIN") == "F-3 is cancelled: answer about Cy."

    bot.command("U0ERIN", "heard @dana")
    assert bot.said_to("U0ERIN").startswith("@Dana Importer owes you 2 things.")
    bot.click("U0ERIN", "All 2")
    assert bot.said_to("U0ERIN") == (
        "Marked as heard back from @Dana Importer: F-2 (answer about Bob); F-4 (answer about Di)."
    )
    with bot.session() as session:
        states = dict(session.execute(select(FollowUp.id, FollowUp.resolution)).all())
    assert states == {
        1: Resolution.DONE,
        2: Resolution.HEARD,
        3: Resolution.CANCELLED,
        4: Resolution.HEARD,
    }


def test_stats_partners_profile_settings_and_help(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")
    bot.click("U0DANA", "Interested", where="dm")
    bot.command("U0ERIN", "stats @dana")
    assert bot.said_to("U0ERIN") == (
        "Dana Importer: 100% answered within the window (1 of 1), median time to answer 0m "
        "(business time), 0 lapsed; 0 open, 0 overdue."
    )

    bot.command("U0SAM", "profile specializations Healthcare, IT")
    assert bot.said_to("U0SAM").startswith(
        "Saved. Your profile: Healthcare, IT; Mon-Fri 09:00-17:30"
    )
    bot.command("U0SAM", "profile vacation 2026-12-24")
    assert "away until Thu 24 Dec" in bot.said_to("U0SAM")
    bot.command("U0ERIN", "partners healthcare")
    assert bot.said_to("U0ERIN") == "Partners for “healthcare”:\n• @Sam Sourcer — Healthcare, IT"

    bot.command("U0ERIN", "settings")
    assert bot.said_to("U0ERIN").startswith(
        "Nudges: at most 2 reminders per follow-up, 1 business day apart"
    )
    bot.command("U0ERIN", "help")
    assert "submit @importer Jane Doe [for JO-12] [within 2d]" in bot.said_to("U0ERIN")
    with bot.session() as session:
        sam = session.scalars(select(Member).filter_by(slack_user_id="U0SAM")).one()
        assert sam.vacation_until == date(2026, 12, 24)


def test_a_verb_without_details_opens_a_prefilled_form(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer")
    bot.command("U0ERIN", "submit @dana for JO-1")

    [form] = bot.slack.views_open_for("U0ERIN")
    assert form.title == "Submit a candidate"
    assert form.state_values == {}
    bot.submit(
        "U0ERIN",
        {
            "candidate": {"value": "Jane Doe"},
            "window": {"value": "by fri 5pm"},
            "note": {"value": "strong Spring background"},
        },
    )
    assert "Submitted Jane Doe to @Dana Importer for JO-1 Java Developer" in bot.said_to("U0ERIN")
    with bot.session() as session:
        follow_up = session.scalars(select(FollowUp)).one()
        assert follow_up.window == "by fri 5pm"
        assert follow_up.submission is not None
        assert follow_up.submission.note == "strong Spring background"


def test_a_form_points_at_the_field_to_fix(bot: Bot) -> None:
    bot.command("U0ERIN", "call")
    response = bot.submit(
        "U0ERIN",
        {"partner": {"value": "U0DANA"}, "window": {"value": "someday"}},
    )
    assert response.json()["response_action"] == "errors"
    assert "I couldn't read" in response.json()["errors"]["window"]
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(FollowUp)) == 0


def test_the_caller_can_promise_candidates_in_the_form(bot: Bot) -> None:
    bot.command("U0DANA", "job Java Developer")
    bot.command("U0ERIN", "call")
    bot.submit(
        "U0ERIN",
        {
            "partner": {"value": "U0DANA"},
            "job": {"value": "JO-1"},
            "owed_by": {"value": "candidates"},
            "window": {"value": "2d"},
        },
    )
    assert "F-1 · you owe them: send candidates for JO-1 Java Developer" in bot.said_to("U0ERIN")
    assert (
        "@Erin Exporter logged a call with you. F-1 · they owe you: send candidates"
        in bot.dms("U0DANA")[0]
    )
    with bot.session() as session:
        follow_up = session.scalars(select(FollowUp)).one()
        assert (follow_up.kind, follow_up.state) == (
            FollowUpKind.SEND_CANDIDATES,
            FollowUpState.OPEN,
        )


def test_admins_set_the_nudge_policy_and_members_their_own_cap(bot: Bot) -> None:
    bot.command("U0ERIN", "settings nudges 5")
    assert bot.said_to("U0ERIN") == "Only a workspace admin can change the workspace settings."
    bot.command("U0ALEX", "settings nudges 3 spacing 2")
    assert bot.said_to("U0ALEX").startswith(
        "Saved. Nudges: at most 3 reminders per follow-up, 2 business days apart"
    )
    bot.command("U0ALEX", "settings nudges lots")
    assert bot.said_to("U0ALEX").startswith("Try settings nudges 3 spacing 2")
    bot.command("U0DANA", "profile reminders 1")
    assert "; at most 1 reminders;" in bot.said_to("U0DANA").splitlines()[0]
    with bot.session() as session:
        workspace = session.scalars(select(Workspace)).one()
        assert (workspace.max_nudges, workspace.nudge_spacing_days) == (3, 2)


def test_dates_are_read_in_the_workspaces_order(bot: Bot) -> None:
    bot.command("U0ERIN", "call @dana by 12/04")
    assert "due Fri 04 Dec, 12:30 PM EST (5:30 PM GMT for @Dana Importer)" in bot.said_to("U0ERIN")

    bot.command("U0ERIN", "settings dates dmy")
    assert bot.said_to("U0ERIN") == "Only a workspace admin can change the workspace settings."
    bot.command("U0ALEX", "settings dates dmy")
    assert "dates like 12/04 mean 12 April" in bot.said_to("U0ALEX")

    bot.command("U0ERIN", "call @dana by 12/04")
    assert "due Mon 12 Apr, 12:30 PM EDT (5:30 PM BST for @Dana Importer)" in bot.said_to("U0ERIN")
    bot.command("U0DANA", "snooze F-2 by 13/04")  # only one reading is a date anyway
    assert bot.said_to("U0DANA").startswith("F-2 snoozed: now due Tue 13 Apr, 5:30 PM BST")
    with bot.session() as session:
        windows = session.scalars(select(FollowUp.window).order_by(FollowUp.id)).all()
    assert windows == ["by dec 4", "by apr 13"]
