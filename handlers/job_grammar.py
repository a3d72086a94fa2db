"""The words of a job order: `<title> [client …] [location …] [fee n%] [split a/b] [guarantee 90d]
[note …]`, in any order after the title (a note runs to the end), keywords in any case; and what
becomes of one (`close JO-3`, `filled JO-3`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidInput

FEE = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)\s*%?$")
GUARANTEE = re.compile(r"^(\d{1,4})\s*(?:d|-?days?)?$", re.IGNORECASE)
SPLIT = re.compile(r"^(\d{1,3})\s*%?\s*(?:[/:-]\s*|\s+)(\d{1,3})\s*%?$")
# `job close JO-3 …` and `job filled JO-3 …`: what becomes of the job order.
OUTCOMES = {"close": "closed", "closed": "closed", "fill": "filled", "filled": "filled"}
FEE_FIX = "Write the fee as a percentage up to 100, e.g. `fee 25%`."
SPLIT_FIX = (
    "Write the split as whole percentages that add up to 100, yours first, e.g. `split 60/40`."
)
GUARANTEE_FIX = "Write the guarantee in days, e.g. `guarantee 90d` (or `guarantee 60 days`)."
_NAMED = ("client", "location")
_TERMS = ("fee", "split", "guarantee", "note")


@dataclass(frozen=True)
class JobWords:
    """A job order as typed, each field where it belongs (a place without `location` stays
    part of the client: those are the user's words, and nothing is guessed)."""

    title: list[str]
    client: list[str]
    location: list[str]
    fee: float | None
    split: int | None  # the importer's share, in percent
    guarantee: int | None = None  # days
    note: list[str] | None = None  # the terms' note, word for word


def job_words(words: list[str]) -> JobWords:
    """Sort the words after `job` into fields; InvalidInput with the fix for a bad fee or split."""
    fields: dict[str, list[str]] = {"title": [], "client": [], "location": []}
    target, fee, split, guarantee, note = "title", None, None, None, None
    keys = [word.lower().rstrip(":") for word in words]
    # A keyword typed twice ("Head of Client Relations client Acme"): the last one counts.
    last = {key: index for index, key in enumerate(keys) if key in {*_NAMED, *_TERMS}}
    index = 0
    while index < len(words):
        word, key = words[index], keys[index]
        if key in last and last[key] != index:
            key = ""
        if not fields["title"]:  # the first word always belongs to the title
            fields["title"].append(word)
        elif key in _NAMED:
            target = key
        elif key == "fee":
            fee, used = _fee(words[index + 1 :])
            index += used
        elif key == "split":
            split, used = _split(words[index + 1 :])
            index += used
        elif key == "guarantee":
            guarantee, used = _guarantee(words[index + 1 :])
            index += used
        elif key == "note":
            note = words[index + 1 :]
            break
        else:
            fields[target].append(word)
        index += 1
    title, client, location = fields["title"], fields["client"], fields["location"]
    return JobWords(title, client, location, fee, split, guarantee, note)


def guarantee_days(text: str) -> int:
    """The guarantee in days as written ("90d", "90 days", "90"); InvalidInput if not."""
    days, _used = _guarantee(text.split())
    return days


def business_days(text: str) -> int:
    """A number of business days as written ("1d", "2", "2 days"); InvalidInput if not."""
    match = GUARANTEE.match(text)
    if not match:
        raise InvalidInput("Write business days, e.g. `settings feedback 1d`.")
    return int(match.group(1))


def _guarantee(words: list[str]) -> tuple[int, int]:
    """The guarantee after `guarantee` ("90d", "90 days", "90-day"), and the words it took.

    Months are refused: 3 months is 89 to 92 days, and a refund clock can't guess which."""
    for size in (2, 1):
        match = GUARANTEE.match(" ".join(words[:size])) if len(words) >= size else None
        if match and 0 < int(match.group(1)) <= 730:
            unit = words[size].lower() if len(words) > size else ""
            if size == 1 and unit.startswith(("mo", "month", "week", "wk", "year", "yr")):
                break  # "3 months": not a number of days
            return int(match.group(1)), size
    raise InvalidInput(GUARANTEE_FIX)


def split_share(text: str) -> int:
    """The importer's share in a split as written ("60/40", "60 / 40"); InvalidInput if not."""
    share, _used = _split([text])
    return share


def fee_percent(text: str) -> float:
    """The fee as written ("25%", "25"); InvalidInput with the fix if not."""
    fee, _used = _fee([text])
    return fee


def outcome_example(outcome: str) -> str:
    """How to close or fill a job order, for a refusal that names no job order."""
    example = "close JO-3 client hired internally" if outcome == "closed" else "filled JO-3"
    return f"Say which job order, e.g. `job {example}`."


def _fee(words: list[str]) -> tuple[float, int]:
    """The fee after `fee` ("25%", "25", "25 %"), and how many words it took."""
    match = FEE.match(words[0]) if words else None
    if not match or not 0 < float(match.group(1)) <= 100:
        raise InvalidInput(FEE_FIX)
    fee = float(match.group(1))
    if fee < 1:
        raise InvalidInput(fraction_fix(fee))
    return fee, 2 if words[1:2] == ["%"] else 1


def fraction_fix(fee: float) -> str:
    """A fee written as a fraction ("0.2"): a recruiter means a percentage; ask, never guess."""
    return (
        f"A fee of {fee:g}% is under one percent; write the percentage, e.g. `fee {fee * 100:g}%`."
    )


def _split(words: list[str]) -> tuple[int, int]:
    """The importer's share after `split` ("60/40", "60-40", "60:40", "60 / 40", "60 40"), and
    how many words it took."""
    for size in (3, 2, 1):
        match = SPLIT.match(" ".join(words[:size])) if len(words) >= size else None
        if match:
            ours, theirs = int(match.group(1)), int(match.group(2))
            if ours + theirs != 100 or not ours or not theirs:
                raise InvalidInput(SPLIT_FIX)
            return ours, size
    raise InvalidInput(SPLIT_FIX)
