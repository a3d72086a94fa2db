"""Phrases recruiters actually write, with the instant each falls due for a debtor.

Every row: the phrase, when it was said, the debtor's calendar (default hours Mon-Fri 09:00-17:30)
and the expected due in UTC, with the debtor's local wall time in the comment.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.windows import BusinessCalendar, DateOrder, parse_window

from .support import local

NEW_YORK = BusinessCalendar("America/New_York", country="US")
LONDON = BusinessCalendar("Europe/London", country="GB")
KOLKATA = BusinessCalendar("Asia/Kolkata", country="IN")
MDY, DMY = DateOrder.MDY, DateOrder.DMY

# New York, week of Thanksgiving (Thu 2026-11-26); EST is UTC-5.
NY_MON = local("America/New_York", 2026, 11, 23, 10)
NY_MON_EARLY = local("America/New_York", 2026, 11, 23, 8)
NY_MON_AFTER_NOON = local("America/New_York", 2026, 11, 23, 14)
NY_WED = local("America/New_York", 2026, 11, 25, 16)
NY_FRI_EVENING = local("America/New_York", 2026, 11, 27, 18)
NY_SUN = local("America/New_York", 2026, 11, 29, 12)
NY_LAST_MON_EVENING = local("America/New_York", 2026, 11, 30, 18)
# London, before the Spring bank holiday (Mon 2026-05-25); BST is UTC+1.
LDN_FRI = local("Europe/London", 2026, 5, 22, 10)
# Kolkata (UTC+5:30), the day before Guru Nanak's Birthday (Tue 2026-11-24).
KOL_MON = local("Asia/Kolkata", 2026, 11, 23, 10)
# Daylight saving: New York springs forward on Sun 2026-03-08, London on Sun 2026-03-29.
NY_FRI_BEFORE_DST = local("America/New_York", 2026, 3, 6, 10)
NY_SAT_NIGHT_BEFORE_DST = local("America/New_York", 2026, 3, 7, 21)
LDN_SAT_BEFORE_DST = local("Europe/London", 2026, 3, 28, 12)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


PHRASES = [
    # End of day: today's closing, 17:30 New York.
    ("EOD", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    ("end of day", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    ("EOD today", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    ("eod", NY_FRI_EVENING, NEW_YORK, MDY, utc(2026, 11, 30, 22, 30)),  # Mon 17:30
    # Bug: "by EOD tomorrow" was refused. Tue 17:30.
    ("by EOD tomorrow", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),
    ("tomorrow EOD", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),
    ("end of day tomorrow", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),
    # Bug report: "tomorrow" is the end of the debtor's next working day. Tue 17:30.
    ("tomorrow", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),
    ("tomorrow", NY_WED, NEW_YORK, MDY, utc(2026, 11, 27, 22, 30)),  # Thanksgiving: Fri 17:30
    ("next business day", NY_WED, NEW_YORK, MDY, utc(2026, 11, 27, 22, 30)),
    ("tomorrow 10am", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 15)),  # Tue 10:00
    ("tomorrow morning", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 17)),  # Tue 12:00 (noon)
    ("tomorrow afternoon", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),  # Tue closing
    ("tomorrow 10am", NY_FRI_EVENING, NEW_YORK, MDY, utc(2026, 11, 30, 15)),  # Mon 10:00
    # Bug: "next week" was refused. Closing on next week's last working day: Fri Dec 4 17:30.
    ("next week", NY_MON, NEW_YORK, MDY, utc(2026, 12, 4, 22, 30)),
    ("next week", NY_SUN, NEW_YORK, MDY, utc(2026, 12, 4, 22, 30)),  # the week from tomorrow
    ("next monday", NY_MON, NEW_YORK, MDY, utc(2026, 11, 30, 22, 30)),  # on a Monday: the next
    ("next mon", NY_SUN, NEW_YORK, MDY, utc(2026, 11, 30, 22, 30)),  # on a Sunday: tomorrow
    # Bug: "by monday morning" typed on a Monday was refused. Morning is noon.
    ("by monday morning", NY_MON_EARLY, NEW_YORK, MDY, utc(2026, 11, 23, 17)),  # today 12:00
    ("by monday morning", NY_MON_AFTER_NOON, NEW_YORK, MDY, utc(2026, 11, 30, 17)),  # next Mon
    ("monday afternoon", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),  # today's closing
    ("fri 5pm", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 22)),
    ("by fri 5pm", NY_FRI_EVENING, NEW_YORK, MDY, utc(2026, 12, 4, 22)),  # passed: next Friday
    ("noon", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 17)),
    # Bug: "within a week" was refused. Five working days, Thanksgiving skipped: Tue Dec 1 10:00.
    ("within a week", NY_MON, NEW_YORK, MDY, utc(2026, 12, 1, 15)),
    ("one week", NY_MON, NEW_YORK, MDY, utc(2026, 12, 1, 15)),
    ("a day", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 15)),  # Tue 10:00
    ("an hour", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 16)),  # 11:00
    ("a couple of days", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 15)),  # Wed 10:00
    ("two days", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 15)),
    # Bug report: "in 2 business days" counts working days. Wed 10:00.
    ("in 2 business days", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 15)),
    ("in 3 working days", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 15)),  # Fri, Thanksgiving
    ("3 days", NY_WED, NEW_YORK, MDY, utc(2026, 12, 1, 21)),  # Fri, Mon, Tue 16:00
    ("2d", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 15)),
    ("in 4 business hours", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 19)),  # 14:00
    ("4h", NY_WED, NEW_YORK, MDY, utc(2026, 11, 27, 16, 30)),  # 1.5h Wed, Thanksgiving, Fri 11:30
    # Bug: "within 48 hours" meant 48 working hours. Spelled-out hours are elapsed time.
    ("48 hours", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 15)),  # Wed 10:00
    ("within 48 hours", NY_WED, NEW_YORK, MDY, utc(2026, 11, 27, 21)),  # Fri 16:00
    ("in 3 hrs", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 18)),  # 13:00
    ("36 hrs", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 14)),  # Tue 22:00 → Wed 09:00
    ("90 minutes", NY_FRI_EVENING, NEW_YORK, MDY, utc(2026, 11, 30, 14)),  # Fri 19:30 → Mon 9:00
    # Bug: "by 12/04" was refused. Read in the workspace's date order.
    ("by 12/04", NY_MON, NEW_YORK, MDY, utc(2026, 12, 4, 22, 30)),  # Dec 4 17:30
    ("12/04 3pm", NY_MON, NEW_YORK, MDY, utc(2026, 12, 4, 20)),
    ("by 12/04/2026", NY_MON, NEW_YORK, MDY, utc(2026, 12, 4, 22, 30)),
    ("13/04", NY_MON, NEW_YORK, MDY, utc(2027, 4, 13, 21, 30)),  # only 13 April is a date (EDT)
    ("12/04", LDN_FRI, LONDON, DMY, utc(2027, 4, 12, 16, 30)),  # 12 April, next year (BST)
    ("by 12/04", KOL_MON, KOLKATA, DMY, utc(2027, 4, 12, 12)),  # 12 April 17:30 IST
    # Bug: "by eow" was refused. Closing on this week's last working day.
    ("by eow", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 22, 30)),  # Fri 17:30
    ("end of week", KOL_MON, KOLKATA, MDY, utc(2026, 11, 27, 12)),  # Fri 17:30 IST
    ("by end of the week", LDN_FRI, LONDON, MDY, utc(2026, 5, 22, 16, 30)),  # today 17:30 BST
    ("end of month", NY_MON, NEW_YORK, MDY, utc(2026, 11, 30, 22, 30)),  # Mon Nov 30
    ("eom", LDN_FRI, LONDON, MDY, utc(2026, 5, 29, 16, 30)),  # Fri May 29 (31st is a Sunday)
    ("eom", NY_LAST_MON_EVENING, NEW_YORK, MDY, utc(2026, 12, 31, 22, 30)),  # passed: December
    # UK Spring bank holiday, Mon 2026-05-25.
    ("tomorrow", LDN_FRI, LONDON, MDY, utc(2026, 5, 26, 16, 30)),  # Tue 17:30 BST
    ("next monday", LDN_FRI, LONDON, MDY, utc(2026, 5, 26, 8)),  # holiday → Tue opening
    ("2d", LDN_FRI, LONDON, MDY, utc(2026, 5, 27, 9)),  # Tue, Wed 10:00 BST
    ("next week", LDN_FRI, LONDON, MDY, utc(2026, 5, 29, 16, 30)),
    # Kolkata: Guru Nanak's Birthday, Tue 2026-11-24.
    ("tomorrow", KOL_MON, KOLKATA, MDY, utc(2026, 11, 25, 12)),  # Wed 17:30 IST
    ("tomorrow 10am", KOL_MON, KOLKATA, MDY, utc(2026, 11, 25, 4, 30)),  # Wed 10:00 IST
    ("48 hours", KOL_MON, KOLKATA, MDY, utc(2026, 11, 25, 4, 30)),  # Wed 10:00 IST
    ("4h", KOL_MON, KOLKATA, MDY, utc(2026, 11, 23, 8, 30)),  # 14:00 IST
    ("in 2 business days", KOL_MON, KOLKATA, MDY, utc(2026, 11, 26, 4, 30)),  # Thu 10:00 IST
    ("next week", KOL_MON, KOLKATA, MDY, utc(2026, 12, 4, 12)),  # Fri Dec 4 17:30 IST
    # Review: a clock time without am/pm was read as morning. 1-7 o'clock is the afternoon.
    ("by 5:30", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),  # Mon 17:30
    ("by 3:30", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 20, 30)),  # Mon 15:30
    ("by 4:00 tomorrow", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 21)),  # Tue 16:00
    ("tomorrow 2:00", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 19)),  # Tue 14:00
    ("by fri 3:30", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 20, 30)),  # Fri 15:30
    ("by 5", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22)),  # Mon 17:00
    ("at 3", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 20)),  # Mon 15:00
    ("by 12", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 17)),  # noon
    ("by 8", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 14)),  # Tue 08:00 → Tue 09:00 opening
    ("by 5:30", KOL_MON, KOLKATA, MDY, utc(2026, 11, 23, 12)),  # 17:30 IST
    # Words recruiters type for the end of the day.
    ("eop", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    ("end of play", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    ("cob", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    ("close of business", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    ("tonight", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),
    # Lunch is noon; am/pm after a day is its morning (noon) or afternoon (closing).
    ("by lunch", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 17)),  # Mon 12:00
    ("lunchtime", NY_MON_AFTER_NOON, NEW_YORK, MDY, utc(2026, 11, 24, 17)),  # passed: Tue 12:00
    ("tomorrow lunchtime", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 17)),  # Tue 12:00
    ("tmrw am", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 17)),  # Tue 12:00
    ("tomorrow pm", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),  # Tue 17:30
    ("mon am", NY_MON_EARLY, NEW_YORK, MDY, utc(2026, 11, 23, 17)),  # today 12:00
    ("by mon am", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 17)),  # today 12:00
    ("by mon am", NY_MON_AFTER_NOON, NEW_YORK, MDY, utc(2026, 11, 30, 17)),  # next Mon 12:00
    # First thing: the opening of that day.
    ("first thing tomorrow", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 14)),  # Tue 09:00
    ("first thing tomorrow", NY_WED, NEW_YORK, MDY, utc(2026, 11, 27, 14)),  # Thanksgiving: Fri
    ("first thing monday", NY_MON, NEW_YORK, MDY, utc(2026, 11, 30, 14)),  # passed: Mon 30 9:00
    ("first thing monday", NY_MON_EARLY, NEW_YORK, MDY, utc(2026, 11, 23, 14)),  # today 09:00
    ("first thing tomorrow", LDN_FRI, LONDON, MDY, utc(2026, 5, 26, 8)),  # bank hol: Tue 9 BST
    # "at" before a time, a dotted time with am/pm, the time before the day.
    ("tomorrow at 2", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 19)),  # Tue 14:00
    ("by fri at 3", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 20)),  # Fri 15:00
    ("fri at 3pm", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 20)),
    ("3.30pm", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 20, 30)),  # Mon 15:30
    ("by 9 monday", NY_MON, NEW_YORK, MDY, utc(2026, 11, 30, 14)),  # passed: Mon 30 09:00
    ("by 9am monday", NY_MON_EARLY, NEW_YORK, MDY, utc(2026, 11, 23, 14)),  # today 09:00
    # Tomorrow's spellings.
    ("tmw", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),
    ("tomoz", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),
    # The next such day of a month, at closing.
    ("the 4th", NY_MON, NEW_YORK, MDY, utc(2026, 12, 4, 22, 30)),  # Fri Dec 4 17:30
    ("by the 4th", NY_MON, NEW_YORK, MDY, utc(2026, 12, 4, 22, 30)),
    ("by the 23rd", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 22, 30)),  # today 17:30
    ("the 26th", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 14)),  # Thanksgiving → Fri 09:00
    ("the 25th", LDN_FRI, LONDON, MDY, utc(2026, 5, 26, 8)),  # bank holiday → Tue 09:00 BST
    ("4 dec", NY_MON, NEW_YORK, MDY, utc(2026, 12, 4, 22, 30)),
    # A fortnight is two weeks (ten working days, Thanksgiving skipped): Tue Dec 8 10:00.
    ("in a fortnight", NY_MON, NEW_YORK, MDY, utc(2026, 12, 8, 15)),
    ("fortnight", NY_MON, NEW_YORK, MDY, utc(2026, 12, 8, 15)),
    # This week's closing.
    ("this week", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 22, 30)),  # Fri 17:30
    ("before the weekend", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 22, 30)),
    ("within 2 biz days", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 15)),  # Wed 10:00
    ("within the hour", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 16)),  # 11:00
    # "next <weekday>" is the next such day after today: typed on a Monday, "next tues" is Tuesday.
    ("next tues", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 22, 30)),  # Tue 24 17:30
    # Review: "48h" was 48 working hours. Abbreviated hours of a day or more are clock hours.
    ("48h", NY_MON, NEW_YORK, MDY, utc(2026, 11, 25, 15)),  # Wed 10:00, like "48 hours"
    ("24h", NY_MON, NEW_YORK, MDY, utc(2026, 11, 24, 15)),  # Tue 10:00
    ("72h", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 14)),  # Thanksgiving 10:00 → Fri 09:00
    ("4h", NY_MON, NEW_YORK, MDY, utc(2026, 11, 23, 19)),  # working time: 14:00
    ("30 working hours", NY_MON, NEW_YORK, MDY, utc(2026, 11, 27, 19, 30)),  # Fri 14:30
    # Daylight saving.
    ("by monday morning", NY_FRI_BEFORE_DST, NEW_YORK, MDY, utc(2026, 3, 9, 16)),  # 12:00 EDT
    ("36 hours", NY_SAT_NIGHT_BEFORE_DST, NEW_YORK, MDY, utc(2026, 3, 9, 14)),  # elapsed: 10 EDT
    ("tomorrow", LDN_SAT_BEFORE_DST, LONDON, MDY, utc(2026, 3, 30, 16, 30)),  # Mon 17:30 BST
    ("2d", LDN_SAT_BEFORE_DST, LONDON, MDY, utc(2026, 4, 1, 8)),  # from Mon 09:00 BST: Wed 09:00
]


@pytest.mark.parametrize(("text", "start", "calendar", "order", "expected"), PHRASES)
def test_phrase_falls_due(
    text: str, start: datetime, calendar: BusinessCalendar, order: DateOrder, expected: datetime
) -> None:
    window = parse_window(text, date_order=order)
    due = window.due(start, calendar)
    assert due == expected
    assert due.tzinfo is UTC
    assert calendar.is_valid_due(due)
    # The normalised text means the same, whatever the workspace's date order.
    for other in DateOrder:
        assert parse_window(window.text, date_order=other) == window


def test_table_covers_enough_phrases() -> None:
    assert len({row[0] for row in PHRASES}) >= 45
    assert {row[2] for row in PHRASES} == {NEW_YORK, LONDON, KOLKATA}
