"""Each verb of `/followthrough` (and of @mentions and modals): call the core, say what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot import ledger
from bot.errors import InvalidInput
from bot.models import ConversationKind, FollowUp, FollowUpKind, Member, Resolution
from handlers.grammar import CONVERSATION_VERBS, Request, Verb
from handlers.notify import Messenger
from handlers.profile import change_profile, describe_profile
from handlers.render.blocks import Block
from handlers.render.cards import outcome_notice, snoozed_notice
from handlers.render.ledger_views import list_reply, scorecard_line
from handlers.render.words import mention, when
from handlers.services import Services
from handlers.texts import HELP, settings_summary


@dataclass(frozen=True)
class Reply:
    """What the person who asked sees (ephemerally)."""

    text: str
    blocks: list[Block] | None = None
    refused: bool = False  # a fix-it line or apology rather than a result
    follow_up: FollowUp | None = None  # the follow-up the request opened, if any


@dataclass(frozen=True)
class Invocation:
    """Who asked, and how to reach Slack on their workspace's behalf."""

    messenger: Messenger
    user_id: str

    @property
    def services(self) -> Services:
        return self.messenger.services

    @property
    def team_id(self) -> str:
        return self.messenger.team_id


def run(request: Request, who: Invocation) -> Reply:
    """Carry out a complete request (no missing fields) and describe the result."""
    people = [who.user_id] + ([request.partner] if request.partner else [])
    who.services.know(who.messenger.client, who.team_id, *people)
    return VERBS[request.verb](request, who)


