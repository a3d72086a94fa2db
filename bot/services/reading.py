"""Questions people ask the ledger: what I owe and am owed, scorecards, partners, the Home tab."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from bot import ledger
from bot.ledger import Page, Scorecard
from bot.models import Member
from bot.outbox import Message
from bot.services.core import Core, Origin, Unit

T = TypeVar("T")


@dataclass(frozen=True)
class Standing:
    """One member's open follow-ups both ways, and their scorecard."""

    reader: Member
    owed: Page
    owed_to_me: Page
    card: Scorecard


def standing(scope: ledger.Scope, user_id: str, *, page: int = 1, size: int = 40) -> Standing:
    """What a member owes, what is owed to them (a page of each), and how they score."""
    return Standing(
        ledger.get_member(scope, user_id),
        ledger.owed_by(scope, user_id, page=page, size=size),
        ledger.owed_to(scope, user_id, page=page, size=size),
        ledger.scorecard(scope, user_id),
    )


def tell(core: Core, origin: Origin, question: Callable[[Unit], Message]) -> None:
    """Answer a question (list, stats, partners, help …) to the person who asked."""
    core.run(origin, lambda unit: unit.answer(question(unit)))


def look(core: Core, origin: Origin, question: Callable[[Unit], T]) -> T | None:
    """Answer a question whose answer is shown elsewhere (the Home tab), completing the request."""
    return core.run(origin, question)
