"""`/followthrough profile`: hours as people type them, holidays by timezone, vacations ahead."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.models import Member
from tests.e2e.harness import Bot


def vacation_of(bot: Bot, user_id: str) -> tuple[date | None, date | None]:
    with bot.session() as session:
        member = session.scalars(select(Member).filter_by(slack_user_id=user_id)).one()
        return member.vacation_from, member.vacation_until


def test_hours_typed_the_way_people_say_them(bot: Bot) -> None:
    bot.command("U0DANA", "profile hours 9-5")
    assert bot.said_to("U0DANA").startswith(
        "Saved. Your profile: no specializations yet; Mon-Fri 09:00-17:00 (Europe/London); "
        "email dana@acme.test."  # from her Slack profile (users:read.email)
    )
    bot.command("U0DANA", "profile hours Mon-Thu 8-6")
    assert "Mon-Thu 08:00-18:00 (Europe/London)" in bot.said_to("U0DANA")
    bot.command("U0DANA", "profile hours 8.30-16.30")
    assert "Mon-Fri 08:30-16:30 (Europe/London)" in bot.said_to("U0DANA")


def test_public_holidays_come_from_the_timezone(bot: Bot) -> None:
    bot.command("U0DANA", "profile specializations IT")
    assert bot.said_to("U0DANA").splitlines()[-1] == (
        "Public holidays: GB (from your timezone Europe/London; profile holidays US to change)."
    )
    bot.command("U0ERIN", "profile specializations Healthcare")
    assert bot.said_to("U0ERIN").splitlines()[-1] == (
        "Public holidays: US (from your timezone America/New_York; profile holidays GB to change)."
    )

    # Thanksgiving is no holiday in London: Dana's day of work still counts.
    bot.travel(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    bot.command("U0ERIN", "submit @dana Jane Doe within 1d")
    assert "by Thu 26 Nov, 5:00 AM" in bot.said_to("U0ERIN")

    bot.command("U0DANA", "profile holidays US")
    assert bot.said_to("U0DANA").splitlines()[-1] == (
        "Public holidays: US (you chose this; profile holidays GB to change, "
        "profile holidays timezone to follow your timezone)."
    )
    bot.command("U0ERIN", "submit @dana John Roe within 1d")
    assert "by Fri 27 Nov, 5:00 AM" in bot.said_to("U0ERIN")
    bot.command("U0DANA", "profile holidays timezone")
    assert (
        bot.said_to("U0DANA")
        .splitlines()[-1]
        .startswith("Public holidays: GB (from your timezone Europe/London;")
    )


def test_a_vacation_starts_today_or_on_the_day_given(bot: Bot) -> None:
    bot.command("U0DANA", "profile vacation until fri")
    assert "away until Fri 20 Nov (from Wed 18 Nov)" in bot.said_to("U0DANA")
    assert vacation_of(bot, "U0DANA") == (date(2026, 11, 18), date(2026, 11, 20))

    bot.command("U0DANA", "profile vacation dec 20 to jan 2")
    assert "away until Sat 02 Jan (from Sun 20 Dec)" in bot.said_to("U0DANA")
    assert vacation_of(bot, "U0DANA") == (date(2026, 12, 20), date(2027, 1, 2))

    # Before the vacation, Dana's days are working days as ever.
    bot.command("U0ERIN", "submit @dana Jane Doe within 1d")
    assert "by Thu 19 Nov, 10:00 AM" in bot.said_to("U0ERIN")

    bot.command("U0DANA", "profile vacation whenever")
    assert bot.said_to("U0DANA") == (
        'I couldn\'t read "whenever" as a vacation. Try until jan 2, dec 20 to jan 2 or 2026-12-24.'
    )
    bot.command("U0DANA", "profile vacation off")
    assert "away" not in bot.said_to("U0DANA")
    assert vacation_of(bot, "U0DANA") == (None, None)


def test_a_vacation_set_today_leaves_last_weeks_scorecard_alone(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe within 1d")  # Wed 15:00 in London
    bot.travel(datetime(2026, 11, 18, 17, 0, tzinfo=UTC))
    bot.click("U0DANA", "Interested", where="dm")
    bot.travel(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))  # a week later
    bot.command("U0ERIN", "stats @dana")
    before = bot.said_to("U0ERIN")
    assert "median time to answer 2h" in before

    bot.command("U0DANA", "profile vacation 2026-11-27")
    assert "away until Fri 27 Nov (from Wed 25 Nov)" in bot.said_to("U0DANA")
    bot.command("U0ERIN", "stats @dana")
    assert bot.said_to("U0ERIN") == before


def test_the_profile_form_takes_a_first_day_of_vacation(bot: Bot) -> None:
    bot.command("U0SAM", "profile vacation dec 20 to jan 2")
    bot.command("U0SAM", "profile")
    [form] = bot.slack.views_open_for("U0SAM")
    assert form.title == "Your profile"
    bot.submit(
        "U0SAM",
        {
            "vacation_from": {"value": "2026-12-21"},
            "vacation_until": {"value": "2026-12-31"},
        },
    )
    assert "away until Thu 31 Dec (from Mon 21 Dec)" in bot.said_to("U0SAM")
    assert vacation_of(bot, "U0SAM") == (date(2026, 12, 21), date(2026, 12, 31))


def test_an_email_address_is_typed_checked_lower_cased_and_cleared(bot: Bot) -> None:
    bot.command("U0DANA", "profile email Dana.Importer@Firm.COM")
    assert "; email dana.importer@firm.com." in bot.said_to("U0DANA")
    bot.command("U0DANA", "profile email dana at firm")
    assert bot.said_to("U0DANA") == (
        "“dana at firm” is not an email address I can use; try profile email jane@firm.com."
    )
    bot.command("U0DANA", "profile email off")
    assert "email" not in bot.said_to("U0DANA").split("\n")[0]
