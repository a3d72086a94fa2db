"""Email evidence: an inbound-email service's report of an email, worked like any request."""

from __future__ import annotations

from bot.errors import NotAllowed
from bot.ledger import Scope
from bot.ledger.email_evidence import EmailApplied, EmailProves, EmailSeen, apply_email
from bot.ledger.inbound import inbound_target
from bot.ledger.members import ensure_workspace, get_member
from bot.models import FollowUp, MessageKind, Workspace
from bot.services.announce import refresh_messages
from bot.services.core import Core, Origin, Unit
from bot.services.deals import Say


def email_seen(core: Core, origin: Origin, email: EmailSeen) -> EmailApplied | None:
    """Apply an email and tell both parties what it closed, or its sender what it set."""

    def work(unit: Unit) -> EmailApplied:
        applied = apply_email(unit.scope, email)
        if applied.proves is EmailProves.ANSWERED:
            for follow_up in applied.resolved:
                announce_email(unit, follow_up)
        elif applied.proves is EmailProves.AWAY and applied.sender is not None:
            assert applied.back_on is not None
            notice = unit.wording.vacation_from_email(applied.sender, applied.back_on)
            unit.post.dm(applied.sender, notice, MessageKind.NOTICE)
        return applied

    return core.run(origin, work)


def announce_email(unit: Unit, follow_up: FollowUp) -> None:
    """An email closed a follow-up: cards updated, both parties told how to undo it."""
    refresh_messages(unit, follow_up)
    for party in (follow_up.creditor, follow_up.debtor):
        unit.post.dm(party, unit.wording.email_notice(follow_up, party), MessageKind.NOTICE)


def email_target(core: Core, token: str) -> tuple[str, bool] | None:
    """The workspace a webhook secret belongs to and whether it keeps bodies (a read), or None."""
    return core.read("", lambda scope: _target(scope, token))


def _target(scope: Scope, token: str) -> tuple[str, bool] | None:
    return inbound_target(scope, token)


def email_bodies(core: Core, origin: Origin, *, keep: bool, say: Say[Workspace]) -> None:
    """An admin chooses whether an email's body is kept with its conversation."""

    def work(unit: Unit) -> None:
        assert origin.user_id is not None, "a person changes the setting"
        actor = get_member(unit.scope, origin.user_id)
        if not actor.is_admin:
            raise NotAllowed("Only a workspace admin can change what is kept of emails.")
        workspace = ensure_workspace(unit.session, team_id=unit.scope.team_id, now=unit.scope.now)
        workspace.email_bodies = keep
        unit.answer(say(workspace, actor))

    core.run(origin, work)
