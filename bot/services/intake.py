"""Recording a verified request before it is acknowledged: the one way in."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot import inbox
from bot.errors import Replayed
from bot.inbox import Request
from bot.ledger.messages import reactivate_workspace
from bot.models import RequestKind
from bot.services.core import Core, Unit

FRESH = timedelta(minutes=5)  # Slack refuses request timestamps older than this


def receive(
    core: Core,
    *,
    team_id: str,
    kind: RequestKind,
    body: dict[str, Any],
    user_id: str | None,
    event_id: str | None = None,
    resume: bool = True,
    signature: str | None = None,
) -> int | None:
    """Record a request for the workers; None for a retry of an event already recorded.

    A request from a workspace that had uninstalled the app means it was installed again, so
    (unless it is the uninstall itself) delivery resumes there in the same transaction.
    Raises TryLater when the database cannot be reached: the caller must not acknowledge;
    Replayed when the request's signature was already accepted (remembered in the same
    transaction, so one write covers both).
    """

    def work(unit: Unit) -> int | None:
        if signature and not inbox.first_use(
            unit.session, signature=signature, now=unit.scope.now, fresh=FRESH
        ):
            raise Replayed(signature)
        if resume:
            reactivate_workspace(unit.session, team_id=team_id, now=unit.scope.now)
        return inbox.record(
            unit.session,
            team_id=team_id,
            kind=kind,
            body=body,
            user_id=user_id,
            event_id=event_id,
            now=unit.scope.now,
        )

    return core.write(team_id, work, urgent=True)  # Slack is waiting for our answer


def already_used(core: Core, signature: str) -> bool:
    """True when any process sharing the database already accepted this signature (a read)."""
    return core.read(
        "", lambda scope: inbox.seen(scope.session, signature=signature, now=scope.now)
    )


def first_use(core: Core, signature: str) -> bool:
    """True the first time a request signature is seen by any process sharing the database."""
    return core.write(
        "",
        lambda unit: inbox.first_use(
            unit.session, signature=signature, now=unit.scope.now, fresh=FRESH
        ),
        urgent=True,
    )


def take(core: Core, *, owner: str, look_first: bool = True) -> Request | None:
    """Claim the oldest waiting request for a worker (leased: another worker skips it).

    Most looks of an idle worker find nothing, so it looks first with a read, which takes no
    write lock that an acknowledgement would wait for. A worker that has just worked a request
    (`look_first=False`) is likely to find another: it claims at once, one transaction less.
    """
    lease = timedelta(seconds=core.settings.lease_seconds)
    if look_first and not core.read(
        "", lambda scope: inbox.claimable(scope.session, now=scope.now)
    ):
        return None
    return core.write(
        "", lambda unit: inbox.claim(unit.session, owner=owner, now=unit.scope.now, lease=lease)
    )


def postpone(core: Core, request: Request, reason: str) -> None:
    """The database or Slack was unreachable while working it: keep it, retry after a pause."""
    core.write(
        "", lambda unit: inbox.later(unit.session, request, now=unit.scope.now, reason=reason)
    )


def hand_back(core: Core, *, owner: str) -> int:
    """A stopping worker releases what it holds, so another process takes it at once."""
    return core.write("", lambda unit: inbox.release(unit.session, owner=owner))


def waiting(core: Core) -> int:
    """Requests recorded and not yet worked."""
    return core.read("", lambda scope: inbox.waiting(scope.session, now=scope.now))
