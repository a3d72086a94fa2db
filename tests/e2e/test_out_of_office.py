"""Out of office from Slack: a 🌴 status holds reminders, moves windows and is told once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.models import FollowUp, Member
from tests.e2e.harness import Bot

# Dana (London, GMT = UTC in November) goes away from Thursday to the end of Monday 23 Nov.
BACK = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def go_away(bot: Bot, text: str = "Vacation", emoji: str = ":palm_tree:", until: int = 0) -> None:
    bot.driver.change_user("U0DANA", status_text=text, status_emoji=emoji, status_expiration=until)
    bot.settle()


def away_notices(bot: Bot) -> list[str]:
    return [text for text in bot.dms("U0ERIN") if "out of office" in text]


def follow_up(bot: Bot, ref: int) -> FollowUp:
    with bot.session() as session:
        found = session.get(FollowUp, ref)
        assert found is not None
        return found


def test_a_vacation_status_holds_reminders_and_tells_the_partner_once(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")  # due Thu 10:30
    bot.command("U0ERIN", "submit @dana John Roe within 1d")  # due Thu 15:00
    assert bot.sweep(at(19, 10, 31))[0] == "nudge for Dana Importer (U0DANA): F-1, reminder 1"
    assert bot.sweep(at(19, 15, 1))[0] == "nudge for Dana Importer (U0DANA): F-2, reminder 1"
    bot.travel(at(19, 16))
    go_away(bot, until=int(BACK.timestamp()))

    held = bot.sweep(at(20, 15, 0))  # Fri: F-1's second reminder falls due, Erin is at work

    assert held == [
        "held F-1 until 2026-11-24 09:00 UTC: Dana Importer is out of office until "
        "2026-11-24 00:00 UTC",
        "away notice for Erin Exporter (U0ERIN): Dana Importer is out of office, holding F-1",
    ]
    assert away_notices(bot) == [
        "@Dana Importer is out of office until the end of Mon 23 Nov (their status says "
        "“:palm_tree: Vacation”); I'll hold reminders about F-1 until they're back at work, "
        "Tue 24 Nov, 4:00 AM EST. Time away never counts against them."
    ]
    # F-2 falls due later in the same absence: held too, and Erin is not told again.
    assert bot.sweep(at(20, 15, 2))[0].startswith("held F-2 until 2026-11-24 09:00 UTC")
    assert len(away_notices(bot)) == 1
    assert [line for line in bot.sweep(at(23, 12)) if "F-" in line] == []  # nothing lapses

    back = bot.sweep(at(24, 9, 1))
    assert back[0] == "nudge for Dana Importer (U0DANA): F-1, F-2, reminder 2, 2"


def test_a_window_running_when_dana_goes_away_extends_and_never_counts_as_late(
    bot: Bot,
) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")  # Wed 15:00: due Thu 10:30
    go_away(bot, until=int(BACK.timestamp()))
    # The 4 working hours left start again when she is back: Tue 09:00 + 4h.
    assert follow_up(bot, 1).due_at == at(24, 13)
    bot.command("U0DANA", "profile specializations IT")
    assert "out of office until the end of Mon 23 Nov (Slack status “:palm_tree: Vacation”)" in (
        bot.said_to("U0DANA")
    )
    assert bot.sweep(at(19, 10, 31)) == []

    bot.travel(at(24, 11))
    bot.click("U0DANA", "Interested")
    bot.command("U0ERIN", "stats @dana")
    assert "100% answered within the window" in bot.said_to("U0ERIN")


def test_clearing_the_status_ends_the_absence_from_then(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 2d")  # Wed 15:00: due Fri 15:00
    bot.travel(at(19, 9))
    go_away(bot, until=int(BACK.timestamp()))
    assert follow_up(bot, 1).due_at == at(25, 15)  # Thu-Mon away: two working days from Tue

    bot.travel(at(20, 12))  # back early on Friday noon: Thursday stays away, Fri noon on counts
    go_away(bot, text="", emoji="")
    with bot.session() as session:
        dana = session.scalars(select(Member).filter_by(slack_user_id="U0DANA")).one()
        assert (dana.away_since, dana.away_until) == (at(19, 9), at(20, 12))
    assert follow_up(bot, 1).due_at == at(24, 9, 30)  # 14.5h left: Fri 12-17:30, Mon, Tue 9-9:30


def test_a_status_about_coming_back_or_without_an_expiry_is_not_a_long_absence(
    bot: Bot,
) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")  # Wed 15:00: due Thu 10:30
    go_away(bot, text="Back from vacation", until=int(BACK.timestamp()))
    assert follow_up(bot, 1).due_at == at(19, 10, 30)
    go_away(bot, text="OOO", emoji="")  # no expiration: the rest of today only
    assert follow_up(bot, 1).due_at == at(19, 13)  # the 2.5 hours left today move to Thursday


def test_a_status_set_while_no_event_came_is_asked_for_before_the_reminder(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")  # due Thu 10:30
    bot.travel(at(19, 9))
    # Dana goes on vacation, but Followthrough never hears of it (the event was lost).
    bot.slack.update_user(
        "U0DANA",
        status_text="On vacation",
        status_emoji=":palm_tree:",
        status_expiration=int(BACK.timestamp()),
    )
    asked = len(bot.slack.calls("users.info"))

    held = bot.sweep(at(19, 10, 31))

    assert held[0].startswith("held F-1 until 2026-11-24 09:00 UTC: Dana Importer is out of office")
    assert len(bot.slack.calls("users.info")) == asked + 1  # Dana's status, asked for once
    assert held[1].startswith("away notice for Erin Exporter (U0ERIN): Dana Importer is out of")
    bot.sweep(at(19, 10, 40))  # asked minutes ago: not asked again
    assert len(bot.slack.calls("users.info")) == asked + 1


def test_a_status_checked_lately_is_not_asked_for_again(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")  # due Thu 10:30
    assert bot.sweep(at(19, 10, 31))[0] == "nudge for Dana Importer (U0DANA): F-1, reminder 1"
    asked = len(bot.slack.calls("users.info"))
    bot.sweep(at(19, 12))  # nothing due: nobody is asked about
    assert len(bot.slack.calls("users.info")) == asked
