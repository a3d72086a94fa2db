"""Questions the bot asks one person instead of guessing: who owes, which item. Answered once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from bot.errors import Conflict, InvalidInput, NotAllowed
from bot.ledger.scope import Scope
from bot.models import Question

KEPT = timedelta(days=7)  # an unanswered question older than this is asked again, not answered


def ask(scope: Scope, *, user_id: str, kind: str, payload: dict[str, Any]) -> Question:
    """Record a question for `user_id`; its buttons carry its id."""
    question = Question(
        team_id=scope.team_id, user_id=user_id, kind=kind, payload=payload, created_at=scope.now
    )
    scope.session.add(question)
    scope.session.flush()
    return question


def settle(scope: Scope, *, question_id: int, user_id: str, answer: str) -> Question:
    """Take `answer` to the question, once: a second click (or a race) changes nothing.

    Only the person asked may answer; an old question must be asked again.
    """
    question = scope.session.get(Question, question_id)
    if question is None or question.team_id != scope.team_id:
        raise InvalidInput("That question is no longer open; say it again and I'll ask again.")
    if question.user_id != user_id:
        raise NotAllowed("That question was for someone else; only they can answer it.")
    if question.answered_at is not None:
        raise Conflict("You already answered that question.")
    if scope.now - question.created_at > KEPT:
        raise InvalidInput("That question is more than a week old; say it again and I'll ask.")
    taken = scope.session.execute(
        update(Question)
        .where(Question.id == question.id, Question.answered_at.is_(None))
        .values(answered_at=scope.now, answer=answer[:64])
        .returning(Question.id)
        .execution_options(synchronize_session=False)
    ).first()
    if taken is None:
        raise Conflict("You already answered that question.")
    scope.session.refresh(question)
    return question
