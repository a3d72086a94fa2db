"""Refused windows: one line each, naming concrete windows the recruiter could write instead."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from bot.windows import BusinessCalendar, DateOrder, WindowError, parse_window

from .support import assert_one_line, local

NEW_YORK = BusinessCalendar("America/New_York", country="US")
MONDAY = local("America/New_York", 2026, 11, 23, 10)
_LEADS = ("Try ", "e.g. ", "Write it as ", "Use at least ")


def alternatives(message: str) -> list[str]:
    """The windows a refusal suggests: the list after its last "Try", "e.g." or the like."""
    lead = max(_LEADS, key=message.rfind)
    assert lead in message, f"no alternative offered in {message!r}"
    tail = message[message.rfind(lead) + len(lead) :].removesuffix(".")
    tail = tail.replace(" (or ", ", ").replace(")", "")
    return [part for part in re.split(r", | or ", tail) if part]


def assert_refusal_offers_windows(message: str) -> None:
    assert_one_line(message)
    suggested = alternatives(message)
    assert suggested
    for text in suggested:
        parse_window(text)  # every suggestion is itself a window


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("asap", "names no time to hold anyone to. Try 4h, eod or tomorrow 10am."),
        ("ASAP!", "Try 4h, eod or tomorrow 10am."),
        ("as soon as possible", "Try 4h, eod or tomorrow 10am."),
        ("by asap", "Try 4h, eod or tomorrow 10am."),
        ("soon", "Try 4h, eod or tomorrow 10am."),
        ("whenever", "Try 4h, 2d, by fri or next week."),
        ("within whenever", "Try 4h, 2d, by fri or next week."),
        ("later", "Try 4h, 2d, by fri or next week."),
        ("someday", "Try 4h, 2d, by fri or next week."),
        ("no rush", "Try 4h, 2d, by fri or next week."),
        ("next", "next what? Try next week, next mon or 2d."),
        ("a few days", "say how many, e.g. 3 days or 2 hours."),
        ("several hours", "say how many"),
        ("12-04", "Write it as 12/04, dec 4 or 2026-12-04."),
        ("by 12.04 5pm", "Write it as 12/04, dec 4 or 2026-12-04."),
        ("13/13", "isn't a date either way round. Try dec 4 or 2026-12-04."),
        ("31/04", "either way round"),
        ("02/30/2026", "either way round"),
        ("today 3pm", "Try by 3pm or eod."),
        ("by 4h", "Try 4h, 2d, 1w, by fri 5pm, tomorrow or 2026-12-01."),
        ("next week 5pm", "Try 4h, 2d"),
        ("soonish", "Try 4h, 2d"),
        ("4 months", "Try 4h, 2d"),
        ("0 hours", "Use at least 1 hour (or 15 minutes)."),
        ("10 minutes", "Use at least 15 minutes."),
        ("10m", "Use at least 15m."),
        ("9000 hours", "is more than a year. Pick a shorter window, e.g. 4w or by dec 1."),
        ("400 days", "is more than a year"),
        ("by feb 30", "Try dec 3 or 2026-12-03."),
        ("by fri 25:00", "Try 5pm, 9:30am or 17:00."),
        # Still ambiguous after the review: refused, quoting the whole phrase.
        ("by 17", '"by 17" could be a time or a date. Try by 5pm, by 17:00 or by the 17th.'),
        ("by 28", "Try by the 28th or by 5pm."),
        ("12.04", "Write it as 12/04, dec 4 or 2026-12-04."),
        ("3.30", "Write it as 12/04"),
        ("by fri 3.30", '"by fri 3.30": a time with a dot needs am or pm. Try 3.30pm or 3:30.'),
        ("tomorrow at 3.30", "Try 3.30pm or 3:30."),
        ("today first thing", "Try first thing or eod."),
        ("today at 3", "Try by 3pm or eod."),
        ("by the 32nd", '"by the 32nd": "the 32nd" isn\'t a date. Try the 4th or dec 4.'),
        ("within 2 bizz days", 'I couldn\'t read "within 2 bizz days" as a window.'),
        ("by 2 biz days", "Try 4h, 2d"),
    ],
)
def test_refused_phrases(text: str, fragment: str) -> None:
    with pytest.raises(WindowError) as caught:
        parse_window(text)
    message = str(caught.value)
    assert fragment in message
    assert_refusal_offers_windows(message)


@pytest.mark.parametrize("text", ["asap", "soon", "whenever", "later", "next", "someday"])
def test_vague_words_read_like_any_other_unreadable_window(text: str) -> None:
    # The slash-command grammar shows these as "I couldn't read … as a window".
    with pytest.raises(WindowError, match=rf'^I couldn\'t read "{text}" as a window'):
        parse_window(text)


def test_long_vague_input_stays_one_short_line() -> None:
    with pytest.raises(WindowError) as caught:
        parse_window("whenever " * 100)
    assert len(str(caught.value)) < 160
    assert_one_line(str(caught.value))


@pytest.mark.parametrize(
    ("text", "start", "calendar"),
    [
        ("eow", local("America/New_York", 2026, 11, 27, 18), NEW_YORK),  # Friday after closing
        ("by end of the week", local("America/New_York", 2026, 11, 28, 10), NEW_YORK),  # Sat
        (
            "end of week",
            MONDAY,
            BusinessCalendar("America/New_York", country="US", vacation_until=date(2026, 11, 29)),
        ),
    ],
)
def test_end_of_week_once_passed_is_refused_not_guessed(
    text: str, start: datetime, calendar: BusinessCalendar
) -> None:
    window = parse_window(text)
    with pytest.raises(WindowError) as caught:
        window.due(start, calendar)
    assert str(caught.value) == (
        'There\'s no working time left this week for "eow". Try next week, by mon 5pm or 2d.'
    )
    assert_refusal_offers_windows(str(caught.value))


def test_past_and_far_slashed_dates_are_refused() -> None:
    with pytest.raises(WindowError, match="in the past") as caught:
        parse_window("11/20/2026").due(MONDAY, NEW_YORK)
    assert_refusal_offers_windows(str(caught.value))
    with pytest.raises(WindowError, match="more than a year away") as caught:
        parse_window("by 04/12/2028", date_order=DateOrder.DMY).due(MONDAY, NEW_YORK)
    assert_one_line(str(caught.value))
