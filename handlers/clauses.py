"""The clauses free words carry: a job order (`for JO-3`, `re JO-1`, a bare `JO-2`), a job's
title (`for Java Developer`) and a window (`within 2d`, `by fri 5pm`, `… tomorrow`), in any
order; what is left stays the person's own words. A time that belongs to the candidate or the
client ("available in 2 weeks") is not taken for the deadline, and a range is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.errors import InvalidInput
from bot.windows import WindowError, parse_window
from bot.windows.grammar import VAGUE_WORDS

NAME_FIX = (
    "“{}” doesn't look like a name. End the name with a comma, e.g. "
    "`submit @importer Jane Doe, 4 weeks notice`, or put it in quotes."
)

_JOB_MENTION = re.compile(r"^(JO-?\d{1,9})[,.;:]?$", re.IGNORECASE)
_WINDOW_WORDS = 5
# Words after which a time is the candidate's or the client's, not the deadline: "available in
# 2 weeks", "notice 4 weeks", "can start next week", "interview booked for tomorrow".
_NARRATION = frozenset(
    {
        *("available", "availability", "free", "start", "starts", "starting", "started"),
        *("notice", "interview", "interviews", "interviewing", "booked", "scheduled", "for"),
        *("relocate", "relocating", "relocation", "leave", "leaving", "left", "joins", "join"),
        *("joining", "holiday", "vacation", "away", "offer", "accepted", "resign", "resigned"),
        *("resigning", "onsite", "date"),
    }
)
_POINT_WORDS = frozenset({"by", "in", "due", "before"})
_CLAUSE_WORDS = _POINT_WORDS | {"within", "for", "about"}
# How a deadline (never narration) starts when it ends a note without `by` or `within`.
_DEADLINE_START = re.compile(
    r"(?:tomorrow|tmrw|tmw|tomoz|next |eod|eow|eom|eop|cob|end of|close of|first thing"
    r"|\d+ ?(?:h|hrs?|hours?|m|mins?|minutes?|d|days?|w|wks?|weeks?|business|biz|working)\b"
    r"|(?:a|an|one|two|three|four|five|a couple of) (?:hour|day|week|fortnight|business|working)"
    r"|(?:in )?a fortnight)"
)


@dataclass
class Clauses:
    head: list[str] = field(default_factory=list)  # free words before the first clause
    tail: list[str] = field(default_factory=list)  # free words after it
    job: str | None = None
    job_title: str | None = None
    window: str | None = None


def read_clauses(words: list[str], *, keep: int = 0, titles: bool = False) -> Clauses:
    """Job and window clauses out of the free words, in any order: `for JO-3`, `within 2d`,
    `by fri 5pm`, `in 2 business days`, `due mon`, or a window ending the text (`… tomorrow
    10am`); at least `keep` free words stay free. With `titles`, `for <words>` names a job."""
    found = Clauses()
    free = found.head
    index = 0
    while index < len(words):
        word, following = words[index].lower(), words[index + 1 : index + 1 + _WINDOW_WORDS]
        if word in {"for", "about", "re", "re:"} and following and _job_mention(following[0]):
            found.job, index, free = _job_mention(following[0]), index + 2, found.tail
            continue
        if _job_mention(words[index]):
            if found.job is not None and _job_mention(words[index]) != found.job:
                raise InvalidInput(
                    f"One job order at a time: {found.job}, then "
                    f"{_job_mention(words[index])} in a second message."
                )
            found.job, index = _job_mention(words[index]), index + 1
            continue
        if titles and word == "for" and found.job is None and found.job_title is None:
            title = _title_words(words, index + 1, found)
            found.job_title, index, free = " ".join(title), index + 1 + len(title), found.tail
            continue
        if word == "within" and found.window is None:
            if not following:
                raise InvalidInput("Say how long after `within`, e.g. `within 2d`.")
            found.window, used = _longest_window(following, required=True)
            _no_range(found.window, following[used:])
            index, free = index + 1 + used, found.tail
            continue
        if word in {"in", "within"} and following and _RANGE.fullmatch(following[0]):
            raise InvalidInput(_range_fix(" ".join(following[:2])))
        after_narration = index > 0 and words[index - 1].lower().rstrip(",") in _NARRATION
        if word in _POINT_WORDS and found.window is None and following and not after_narration:
            start = index + (1 if word in {"due", "before"} else 0)
            window, used = _longest_window(words[start : index + 1 + _WINDOW_WORDS], False)
            after = words[start + used : start + used + 1]
            if window and re.fullmatch(r"by \d{1,2}", window.lower()) and after:
                window = None  # "referred by 2 people": a count, not 2 pm
            if window:
                found.window, index, free = window, start + used, found.tail
                continue
            if word in {"by", "due", "before"} and _looks_like_a_time(following):
                # `by 3.30` or `due 12-04` means a time: refuse it rather than keep it as words.
                parse_window(following[0])
        free.append(words[index])
        index += 1
    if found.window is None and found.job_title and not found.tail:
        _title_window(found)  # `for the Java role tomorrow`
    if found.window is None:
        _trailing_window(found, keep)
    return found


_TIME_OR_DATE = re.compile(
    r"\d{1,2}(?:[:.]\d{2})?(?:am|pm)?|\d{1,4}[-./]\d{1,2}(?:[-./]\d{2,4})?", re.IGNORECASE
)


def _looks_like_a_time(following: list[str]) -> bool:
    """`by 3.30`, `by 5`, `due 12-04`: a time or date, not words ("by 2 people")."""
    word = following[0].rstrip(",.;:")
    if not _TIME_OR_DATE.fullmatch(word):
        return False
    return not (word.isdigit() and len(following) > 1 and following[1].isalpha())


_RANGE = re.compile(r"\d+ ?(?:-|–|to) ?\d+")


def _no_range(window: str | None, after: list[str]) -> None:
    """`within a day or two`: a range is no deadline; ask for one end of it."""
    if window and after and after[0].lower() in {"or", "to", "-", "–"}:
        raise InvalidInput(_range_fix(f"{window} {' '.join(after[:2])}"))


def _range_fix(typed: str) -> str:
    return f"“{typed[:40]}” is a range; pick the time you'll hold them to, e.g. `within 2d`."


def _job_mention(word: str) -> str | None:
    """The job order ref a word names, as the ledger writes it ("jo-3," → "JO-3")."""
    match = _JOB_MENTION.match(word)
    return match.group(1).upper() if match else None


def _title_words(words: list[str], start: int, found: Clauses) -> list[str]:
    """The words after `for` up to a window clause: a job order's title, as typed."""
    end = start
    while end < len(words) and not _window_starts(words, end, found):
        end += 1
    if end == start:
        raise InvalidInput("Say which job after `for`, e.g. `for JO-3` or `for Java Developer`.")
    return words[start:end]


