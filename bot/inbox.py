"""The one way in: a verified request is recorded before Slack hears our 200, then worked once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, Select, delete, func, insert, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.errors import LostClaim
from bot.models import InboxItem, InboxState, RequestKind, SeenRequest

KEEP_FINISHED = timedelta(days=1)  # Slack retries an event for about an hour; keep a day
GIVE_UP_AFTER = timedelta(days=1)  # a request that still can't be worked is recorded failed
BACKOFF_START = timedelta(seconds=5)
BACKOFF_CAP = timedelta(minutes=10)


@dataclass(frozen=True)
class Request:
    """A recorded request as a worker holds it."""

    id: int
    team_id: str
    kind: RequestKind
    body: dict[str, Any]
    attempts: int
    owner: str


def record(
    session: Session,
    *,
    team_id: str,
    kind: RequestKind,
    body: dict[str, Any],
    user_id: str | None,
    event_id: str | None,
    now: datetime,
) -> int | None:
    """Record a request; None when it is a retry of an event already recorded."""
    values = {
        "team_id": team_id,
        "kind": kind,
        "event_id": event_id,
        "user_id": user_id,
        "body": body,
        "state": InboxState.PENDING,
        "attempts": 0,
        "not_before": now,
        "received_at": now,
    }
    statement: Insert = _insert_ignoring_duplicates(session, values)
    return session.scalar(statement.returning(InboxItem.id))


def _insert_ignoring_duplicates(session: Session, values: dict[str, Any]) -> Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(InboxItem).values(values).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(InboxItem).values(values).on_conflict_do_nothing()
    return insert(InboxItem).values(values)


def _waiting(now: datetime) -> Select[Any]:
    return (
        select(InboxItem.id)
        .where(InboxItem.state == InboxState.PENDING, InboxItem.not_before <= now)
        .where(or_(InboxItem.lease_until.is_(None), InboxItem.lease_until < now))
        .order_by(InboxItem.id)
        .limit(1)
    )


def claimable(session: Session, *, now: datetime) -> bool:
    """Whether a request waits that a worker could claim now (a read: it takes no lock)."""
    return session.scalar(_waiting(now)) is not None


def claim(session: Session, *, owner: str, now: datetime, lease: timedelta) -> Request | None:
    """Take the oldest waiting request for `lease`; another worker skips it meanwhile."""
    waiting = _waiting(now).with_for_update(skip_locked=True)
    row = session.execute(
        update(InboxItem)
        .where(InboxItem.id == waiting.scalar_subquery())
        .values(lease_owner=owner, lease_until=now + lease, attempts=InboxItem.attempts + 1)
        .returning(
            InboxItem.id, InboxItem.team_id, InboxItem.kind, InboxItem.body, InboxItem.attempts
        )
        .execution_options(synchronize_session=False)
    ).first()
    if row is None:
        return None
    return Request(row.id, row.team_id, RequestKind(row.kind), row.body, row.attempts, owner)


def finish(
    session: Session,
    request: Request,
    *,
    now: datetime,
    state: InboxState = InboxState.DONE,
    error: str | None = None,
) -> None:
    """Mark a request worked, in the transaction that did the work; LostClaim if not ours."""
    done = session.execute(
        update(InboxItem)
        .where(InboxItem.id == request.id, InboxItem.state == InboxState.PENDING)
        .where(InboxItem.lease_owner == request.owner)
        .values(state=state, finished_at=now, lease_owner=None, lease_until=None, error=error)
        .returning(InboxItem.id)
        .execution_options(synchronize_session=False)
    ).first()
    if done is None:
        raise LostClaim(f"request {request.id} was taken over by another worker")


def settle(session: Session, request: Request, *, now: datetime) -> None:
    """Mark a request done if its work left it open (no error when it was already closed)."""
    session.execute(
        update(InboxItem)
        .where(InboxItem.id == request.id, InboxItem.state == InboxState.PENDING)
        .where(InboxItem.lease_owner == request.owner)
        .values(state=InboxState.DONE, finished_at=now, lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def later(session: Session, request: Request, *, now: datetime, reason: str) -> datetime:
    """The work could not be done now (an outage): keep it and try again after a pause.

    A request that still could not be worked a day after it arrived is recorded as failed.
    """
    pause: timedelta = min(BACKOFF_START * 2 ** max(request.attempts - 1, 0), BACKOFF_CAP)
    ours = (InboxItem.id == request.id, InboxItem.lease_owner == request.owner)
    session.execute(
        update(InboxItem)
        .where(*ours, InboxItem.received_at < now - GIVE_UP_AFTER)
        .values(state=InboxState.FAILED, finished_at=now, lease_owner=None, lease_until=None)
        .values(error=f"gave up after a day: {reason}"[:500])
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(InboxItem)
        .where(*ours, InboxItem.state == InboxState.PENDING)
        .values(not_before=now + pause, lease_owner=None, lease_until=None, error=reason[:500])
        .execution_options(synchronize_session=False)
    )
    return now + pause


def release(session: Session, *, owner: str) -> int:
    """Hand back everything this worker holds (a graceful stop): others take it at once."""
    result = session.execute(
        update(InboxItem)
        .where(InboxItem.state == InboxState.PENDING, InboxItem.lease_owner == owner)
        .values(lease_owner=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def waiting(session: Session, *, now: datetime) -> int:
    """How many requests wait to be worked now (for health checks and tests)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(InboxItem)
            .where(InboxItem.state == InboxState.PENDING, InboxItem.not_before <= now)
        )
        or 0
    )


def first_use(session: Session, *, signature: str, now: datetime, fresh: timedelta) -> bool:
    """Remember a request signature; False when it was already used (a replay)."""
    values = {"signature": signature, "expires_at": now + fresh}
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement: Insert = postgresql.insert(SeenRequest).values(values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(SeenRequest).values(values).on_conflict_do_nothing()
    else:
        statement = insert(SeenRequest).values(values)
    return session.scalar(statement.returning(SeenRequest.signature)) is not None


def seen(session: Session, *, signature: str, now: datetime) -> bool:
    """True when this signature was already accepted and could still verify (a read only)."""
    found = session.scalar(
        select(SeenRequest.signature).where(
            SeenRequest.signature == signature, SeenRequest.expires_at >= now
        )
    )
    return found is not None


def purge(session: Session, *, now: datetime) -> None:
    """Forget finished requests after a day and signatures once they could no longer verify."""
    session.execute(
        delete(InboxItem).where(
            InboxItem.state != InboxState.PENDING, InboxItem.finished_at < now - KEEP_FINISHED
        )
    )
    session.execute(delete(SeenRequest).where(SeenRequest.expires_at < now))
