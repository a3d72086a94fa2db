"""Responsiveness: the scorecard every member carries."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from bot.ledger.members import get_member
from bot.ledger.scope import Scope
from bot.ledger.time_off import calendar_for
from bot.models import FollowUp, FollowUpKind, FollowUpState

DEAL_CLOCKS = (FollowUpKind.GIVE_FEEDBACK, FollowUpKind.REPORT_PLACEMENT, FollowUpKind.PAY_SHARE)


@dataclass(frozen=True)
class Scorecard:
    """How a member honours what they owe."""

    name: str
    answered: int
    answered_within_window: int
    lapsed: int
    open: int
    overdue: int
    median_time_to_answer: timedelta | None  # in the member's business time
    # The deal's clocks: for feedback, placement reports and partners' shares, how many were
    # kept (done by the due time) of those done or lapsed.
    deal_clocks: dict[FollowUpKind, tuple[int, int]] = field(default_factory=dict)

    @property
    def within_window_share(self) -> float | None:
        """Share of answered-or-lapsed follow-ups answered by their due time (0..1)."""
        judged = self.answered + self.lapsed
        return self.answered_within_window / judged if judged else None


def scorecard(scope: Scope, user_id: str) -> Scorecard:
    """Compute a member's scorecard from every follow-up they owed (cancelled ones excluded)."""
    member = get_member(scope, user_id)
    calendar = calendar_for(scope, member)
    rows = scope.session.execute(
        select(
            FollowUp.state,
            FollowUp.created_at,
            FollowUp.due_at,
            FollowUp.resolved_at,
            FollowUp.kind,
        ).where(
            FollowUp.debtor_id == member.id,
            FollowUp.state != FollowUpState.CANCELLED,
        )
    ).all()
    answer_times: list[timedelta] = []
    within = lapsed = open_count = overdue = 0
    clocks: dict[FollowUpKind, tuple[int, int]] = {}
    for state, created_at, due_at, resolved_at, kind in rows:
        if kind in DEAL_CLOCKS and state is not FollowUpState.OPEN:
            kept, judged = clocks.get(kind, (0, 0))
            on_time = resolved_at is not None and resolved_at <= due_at
            clocks[kind] = (kept + (on_time and state is FollowUpState.DONE), judged + 1)
        if state is FollowUpState.OPEN:
            open_count += 1
            overdue += due_at < scope.now
        elif state is FollowUpState.LAPSED:
            lapsed += 1
        elif resolved_at is not None:
            within += resolved_at <= due_at
            answer_times.append(calendar.business_time_between(created_at, resolved_at))
    median = (
        timedelta(seconds=statistics.median(t.total_seconds() for t in answer_times))
        if answer_times
        else None
    )
    return Scorecard(
        member.name, len(answer_times), within, lapsed, open_count, overdue, median, clocks
    )
