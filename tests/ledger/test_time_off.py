"""Whose public holidays a member keeps, and which days a vacation covers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.errors import InvalidInput
from bot.ledger import Scope, calendar_for, get_member, update_profile
from bot.models import Member
from handlers.profile import describe_holidays
from tests.ledger_book import LedgerBook


def member(book: LedgerBook, user_id: str) -> Member:
    return book.run(lambda scope: get_member(scope, user_id))


def holidays(book: LedgerBook, user_id: str) -> str | None:
    def country(scope: Scope) -> str | None:
        return calendar_for(scope, get_member(scope, user_id)).country

    return book.run(country)


def test_holidays_follow_the_timezone_unless_the_member_chose(book: LedgerBook) -> None:
    book.add_member("U0ZOE", "Zoe Zulu", "Etc/UTC")
    assert [holidays(book, uid) for uid in ("U0DANA", "U0ERIN", "U0ZOE")] == ["GB", "US", "US"]
    # UTC names no country: the settings' country (US in these tests) is the fallback.
    assert describe_holidays(member(book, "U0ZOE"), book.settings) == (
        "Public holidays: US (the workspace default: your timezone Etc/UTC has no country; "
        "`profile holidays GB` to change)."
    )
    book.run(update_profile, user_id="U0DANA", holiday_country="de")
    book.run(update_profile, user_id="U0ERIN", holiday_country="none")
    assert [holidays(book, uid) for uid in ("U0DANA", "U0ERIN")] == ["DE", None]
    assert describe_holidays(member(book, "U0ERIN"), book.settings) == (
        "Public holidays: none (you chose this; `profile holidays US` to change, "
        "`profile holidays timezone` to follow your timezone)."
    )
    book.run(update_profile, user_id="U0ERIN", holiday_country="timezone")
    assert holidays(book, "U0ERIN") == "US"
    with pytest.raises(InvalidInput, match="or `timezone` to follow your timezone"):
        book.run(update_profile, user_id="U0ERIN", holiday_country="Narnia")


def test_without_a_fallback_a_zone_of_no_country_keeps_no_holidays(book: LedgerBook) -> None:
    book.settings = book.settings.model_copy(update={"holiday_country": None})
    book.add_member("U0ZOE", "Zoe Zulu", "UTC")
    assert (holidays(book, "U0ZOE"), holidays(book, "U0DANA")) == (None, "GB")
    assert describe_holidays(member(book, "U0ZOE"), book.settings) == (
        "Public holidays: none (your timezone UTC has no country; `profile holidays US` to change)."
    )


def test_a_vacation_never_covers_days_already_gone(book: LedgerBook) -> None:
    today = date(2026, 11, 18)
    book.run(update_profile, user_id="U0DANA", vacation="nov 11 to nov 20")
    away = member(book, "U0DANA")
    assert (away.vacation_from, away.vacation_until) == (today, date(2026, 11, 20))

    # Extending the vacation under way keeps its first day.
    book.clock.advance(timedelta(days=1))
    book.run(update_profile, user_id="U0DANA", vacation="until nov 27")
    away = member(book, "U0DANA")
    assert (away.vacation_from, away.vacation_until) == (today, date(2026, 11, 27))
    book.run(update_profile, user_id="U0DANA", vacation="nov 18 to nov 30")
    assert member(book, "U0DANA").vacation_from == today

    with pytest.raises(InvalidInput, match="couldn't read"):
        book.run(update_profile, user_id="U0DANA", vacation="someday")
    with pytest.raises(InvalidInput, match="ends on or after its first day"):
        book.run(
            update_profile,
            user_id="U0DANA",
            vacation_from=date(2026, 12, 2),
            vacation_until=date(2026, 12, 1),
        )