def _window_starts(words: list[str], index: int, found: Clauses) -> bool:
    word = words[index].lower()
    if found.window is not None or word not in _POINT_WORDS | {"within"}:
        return False
    if word == "within":
        return True
    start = index + (1 if word in {"due", "before"} else 0)
    return _longest_window(words[start : index + 1 + _WINDOW_WORDS], False)[0] is not None


def _title_window(found: Clauses) -> None:
    """A deadline typed after a job's title: the title keeps at least one word."""
    title = Clauses(head=(found.job_title or "").split())
    _trailing_window(title, 1)
    if title.window is not None:
        found.window, found.job_title = title.window, " ".join(title.head)


def _trailing_window(found: Clauses, keep: int) -> None:
    """A window typed last without a keyword (`… tomorrow`, `… next week`, `… 48 hours`);
    a vague last word (`asap`, `soon`) is refused rather than kept as words.

    After a candidate's name (`keep`) any window counts; at the end of a note only one that
    can't be narration does ("spoke to her today" or "met him fri" stay words: say `by fri`).
    """
    free, kept = (found.tail, 0) if found.tail else (found.head, keep)
    for size in range(min(_WINDOW_WORDS, len(free) - kept), 0, -1):
        typed = " ".join(free[-size:])
        try:
            parse_window(typed)
        except WindowError as err:
            if _vague(free[-size:]):
                raise err from None
            continue
        whole = size == len(free)
        if not whole and free[-size - 1].lower().rstrip(",") in _NARRATION:
            if kept:  # "Jane Doe available next week": where does the name end?
                raise InvalidInput(NAME_FIX.format(" ".join(free)[:60]))
            return  # "she can start next week": the candidate's time, not a deadline
        if kept and not _DEADLINE_START.match(typed.lower()):
            # "Wei Sun", "Joe Monday", "Ana Mar 3": part of a name, or a deadline?
            name = " ".join(free[:-size])
            raise InvalidInput(
                f"Is “{typed}” part of the name or the deadline? For a deadline write "
                f'`by {typed}`; for a name put it in quotes: `"{name} {typed}"`.'
            )
        if keep or whole or _DEADLINE_START.match(typed.lower()):
            found.window = typed
            del free[-size:]
        return


def _vague(words: list[str]) -> bool:
    return " ".join(words).lower().rstrip("!.") in VAGUE_WORDS


def _longest_window(words: list[str], required: bool) -> tuple[str | None, int]:
    """The longest run of `words` that reads as a window, as typed (the ledger reads it again
    with the workspace's date order), and how many words it took."""
    for size in range(len(words), 0, -1):
        typed = " ".join(words[:size])
        try:
            parse_window(typed)
        except WindowError:
            continue
        return typed, size
    if required:
        _refuse_window(words)
    return None, 0


def _refuse_window(words: list[str]) -> None:
    """Refuse a window that must be there (after `within`), quoting all of it as typed: the words
    up to the next clause (`for JO-3`, `by fri`), not just the first."""
    end = next(
        (i for i, word in enumerate(words) if i and word.lower() in _CLAUSE_WORDS), len(words)
    )
    parse_window(" ".join(words[:end]))  # raises, since no run of `words` reads as a window
    parse_window(words[0])


def window_as_typed(words: list[str], size: int) -> str:
    typed = " ".join(words[:size])
    parse_window(typed)  # a typing mistake is refused at once
    return typed
