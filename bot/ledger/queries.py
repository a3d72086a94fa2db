"""What a member owes and is owed, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, func, select

from bot.ledger.members import get_member
from bot.ledger.scope import Scope
from bot.models import FollowUp, FollowUpState

LIST_LIMIT = 40
Item = TypeVar("Item")


@dataclass(frozen=True)
class Listing(Generic[Item]):
    """Some of a longer list, a page at a time, and how many there are in all."""

    items: list[Item]
    total: int
    number: int = 1  # which page, from 1
    size: int = LIST_LIMIT

    @property
    def first(self) -> int:
        """The position of the first item shown, from 1."""
        return (self.number - 1) * self.size + 1

    @property
    def more(self) -> int:
        """How many come after this page."""
        return max(0, self.total - (self.first - 1) - len(self.items))

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return self.total > 0


Page = Listing[FollowUp]
"""Some of a member's open follow-ups, soonest due first."""


def owed_by(scope: Scope, user_id: str, *, page: int = 1, size: int = LIST_LIMIT) -> Page:
    """Open follow-ups the member owes, soonest due first."""
    member = get_member(scope, user_id)
    return _open_where(scope, FollowUp.debtor_id == member.id, page, size)


def owed_to(scope: Scope, user_id: str, *, page: int = 1, size: int = LIST_LIMIT) -> Page:
    """Open follow-ups owed to the member, soonest due first."""
    member = get_member(scope, user_id)
    return _open_where(scope, FollowUp.creditor_id == member.id, page, size)


def _open_where(scope: Scope, party: ColumnElement[bool], page: int, size: int) -> Page:
    # By member, not by workspace: a follow-up with a partner at another firm shows for both.
    where = (FollowUp.state == FollowUpState.OPEN, party)
    total = scope.session.scalar(select(func.count()).select_from(FollowUp).where(*where)) or 0
    items = scope.session.scalars(
        select(FollowUp)
        .where(*where)
        .order_by(FollowUp.due_at, FollowUp.id)
        .offset((page - 1) * size)
        .limit(size)
    )
    return Page(list(items), total, page, size)
