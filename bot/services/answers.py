"""Every way a follow-up changes by a person: an answer, done, heard, snooze, cancel."""

from __future__ import annotations

from collections.abc import Callable

from bot import ledger
from bot.errors import AlreadyClosed, NotAllowed, UserError
from bot.ledger import Resolved, Scope
from bot.ledger import questions as ledger_questions
from bot.ledger.activity import log_activity
from bot.ledger.followups import clean_note, clip_note, snoozed_due, window_or_default
from bot.ledger.messages import follow_ups_about
from bot.models import FollowUp, FollowUpKind, Member, MessageKind, Question, Resolution
from bot.outbox import Message, ReplyTo
from bot.services import questions
from bot.services.announce import announce_heard, announce_outcome, announce_snooze
from bot.services.core import Core, Origin, Unit
from bot.services.deals import Say
from bot.services.questions import Answering


def answer(
    core: Core,
    origin: Origin,
    *,
    ref: str | int,
    resolution: Resolution,
    note: str | None = None,
    say: Say[Resolved] | None = None,
    seen: int | None = None,
) -> Resolved | None:
    """Close a follow-up with an outcome (an answer, done, called back …) and tell the others."""

    def work(unit: Unit) -> Resolved:
        actor_id = _who(origin)
        if resolution is Resolution.CANCELLED:
            follow_up = ledger.cancel(unit.scope, ref=ref, actor_id=actor_id, reason=note)
            resolved = Resolved(follow_up)
        else:
            resolved = ledger.resolve(
                unit.scope, ref=ref, actor_id=actor_id, resolution=resolution, note=note, seen=seen
            )
        actor = ledger.get_member(unit.scope, actor_id)
        announce_outcome(unit, resolved.follow_up, actor, resolved.opened)
        if say is not None:
            unit.answer(say(resolved, actor))
        return resolved

    return core.run(origin, work)


Which = Callable[[Question, list[FollowUp], Unit], Message]


def heard(
    core: Core,
    origin: Origin,
    *,
    partner_id: str,
    say: Say[list[FollowUp]],
    which: Which,
    only: list[int] | None = None,
    answering: Answering | None = None,
) -> list[FollowUp] | None:
    """The partner got back to me: close what they owe me and tell them (in one notice).

    When they owe several things and the person did not say which (`only`), nothing is closed:
    they are asked, with one click per item or all of them.
    """

    def work(unit: Unit) -> list[FollowUp]:
        questions.settle(unit, origin, answering)
        actor_id = _who(origin)
        owed = ledger.owed_between(unit.scope, debtor_id=partner_id, creditor_id=actor_id)
        if only is None and len(owed) > 1:
            payload = {"partner": partner_id, "follow_ups": [f.id for f in owed]}
            asked = ledger_questions.ask(
                unit.scope, user_id=actor_id, kind=questions.WHICH_HEARD, payload=payload
            )
            unit.answer(which(asked, owed, unit))
            return []
        chosen = owed if only is None else [f for f in owed if f.id in only]
        if not chosen:
            refs = ", ".join(f"F-{ref}" for ref in only or [])
            raise AlreadyClosed(f"{refs} {'is' if len(only or []) == 1 else 'are'} already closed.")
        closed = ledger.heard(unit.scope, actor_id=actor_id, follow_ups=chosen)
        actor = ledger.get_member(unit.scope, actor_id)
        announce_heard(unit, closed, actor)
        unit.answer(say(closed, actor))
        return closed

    return core.run(origin, work)


def snooze(
    core: Core,
    origin: Origin,
    *,
    ref: str | int,
    window: str,
    say: Say[FollowUp],
    seen: int | None = None,
) -> FollowUp | None:
    """More time for the debtor; the other party is told the new due time."""

    def work(unit: Unit) -> FollowUp:
        actor_id = _who(origin)
        follow_up = ledger.snooze(unit.scope, ref=ref, actor_id=actor_id, window=window, seen=seen)
        actor = ledger.get_member(unit.scope, actor_id)
        announce_snooze(unit, follow_up, actor)
        unit.answer(say(follow_up, actor))
        return follow_up

    return core.run(origin, work)


def snooze_problem(
    core: Core,
    team_id: str,
    *,
    ref: str,
    user_id: str,
    window: str,
    say: Callable[[FollowUp, Member], str],
) -> str | None:
    """Why a snooze would give no more time, worded by `say` for whoever asks (a read, for the
    ack); None when it would, or when it will be refused for another reason as it is done."""

    def problem(scope: Scope) -> str | None:
        try:
            follow_up = ledger.get_follow_up(scope, ref)
            due = snoozed_due(scope, follow_up, window_or_default(scope, window))
            reader = ledger.get_member(scope, user_id)
        except UserError:
            return None  # said when the snooze is carried out
        if not follow_up.is_open or due > follow_up.due_at:
            return None
        return say(follow_up, reader)

    return core.read(team_id, problem)


Pick = Callable[[FollowUp, Member], Message]


def replied_on_message(
    core: Core,
    origin: Origin,
    *,
    channel: str,
    ts: str,
    words: str | None,
    how: str,
    pick: Pick,
) -> list[FollowUp] | None:
    """The debtor replied in the thread of (or ✅'d) a card or tracked message.

    A submission needs a decision, not a "done": the importer's words are relayed to the
    exporter as they wrote them, and the importer is asked (only they see it, in the thread)
    to pick Interested, Need more info or Pass. Anything else is answered by the reply: closed
    with their words, which the partner reads. Anyone else's reply changes nothing.
    """

    def work(unit: Unit) -> list[FollowUp]:
        member = ledger.find_member(unit.scope, _who(origin))
        if member is None:
            return []
        owed = [
            f
            for f in follow_ups_about(unit.scope, channel=channel, ts=ts)
            if f.debtor_id == member.id
        ]
        for follow_up in owed:
            if follow_up.kind is FollowUpKind.RESPOND:
                if words:
                    note = clean_note(clip_note(words))
                    log_activity(
                        unit.scope, "replied", actor=member, follow_up=follow_up, note=note
                    )
                    relayed = unit.wording.reply_relayed(follow_up, member, note or "")
                    unit.post.dm(follow_up.creditor, relayed, MessageKind.NOTICE, about=follow_up)
                asked = ReplyTo(channel=channel, thread_ts=ts)
                unit.post.reply(asked, member.slack_user_id, pick(follow_up, member))
                continue
            result = ledger.resolve(
                unit.scope,
                ref=follow_up.id,
                actor_id=member.slack_user_id,
                resolution=Resolution.DONE,
                note=clip_note(words) if words else how,
            )
            announce_outcome(unit, result.follow_up, member, result.opened)
        return owed

    return core.run(origin, work)


def check_debtor(core: Core, team_id: str, *, ref: int, user_id: str) -> FollowUp:
    """The follow-up a debtor is about to answer in a form (NotAllowed for anyone else)."""

    def question(scope: ledger.Scope) -> FollowUp:
        follow_up = ledger.get_follow_up(scope, ref)
        member = ledger.get_member(scope, user_id)
        if member.id != follow_up.debtor_id:
            raise NotAllowed(f"Only {follow_up.debtor.name} can answer {follow_up.ref}.")
        ledger.require_open(scope, follow_up, member)
        return follow_up

    return core.read(team_id, question)


def _who(origin: Origin) -> str:
    assert origin.user_id is not None, "a person's change always has a user"
    return origin.user_id


__all__ = ["answer", "check_debtor", "heard", "replied_on_message", "snooze"]
