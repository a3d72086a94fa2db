"""The words of a split's money steps: `accepted F-7`, `placed F-7 start <date> fee <amount>
[salary <amount>]`, `paid P-3 [amount]`, `received P-3` (no Slack calls)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.errors import InvalidInput

_FOLLOW_UP = re.compile(r"^F-?\d{1,9}$", re.IGNORECASE)
_PLACEMENT = re.compile(r"^P-?\d{1,9}$", re.IGNORECASE)
PLACED_FIX = "e.g. `placed F-7 start 2027-01-04 fee $25,000` (or `fee 20% salary $120,000`)"
_KEYS = ("start", "fee", "salary")


@dataclass(frozen=True)
class DealWords:
    """A money verb's fields as typed (None: not given)."""

    ref: str | None
    start: str | None = None
    amount: str | None = None
    salary: str | None = None
    note: str | None = None  # a fall-off's reason


def deal_words(verb: str, words: list[str]) -> DealWords:
    """The fields of `accepted`, `placed`, `paid` or `received`; InvalidInput with an example."""
    placement = verb in {"paid", "received", "falloff"}
    pattern, example = (_PLACEMENT, "P-3") if placement else (_FOLLOW_UP, "F-7")
    if not words:
        return DealWords(None)
    ref, rest = words[0].rstrip(",;:.").upper(), words[1:]
    if not pattern.match(ref):
        raise InvalidInput(f"Start with the ref, e.g. `{verb} {example}`.")
    if verb == "placed":
        fields = _keyed(rest)
        if not fields.get("start") or not fields.get("fee"):
            raise InvalidInput(f"Say the start date and the fee, {PLACED_FIX}.")
        return DealWords(ref, fields["start"], fields["fee"], fields.get("salary"))
    if verb == "falloff":
        if not rest:
            raise InvalidInput(f"Say why, e.g. `falloff {ref} left in week 2`.")
        return DealWords(ref, note=" ".join(rest))
    if verb == "paid":
        return DealWords(ref, amount=" ".join(rest) or None)
    if rest:
        raise InvalidInput(f"Just the ref, e.g. `{verb} {ref}`.")
    return DealWords(ref)


def _keyed(words: list[str]) -> dict[str, str]:
    """Words after each of `start`, `fee` and `salary`, in any order."""
    fields: dict[str, list[str]] = {}
    key: str | None = None
    for word in words:
        if word.lower().rstrip(":") in _KEYS:
            key = word.lower().rstrip(":")
            fields[key] = []
        elif key is None:
            raise InvalidInput(f"Say the start date and the fee, {PLACED_FIX}.")
        else:
            fields[key].append(word)
    return {key: " ".join(value) for key, value in fields.items() if value}
