"""Working hours: which weekdays someone works and the local wall-clock span of each day."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time

from bot.windows.errors import WindowError, echo
from bot.windows.lexicon import WEEKDAY_ABBR, WEEKDAYS, parse_clock

# "8.30" is read as 8:30 (two digits after the dot, so never a decimal like 8.5).
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]m)?"
_HOURS = re.compile(
    rf"(?:(?P<days>[a-z][a-z,\s-]*?)\s+)?(?P<start>{_TIME})\s*(?:-|to)\s*(?P<end>{_TIME})",
    re.ASCII,
)
_EXAMPLE = "Try 9-5, 09:00-17:30 or Mon-Thu 8-6."
_WORKWEEK = frozenset({0, 1, 2, 3, 4})


@dataclass(frozen=True)
class WorkingHours:
    """Local working hours [start, end) on each weekday in `days` (Monday=0); not overnight."""

    start: time = time(9, 0)
    end: time = time(17, 30)
    days: frozenset[int] = field(default=_WORKWEEK)

    def __post_init__(self) -> None:
        if not self.days or not self.days <= frozenset(range(7)):
            raise WindowError(
                f"Working hours need at least one weekday, e.g. Mon-Fri {_span(self)}."
            )
        if any(t.tzinfo is not None or t.second or t.microsecond for t in (self.start, self.end)):
            raise WindowError("Working hours are set to the minute, e.g. 09:00-17:30.")
        if self.end <= self.start:
            raise WindowError(
                f"Working hours must end after they start (got {_span(self)}). {_EXAMPLE}"
            )

    @classmethod
    def parse(cls, text: str) -> WorkingHours:
        """Read "09:00-17:30", "9-5", "8.30-16.30", "9am-5pm" or "Mon-Thu 8-6" (default Mon-Fri).

        When neither time says am or pm, both read as a twelve-hour clock (start no later than
        noon, end a bare 1 to 11) and the end would not be after the start, the end is in the
        afternoon: "9-5" is 09:00-17:00, as people say it; "17:00-09:00" stays refused.
        """
        cleaned = " ".join(text.lower().replace("–", "-").split())
        match = _HOURS.fullmatch(cleaned)
        if match is None:
            raise WindowError(f'I couldn\'t read "{echo(text)}" as working hours. {_EXAMPLE}')
        days = _parse_days(match["days"], text) if match["days"] else _WORKWEEK
        start, end = _clock(match["start"]), _clock(match["end"])
        if end <= start and _twelve_hour(match["start"], start, match["end"], end):
            afternoon = end.replace(hour=end.hour + 12)
            end = afternoon if afternoon > start else end
        return cls(start=start, end=end, days=days)

    def __str__(self) -> str:
        return f"{format_days(self.days)} {_span(self)}"


def format_days(days: frozenset[int]) -> str:
    """Write weekdays compactly, wrapping round the week: "Mon-Fri", "Sun-Thu", "Mon,Wed,Fri"."""
    if len(days) == 7:
        return "Mon-Sun"
    # Start at a day whose predecessor is off, so a run like Sun-Thu isn't split at the week's end.
    first = next(d for d in range(7) if d in days and (d - 1) % 7 not in days)
    runs: list[list[int]] = []
    for offset in range(7):
        day = (first + offset) % 7
        if day not in days:
            continue
        if runs and (runs[-1][-1] + 1) % 7 == day:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ",".join(
        WEEKDAY_ABBR[run[0]].title() + (f"-{WEEKDAY_ABBR[run[-1]].title()}" if len(run) > 1 else "")
        for run in runs
    )


def _clock(text: str) -> time:
    return parse_clock(text.replace(".", ":"))


def _twelve_hour(start_text: str, start: time, end_text: str, end: time) -> bool:
    """True if neither time says am/pm and both look like a twelve-hour clock's ("9", "5:30")."""
    if any(text.endswith("m") for text in (start_text, end_text)):
        return False
    return start.hour <= 12 and 1 <= end.hour <= 11 and not end_text.startswith("0")


def _parse_days(spec: str, text: str) -> frozenset[int]:
    days: set[int] = set()
    for item in spec.split(","):
        ends = [part.strip() for part in item.split("-")]
        if len(ends) > 2 or any(end not in WEEKDAYS for end in ends):
            raise WindowError(
                f'I couldn\'t read the days in "{echo(text)}". Use Mon-Fri or Mon,Wed,Fri.'
            )
        first, last = WEEKDAYS[ends[0]], WEEKDAYS[ends[-1]]
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    return frozenset(days)


def _span(hours: WorkingHours) -> str:
    return f"{hours.start:%H:%M}-{hours.end:%H:%M}"
