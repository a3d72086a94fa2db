"""Clicks answering a question the bot asked: the asked-about request goes ahead as chosen."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.errors import InvalidInput
from bot.services import Origin, questions
from bot.services.questions import Answering
from handlers.context import Deps
from handlers.grammar import Request, Verb
from handlers.obligations import Owes
from handlers.verbs import Invocation, conversation, heard

STALE = "That question is out of date; say it again and I'll ask again."
OWES = frozenset(owes.value for owes in Owes if owes is not Owes.ASK)


def run_answer(deps: Deps, origin: Origin, action: dict[str, Any]) -> None:
    """Carry out the request the question was about, with the choice clicked (once)."""
    question_id, choice = _chosen(action)
    question = questions.pending(deps.core, origin.team_id, question_id)
    payload = question.payload
    answering = Answering(question_id, choice)
    # The answer takes the question's place in the conversation.
    if origin.reply is not None:
        origin = replace(origin, reply=replace(origin.reply, replace=True))
    if question.kind == questions.WHO_OWES and choice in OWES:
        track = payload.get("track")
        request = Request(
            Verb(payload["verb"]),
            partner=payload["partner"],
            job=payload.get("job"),
            window=payload.get("window"),
            note=payload.get("note"),
            owed_by=choice,
        )
        who = Invocation(deps, origin, track=(str(track[0]), str(track[1])) if track else None)
        conversation(request, who, answering)
    elif question.kind == questions.WHICH_HEARD and (choice == "all" or choice.isdigit()):
        asked = [int(ref) for ref in payload.get("follow_ups", [])]
        only = asked if choice == "all" else [int(choice)]
        request = Request(Verb.HEARD, partner=payload["partner"])
        heard(request, Invocation(deps, origin), only=only, answering=answering)
    else:
        raise InvalidInput(STALE)


def _chosen(action: dict[str, Any]) -> tuple[int, str]:
    question, _, choice = str(action.get("value", "")).partition(":")
    if not question.isdigit() or len(question) > 12 or not choice or len(choice) > 24:
        raise InvalidInput(STALE)
    return int(question), choice
