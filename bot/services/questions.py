"""Asking instead of guessing: a question with one-click choices, answered once by its person."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.errors import InvalidInput
from bot.ledger import Scope, questions
from bot.models import Question
from bot.outbox import Message
from bot.services.core import Core, Origin, Unit

WHO_OWES = "who_owes"  # after a call, email or talk whose note points both ways
WHICH_HEARD = "which_heard"  # `heard @partner` while they owe several things


@dataclass(frozen=True)
class Answering:
    """A click on one of a question's choices: settled in the same transaction as its effect."""

    question_id: int
    choice: str


def ask(
    core: Core,
    origin: Origin,
    *,
    kind: str,
    payload: dict[str, Any],
    say: Callable[[Question, Unit], Message],
) -> Question | None:
    """Record a question for the person who asked something, and show it to them."""

    def work(unit: Unit) -> Question:
        question = questions.ask(unit.scope, user_id=_who(origin), kind=kind, payload=payload)
        unit.answer(say(question, unit))
        return question

    return core.run(origin, work)


def settle(unit: Unit, origin: Origin, answering: Answering | None) -> Question | None:
    """Take the click's answer (nothing when the work was asked for directly)."""
    if answering is None:
        return None
    return questions.settle(
        unit.scope,
        question_id=answering.question_id,
        user_id=_who(origin),
        answer=answering.choice,
    )


def pending(core: Core, team_id: str, question_id: int) -> Question:
    """The question a click answers, as it was asked (for the handler to replay its request)."""

    def read(scope: Scope) -> Question:
        question = scope.session.get(Question, question_id)
        if question is None or question.team_id != team_id:
            raise InvalidInput("That question is no longer open; say it again and I'll ask.")
        scope.session.expunge(question)
        return question

    return core.read(team_id, read)


def _who(origin: Origin) -> str:
    assert origin.user_id is not None, "a question is always asked of a person"
    return origin.user_id
