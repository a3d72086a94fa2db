"""Call evidence: a phone system's report of a call, worked like any recorded request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import NotAllowed
from bot.ledger import Scope
from bot.ledger.calls import CallApplied, CallProves, CallSeen, apply_call, reopen
from bot.ledger.followups import get_follow_up
from bot.ledger.inbound import (
    PROVIDERS,
    inbound_ignored,
    inbound_token,
    team_with_token,
    webhook_url,
)
from bot.ledger.members import admin_of, ensure_workspace, get_member
from bot.models import FollowUp, Resolution
from bot.outbox import Message
from bot.services.announce import announce_call, announce_reopened
from bot.services.core import Core, Origin, Unit
from bot.services.deals import Say


def call_seen(core: Core, origin: Origin, call: CallSeen) -> CallApplied | None:
    """Apply a finished call and tell both parties what it closed (one transaction)."""

    def work(unit: Unit) -> CallApplied:
        applied = apply_call(unit.scope, call)
        if applied.proves is CallProves.CALLED_BACK:
            for follow_up in applied.resolved:
                announce_call(unit, follow_up)
        return applied

    return core.run(origin, work)


def reopen_follow_up(
    core: Core, origin: Origin, *, ref: str, say: Say[FollowUp]
) -> FollowUp | None:
    """Either party says the call wasn't about this follow-up: it is owed again."""

    def work(unit: Unit) -> FollowUp:
        assert origin.user_id is not None, "a reopen always has a person"
        was = get_follow_up(unit.scope, ref).resolution
        follow_up = reopen(unit.scope, ref=ref, actor_id=origin.user_id)
        actor = get_member(unit.scope, origin.user_id)
        announce_reopened(
            unit, follow_up, actor, "email" if was is Resolution.EMAILED_BACK else "call"
        )
        unit.answer(say(follow_up, actor))
        return follow_up

    return core.run(origin, work)


def webhook_urls(core: Core, team_id: str) -> dict[str, str]:
    """Each provider's webhook URL for the workspace (its secret created on first use)."""
    base = core.settings.public_url

    def work(unit: Unit) -> dict[str, str]:
        token = inbound_token(unit.scope)
        return {provider: webhook_url(base, provider, token) for provider in PROVIDERS}

    return core.write(team_id, work)


@dataclass(frozen=True)
class Inbound:
    """What an admin sees of the webhooks: each provider's URL, what is kept, what was ignored."""

    urls: dict[str, str]
    email_bodies: bool
    ignored: int


def tell_webhook_urls(core: Core, origin: Origin, *, say: Callable[[Inbound], Message]) -> None:
    """An admin asks for the URLs to paste into the phone and email systems (only they see
    them), with how many inbound emails came from nobody in the workspace."""

    def work(unit: Unit) -> None:
        assert origin.user_id is not None, "a person asks for the URLs"
        if not admin_of(get_member(unit.scope, origin.user_id), unit.scope.team_id):
            raise NotAllowed("Only a workspace admin can see the webhook URLs.")
        token = inbound_token(unit.scope)
        base = core.settings.public_url
        workspace = ensure_workspace(unit.session, team_id=unit.scope.team_id, now=unit.scope.now)
        urls = {p: webhook_url(base, p, token) for p in PROVIDERS}
        unit.answer(say(Inbound(urls, workspace.email_bodies, inbound_ignored(unit.scope))))

    core.run(origin, work)


def team_for_token(core: Core, token: str) -> str | None:
    """The workspace a webhook secret belongs to (a read), or None."""
    return core.read("", lambda scope: _team(scope, token))


def _team(scope: Scope, token: str) -> str | None:
    return team_with_token(scope, token)