def _submit(request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        recorded = ledger.record_submission(
            scope,
            exporter_id=who.user_id,
            importer_id=_required(request.partner),
            candidate=request.candidate or "",
            job=request.job,
            window=request.window,
            note=request.note,
        )
        exporter = recorded.submission.exporter
    follow_up = recorded.follow_up
    delivered = who.messenger.send_card(follow_up)
    lines = [
        f"Submitted *{recorded.submission.candidate}* to {mention(follow_up.debtor)}"
        f"{_job_words(follow_up)}. {follow_up.ref}: they owe you an answer by "
        f"{when(follow_up.due_at, exporter)}."
    ]
    lines += [f"That keeps your promise {kept.ref} ({kept.what})." for kept in recorded.fulfilled]
    if not delivered:
        lines.append("I couldn't DM them just now; they will see it in `list` and their Home tab.")
    if recorded.tip:
        lines.append(recorded.tip)
    return Reply("\n".join(lines), follow_up=follow_up)


def _conversation(request: Request, who: Invocation) -> Reply:
    owed = request.owed_by or "partner"
    with who.services.scope(who.team_id) as scope:
        recorded = ledger.record_conversation(
            scope,
            caller_id=who.user_id,
            partner_id=_required(request.partner),
            kind=ConversationKind(request.verb.value),
            job=request.job,
            note=request.note,
            owed_by=ledger.OwedBy.CALLER if owed == "candidates" else ledger.OwedBy(owed),
            promise=FollowUpKind.SEND_CANDIDATES if owed == "candidates" else None,
            window=request.window,
        )
        caller, partner = recorded.conversation.caller, recorded.conversation.partner
    kind = {"call": "call", "email": "email", "talk": "talk"}[request.verb.value]
    logged = f"Logged your {kind} with {mention(partner)}"
    follow_up = recorded.follow_up
    if follow_up is None:
        who.messenger.tell(partner, f"{mention(caller)} logged a {kind} with you. Nothing is owed.")
        return Reply(f"{logged}. Nothing is owed.")
    due = when(follow_up.due_at, caller)
    if follow_up.debtor_id == partner.id:
        who.messenger.send_card(follow_up)
        return Reply(
            f"{logged}. {follow_up.ref}: they owe you {follow_up.what} by {due}.",
            follow_up=follow_up,
        )
    who.messenger.tell(
        partner,
        f"{mention(caller)} logged a {kind} with you and owes you *{follow_up.what}* by "
        f"{when(follow_up.due_at, partner)} ({follow_up.ref}).",
    )
    return Reply(
        f"{logged}. {follow_up.ref}: you owe them {follow_up.what} by {due}.", follow_up=follow_up
    )


def _job(request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        job = ledger.record_job_order(
            scope,
            importer_id=who.user_id,
            title=request.title or "",
            client=request.client,
            fee_percent=request.fee_percent,
        )
    extras = [
        part
        for part in (job.client, f"{job.fee_percent:g}% fee" if job.fee_percent else None)
        if part
    ]
    detail = f" ({', '.join(extras)})" if extras else ""
    return Reply(f"Posted *{job.ref} {job.title}*{detail}. Partners submit with `for {job.ref}`.")


def _list(_request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        reader = ledger.get_member(scope, who.user_id)
        owed = ledger.owed_by(scope, who.user_id)
        owed_to_me = ledger.owed_to(scope, who.user_id)
        text, blocks = list_reply(owed, owed_to_me, reader, scope.now)
    return Reply(text, blocks)


def _resolve(resolution: Resolution) -> Callable[[Request, Invocation], Reply]:
    def resolve(request: Request, who: Invocation) -> Reply:
        with who.services.scope(who.team_id) as scope:
            ref = _required(request.ref)
            if resolution is Resolution.CANCELLED:
                follow_up = ledger.cancel(scope, ref=ref, actor_id=who.user_id, reason=request.note)
                opened: list[FollowUp] = []
            else:
                result = ledger.resolve(
                    scope, ref=ref, actor_id=who.user_id, resolution=resolution, note=request.note
                )
                follow_up, opened = result.follow_up, result.opened
            actor = ledger.get_member(scope, who.user_id)
        announce_outcome(who.messenger, follow_up, actor, opened)
        return Reply(f"{follow_up.ref} is {follow_up.state.value}: {follow_up.what}.")

    return resolve


def _heard(request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        resolved = ledger.heard(scope, actor_id=who.user_id, partner_id=_required(request.partner))
        actor = ledger.get_member(scope, who.user_id)
    for follow_up in resolved:
        announce_outcome(who.messenger, follow_up, actor, [])
    refs = ", ".join(f.ref for f in resolved)
    return Reply(f"Marked as heard back from {mention(resolved[0].debtor)}: {refs}.")


def _snooze(request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        follow_up = ledger.snooze(
            scope,
            ref=_required(request.ref),
            actor_id=who.user_id,
            window=_required(request.window),
        )
        actor = ledger.get_member(scope, who.user_id)
    for party in (follow_up.debtor, follow_up.creditor):
        if party.id != actor.id:
            who.messenger.tell(party, snoozed_notice(follow_up, actor, party))
    return Reply(f"{follow_up.ref} snoozed: now due {when(follow_up.due_at, actor)}.")


def _stats(request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        card = ledger.scorecard(scope, request.partner or who.user_id)
    return Reply(scorecard_line(card))


def _partners(request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        found = ledger.find_partners(scope, _required(request.niche))
    if not found:
        return Reply(f"No one lists “{request.niche}” yet. Ask partners to add it with `profile`.")
    names = "\n".join(f"• {mention(m)} — {m.specializations}" for m in found[:25])
    return Reply(f"Partners for “{request.niche}”:\n{names}")


def _profile(request: Request, who: Invocation) -> Reply:
    with who.services.scope(who.team_id) as scope:
        if request.args:
            member = change_profile(scope, who.user_id, request.args)
            return Reply("Saved. " + describe_profile(member, scope.settings))
        return Reply(describe_profile(ledger.get_member(scope, who.user_id), scope.settings))


def _settings(request: Request, who: Invocation) -> Reply:
    changes = _setting_changes(request.args)
    with who.services.scope(who.team_id) as scope:
        if changes:
            workspace = ledger.set_nudge_policy(scope, who.user_id, **changes)
        else:
            workspace = ledger.ensure_workspace(scope.session, team_id=who.team_id, now=scope.now)
        settings = scope.settings
        max_nudges = workspace.max_nudges or settings.max_nudges
        spacing = workspace.nudge_spacing_days or settings.nudge_spacing_days
    saved = "Saved. " if changes else ""
    return Reply(saved + settings_summary(settings, max_nudges, spacing))


def _setting_changes(args: tuple[str, ...]) -> dict[str, int]:
    names = {"nudges": "max_nudges", "reminders": "max_nudges", "spacing": "spacing_days"}
    changes: dict[str, int] = {}
    for name, value in zip(args[::2], args[1::2], strict=False):
        if name.lower() not in names or not value.isdigit():
            raise InvalidInput(
                "Try `settings nudges 3 spacing 2` (reminders, business days apart)."
            )
        changes[names[name.lower()]] = int(value)
    if len(args) % 2:
        raise InvalidInput("Try `settings nudges 3 spacing 2` (reminders, business days apart).")
    return changes


def _help(_request: Request, _who: Invocation) -> Reply:
    return Reply(HELP)


def announce_outcome(
    messenger: Messenger, follow_up: FollowUp, actor: Member | None, opened: list[FollowUp]
) -> None:
    """Update the debtor's cards and tell every party who did not act; send any new cards."""
    messenger.close_cards(follow_up)
    for party in (follow_up.debtor, follow_up.creditor):
        if actor is None or party.id != actor.id:
            messenger.tell(party, outcome_notice(follow_up, actor, party))
    for new in opened:
        messenger.send_card(new)


def _required(value: str | None) -> str:
    if not value:
        raise InvalidInput("Something is missing; try `/followthrough help` for the grammar.")
    return value


def _job_words(follow_up: FollowUp) -> str:
    job = follow_up.job_order
    return f" for {job.ref} {job.title}" if job else ""


VERBS: dict[Verb, Callable[[Request, Invocation], Reply]] = {
    Verb.SUBMIT: _submit,
    **dict.fromkeys(CONVERSATION_VERBS, _conversation),
    Verb.JOB: _job,
    Verb.LIST: _list,
    Verb.DONE: _resolve(Resolution.DONE),
    Verb.CANCEL: _resolve(Resolution.CANCELLED),
    Verb.HEARD: _heard,
    Verb.SNOOZE: _snooze,
    Verb.STATS: _stats,
    Verb.PARTNERS: _partners,
    Verb.PROFILE: _profile,
    Verb.SETTINGS: _settings,
    Verb.HELP: _help,
}
