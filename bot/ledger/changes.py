"""Compare-and-set: a follow-up changes only if nobody changed it since it was read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from bot.errors import AlreadyClosed, Conflict
from bot.ledger.scope import Scope
from bot.models import Activity, FollowUp, FollowUpState, Member

RECENT = timedelta(minutes=2)
NOT_CHANGES = ("replied",)  # logged words that left the follow-up as it was

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
    "terms_accepted": "accepted the terms",
}


def change(
    scope: Scope, follow_up: FollowUp, reader: Member | None, apply: Callable[[], None]
) -> None:
    """A change by a person (or a lapse), applied only to the version of `follow_up` read.

    The version counts these changes only; the sweep's bookkeeping (reminders counted, the
    next reminder time) never bumps it, so a person is never refused because of the bot. If
    someone else's change got in first, nothing changes and Conflict says what happened.
    """
    try:
        with scope.session.begin_nested():
            apply()
            scope.session.flush()
    except StaleDataError:
        scope.session.refresh(follow_up)
        raise Conflict(what_happened(scope, follow_up, reader)) from None


def bookkeep(session: Session, follow_up: FollowUp, **values: object) -> bool:
    """The bot's own bookkeeping on an open follow-up, unless a person changed it since it was
    read; the version is kept. False (and nothing written) when a person got in first."""
    done = session.execute(
        update(FollowUp)
        .where(FollowUp.id == follow_up.id, FollowUp.version == follow_up.version)
        .where(FollowUp.state == FollowUpState.OPEN)
        .values(**values)
        .returning(FollowUp.id)
        .execution_options(synchronize_session=False)
    ).first()
    if done is None:
        return False
    for name, value in values.items():
        set_committed_value(follow_up, name, value)
    return True


def require_seen(scope: Scope, follow_up: FollowUp, reader: Member, seen: int | None) -> None:
    """A click on a card carries the version it was shown at: a changed follow-up refuses it."""
    if seen is not None and seen != follow_up.version:
        raise Conflict(what_happened(scope, follow_up, reader))


def require_open(scope: Scope, follow_up: FollowUp, reader: Member | None) -> None:
    """AlreadyClosed, saying who closed it how and when, unless the follow-up is open."""
    if not follow_up.is_open:
        raise AlreadyClosed(what_happened(scope, follow_up, reader))


def what_happened(scope: Scope, follow_up: FollowUp, reader: Member | None) -> str:
    """One line about the follow-up's last change, e.g. “F-7 was already answered …”."""
    last = scope.session.execute(
        select(Activity.action, Activity.actor_id, Activity.at)
        .where(Activity.follow_up_id == follow_up.id, Activity.action.not_in(NOT_CHANGES))
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
    return f"{follow_up.ref} is already {follow_up.state.value}: {who} {did} {when}."
