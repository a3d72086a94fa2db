"""Compare-and-set: a follow-up changes only if nobody changed it since it was read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from bot.errors import AlreadyClosed, Conflict
from bot.ledger.scope import Scope
from bot.models import Activity, FollowUp, Member

RECENT = timedelta(minutes=2)

_DID = {
    "interested": "answered Interested",
    "need_more_info": "answered Need more info",
    "passed": "passed",
    "done": "marked it done",
    "called_back": "said they called back",
    "emailed_back": "said they emailed back",
    "heard": "marked it heard back",
    "cancelled": "cancelled it",
    "snoozed": "snoozed it",
    "lapsed": "let it lapse after the reminders",
}


@contextmanager
def changing(scope: Scope, follow_up: FollowUp, reader: Member | None) -> Iterator[None]:
    """Apply the changes made inside the block only to the version of `follow_up` that was read.

    The block's writes go to a savepoint; if another transaction changed the follow-up first,
    they are undone and Conflict says what happened instead.
    """
    try:
        with scope.session.begin_nested():
            yield
            scope.session.flush()
    except StaleDataError:
        scope.session.refresh(follow_up)
        raise Conflict(what_happened(scope, follow_up, reader, lost_race=True)) from None


def require_open(scope: Scope, follow_up: FollowUp, reader: Member | None) -> None:
    """AlreadyClosed, saying who closed it how and when, unless the follow-up is open."""
    if not follow_up.is_open:
        raise AlreadyClosed(what_happened(scope, follow_up, reader, lost_race=False))


def what_happened(
    scope: Scope, follow_up: FollowUp, reader: Member | None, *, lost_race: bool
) -> str:
    """One line about the follow-up's last change, e.g. “F-7 was already answered …”."""
    last = scope.session.execute(
        select(Activity.action, Activity.actor_id, Activity.at)
        .where(Activity.follow_up_id == follow_up.id)
        .order_by(Activity.id.desc())
        .limit(1)
    ).first()
    if last is None:
        return f"{follow_up.ref} changed a moment ago; look again with `list`."
    action, actor_id, at = last
    did = _DID.get(action, action.replace("_", " "))
    if actor_id is None:
        who = "Followthrough"
    elif reader is not None and actor_id == reader.id:
        who = "you"
    else:
        actor = scope.session.get(Member, actor_id)
        who = actor.name if actor else "someone"
    when = "a moment ago" if scope.now - at <= RECENT else "earlier"
    if action == "lapsed":
        return f"{follow_up.ref} already lapsed: nobody answered after the reminders."
    if follow_up.is_open:
        return (
            f"{follow_up.ref} was just changed: {who} {did} {when}, so nothing else changed. "
            "Try again if you still want to."
        )
    prefix = "was already" if lost_race else "is already"
    state = follow_up.state.value
    return f"{follow_up.ref} {prefix} {state}: {who} {did} {when}."
