"""Each verb of `/followthrough` (and of @mentions and forms): call the core, word the reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import ledger
from bot.errors import InvalidInput
from bot.ledger import ConversationRecorded, Resolved, SubmissionRecorded
from bot.models import (
    ConversationKind,
    FollowUp,
    FollowUpKind,
    Member,
    Question,
    Resolution,
)
from bot.outbox import Message
from bot.services import Origin, Unit, answers, calls, deals, members, questions, reading
from bot.services.questions import Answering
from handlers import deal_verbs, job_verbs, settings_verbs
from handlers.context import Deps
from handlers.grammar import CONVERSATION_VERBS, Request, Verb
from handlers.obligations import Owes
from handlers.people import meet
from handlers.profile import change_profile, describe_profile
from handlers.render import network
from handlers.render.escape import shown
from handlers.render.ledger_views import list_reply, scorecard_line
from handlers.render.questions import which_heard_question, who_owes_question
from handlers.render.terms import awaiting_terms_reply, duplicate_words
from handlers.render.words import for_both, mention
from handlers.texts import HELP


@dataclass(frozen=True)
class Invocation:
    """Who asked, as which recorded request, and what they can reach."""

    deps: Deps
    origin: Origin
    track: tuple[str, str] | None = None  # a message turned into a follow-up: (channel, ts)

    @property
    def user_id(self) -> str:
        assert self.origin.user_id is not None
        return self.origin.user_id

    @property
    def team_id(self) -> str:
        return self.origin.team_id


def run(request: Request, who: Invocation) -> None:
    """Carry out a complete request (no missing fields); the reply goes out through the outbox."""
    people = [who.user_id] + ([request.partner] if request.partner else [])
    meet(who.deps, who.team_id, people)
    VERBS[request.verb](request, who)


def _submit(request: Request, who: Invocation) -> None:
    def say(recorded: SubmissionRecorded, exporter: Member) -> Message:
        follow_up = recorded.follow_up
        if recorded.awaits_terms:
            lines = [awaiting_terms_reply(recorded)]
        else:
            due = for_both(follow_up.due_at, exporter, follow_up.debtor)
            lines = [
                f"Submitted *{shown(recorded.submission.candidate)}* to "
                f"{mention(follow_up.debtor)}{_job_words(follow_up)}. "
                f"{follow_up.ref}: they owe you an answer by {due}."
            ]
        lines += [
            f"That keeps your promise {kept.ref} ({shown(kept.what)})."
            for kept in recorded.fulfilled
        ]
        if recorded.first is not None:
            lines.append(duplicate_words(recorded.submission, recorded.first, exporter))
        if recorded.tip:
            lines.append(recorded.tip)
        return Message("\n".join(lines))

    deals.submit(
        who.deps.core,
        who.origin,
        importer_id=_required(request.partner),
        candidate=request.candidate or "",
        job=request.job,
        window=request.window,
        note=request.note,
        job_title=request.job_title,
        say=say,
    )


def conversation(request: Request, who: Invocation, answering: Answering | None = None) -> None:
    """Log a call, email or talk; when its note points both ways, ask who owes first."""
    owed = request.owed_by or Owes.PARTNER.value
    if owed == Owes.ASK.value:
        _ask_who_owes(request, who)
        return
    kind = ConversationKind(request.verb.value)

    def say(recorded: ConversationRecorded, caller: Member) -> Message:
        partner = recorded.conversation.partner
        logged = f"Logged your {kind.value} with {mention(partner)}"
        follow_up = recorded.follow_up
        if follow_up is None:
            return Message(f"{logged}. Nothing is owed.")
        due, what = for_both(follow_up.due_at, caller, partner), shown(follow_up.what)
        owes = "they owe you" if follow_up.debtor_id == partner.id else "you owe them"
        return Message(f"{logged}. {follow_up.ref} · {owes}: *{what}*, due {due}.")

    deals.log_conversation(
        who.deps.core,
        who.origin,
        partner_id=_required(request.partner),
        kind=kind,
        job=request.job,
        note=request.note,
        owed_by=ledger.OwedBy.CALLER if owed == "candidates" else ledger.OwedBy(owed),
        promise=FollowUpKind.SEND_CANDIDATES if owed == "candidates" else None,
        window=request.window,
        track=who.track,
        say=say,
        answering=answering,
    )


def _ask_who_owes(request: Request, who: Invocation) -> None:
    partner_id = _required(request.partner)
    payload = {
        "verb": request.verb.value,
        "partner": partner_id,
        "job": request.job,
        "window": request.window,
        "note": request.note,
        "track": list(who.track) if who.track else None,
    }

    def say(question: Question, unit: Unit) -> Message:
        partner = ledger.get_member(unit.scope, partner_id)
        return Message(*who_owes_question(question, request.verb.value, partner, request.note))

    questions.ask(who.deps.core, who.origin, kind=questions.WHO_OWES, payload=payload, say=say)


def _list(request: Request, who: Invocation) -> None:
    page = _page(request.args)

    def question(unit: Unit) -> Message:
        standing = reading.standing(unit.scope, who.user_id, page=page)
        return Message(
            *list_reply(standing.owed, standing.owed_to_me, standing.reader, unit.scope.now)
        )

    reading.tell(who.deps.core, who.origin, question)


def _page(args: tuple[str, ...]) -> int:
    if not args:
        return 1
    if len(args) == 1 and args[0].isdigit() and 1 <= int(args[0]) <= 1000:
        return int(args[0])
    raise InvalidInput("Try `list` for what is due soonest, or `list 2` for the next page.")


def _resolve(resolution: Resolution) -> Callable[[Request, Invocation], None]:
    def resolve(request: Request, who: Invocation) -> None:
        def say(resolved: Resolved, _actor: Member) -> Message:
            follow_up = resolved.follow_up
            return Message(f"{follow_up.ref} is {follow_up.state.value}: {shown(follow_up.what)}.")

        answers.answer(
            who.deps.core,
            who.origin,
            ref=_required(request.ref),
            resolution=resolution,
            note=request.note,
            say=say,
        )

    return resolve


def heard(
    request: Request,
    who: Invocation,
    *,
    only: list[int] | None = None,
    answering: Answering | None = None,
) -> None:
    """The partner got back to me; if they owe several things, ask which first."""

    def say(closed: list[FollowUp], _actor: Member) -> Message:
        items = "; ".join(f"{f.ref} ({shown(f.what)})" for f in sorted(closed, key=lambda f: f.id))
        return Message(f"Marked as heard back from {mention(closed[0].debtor)}: {items}.")

    def which(question: Question, owed: list[FollowUp], unit: Unit) -> Message:
        reader = ledger.get_member(unit.scope, who.user_id)
        return Message(
            *which_heard_question(question, owed[0].debtor, owed, reader, unit.scope.now)
        )

    answers.heard(
        who.deps.core,
        who.origin,
        partner_id=_required(request.partner),
        say=say,
        which=which,
        only=only,
        answering=answering,
    )


def _snooze(request: Request, who: Invocation) -> None:
    def say(follow_up: FollowUp, actor: Member) -> Message:
        other = follow_up.creditor if actor.id == follow_up.debtor_id else follow_up.debtor
        return Message(
            f"{follow_up.ref} snoozed: now due {for_both(follow_up.due_at, actor, other)}."
        )

    answers.snooze(
        who.deps.core,
        who.origin,
        ref=_required(request.ref),
        window=_required(request.window),
        say=say,
    )


def _reopen(request: Request, who: Invocation) -> None:
    def say(follow_up: FollowUp, _actor: Member) -> Message:
        return Message(f"{follow_up.ref} is open again: {shown(follow_up.what)}.")

    calls.reopen_follow_up(who.deps.core, who.origin, ref=_required(request.ref), say=say)


def _stats(request: Request, who: Invocation) -> None:
    subject = request.partner or who.user_id
    reading.tell(
        who.deps.core,
        who.origin,
        lambda unit: Message(scorecard_line(ledger.scorecard(unit.scope, subject))),
    )


def _partners(request: Request, who: Invocation) -> None:
    niche = _required(request.niche)

    def question(unit: Unit) -> Message:
        found = ledger.find_partners(unit.scope, niche)
        return Message(network.directory(niche, found, unit.scope.team_id))

    reading.tell(who.deps.core, who.origin, question)


def _profile(request: Request, who: Invocation) -> None:
    settings = who.deps.core.settings
    if not request.args:
        reading.tell(
            who.deps.core,
            who.origin,
            lambda unit: Message(
                describe_profile(ledger.get_member(unit.scope, who.user_id), settings)
            ),
        )
        return
    members.change_profile(
        who.deps.core,
        who.origin,
        change=lambda scope: change_profile(scope, who.user_id, request.args),
        say=lambda member, _reader: Message("Saved. " + describe_profile(member, settings)),
    )


def _help(_request: Request, who: Invocation) -> None:
    reading.tell(who.deps.core, who.origin, lambda _unit: Message(HELP))


def _required(value: str | None) -> str:
    if not value:
        raise InvalidInput("Something is missing; try `/followthrough help` for the grammar.")
    return value


def _job_words(follow_up: FollowUp) -> str:
    job = follow_up.job_order
    return f" for {job.ref} {shown(job.title)}" if job else ""


VERBS: dict[Verb, Callable[[Request, Invocation], None]] = {
    Verb.SUBMIT: _submit,
    **dict.fromkeys(CONVERSATION_VERBS, conversation),
    Verb.JOB: job_verbs.job,
    Verb.JOBS: job_verbs.board,
    Verb.LIST: _list,
    Verb.DONE: _resolve(Resolution.DONE),
    Verb.CANCEL: _resolve(Resolution.CANCELLED),
    Verb.HEARD: heard,
    Verb.SNOOZE: _snooze,
    Verb.REOPEN: _reopen,
    Verb.INTERVIEW: deal_verbs.interview,
    Verb.FEEDBACK: deal_verbs.feedback,
    Verb.ACCEPTED: deal_verbs.accepted,
    Verb.PLACED: deal_verbs.placed,
    Verb.PAID: deal_verbs.paid,
    Verb.RECEIVED: deal_verbs.received,
    Verb.FALLOFF: deal_verbs.falloff,
    Verb.TIMELINE: deal_verbs.timeline,
    Verb.STATS: _stats,
    Verb.PARTNERS: _partners,
    Verb.PROFILE: _profile,
    Verb.SETTINGS: settings_verbs.settings,
    Verb.HELP: _help,
}
