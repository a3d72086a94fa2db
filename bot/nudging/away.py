"""Out of office during a sweep: hold what an away debtor owes, and tell each creditor once.

Reminders and lapses wait until the debtor's first working instant after the spell (their
calendar already counts it as time off). Each creditor waiting on them hears it once a spell,
in their own working time: the first sweep that holds something they are owed says so; later
ones in the same spell hold silently.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, select, tuple_, update

from bot.models import FollowUp, FollowUpState, Member, MessageKind, Nudge, NudgeKind

if TYPE_CHECKING:
    from bot.nudging.rounds import Round


def hold_while_away(
    run: Round,
    away: dict[int, list[Row[Any]]],
    outbox: list[dict[str, Any]],
    nudges: list[dict[str, Any]],
) -> list[str]:
    """Hold the due follow-ups of away debtors; word the notices their creditors are owed."""
    lines: list[str] = []
    told = _told(run, list(away))
    for debtor_id, rows in away.items():
        debtor = run.members[debtor_id]
        back = run.opening(debtor) or run.now
        held = _hold(run, rows, back)
        until = f"{debtor.away_until:%Y-%m-%d %H:%M} UTC" if debtor.away_until else "?"
        lines += [
            f"held F-{r.id} until {back:%Y-%m-%d %H:%M} UTC: "
            f"{debtor.name} is out of office until {until}"
            for r in held
        ]
        by_creditor: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in held:
            if (debtor_id, row.creditor_id) not in told:
                by_creditor[row.creditor_id].append(row)
        for creditor_id, owed in by_creditor.items():
            lines.append(_tell(run, debtor, run.members[creditor_id], owed, outbox, nudges))
    return lines


def _told(run: Round, debtors: list[int]) -> set[tuple[int, int]]:
    """(debtor, creditor) pairs already told about the debtor's current spell."""
    if not debtors:
        return set()
    query = (
        select(FollowUp.debtor_id, Nudge.recipient_id)
        .join(FollowUp, FollowUp.id == Nudge.follow_up_id)
        .join(Member, Member.id == FollowUp.debtor_id)
        .where(Nudge.kind == NudgeKind.AWAY, FollowUp.debtor_id.in_(debtors))
        .where(Nudge.created_at >= Member.away_since)
    )
    return {(debtor, creditor) for debtor, creditor in run.session.execute(query)}


def _hold(run: Round, rows: list[Row[Any]], until: datetime) -> list[Row[Any]]:
    """Move the next reminder time on, for the versions read only (a person's change stands)."""
    held = set(
        run.session.scalars(
            update(FollowUp)
            .where(FollowUp.id.in_([r.id for r in rows]))
            .where(tuple_(FollowUp.id, FollowUp.version).in_([(r.id, r.version) for r in rows]))
            .where(FollowUp.state == FollowUpState.OPEN)
            .values(next_nudge_at=until)
            .returning(FollowUp.id)
            .execution_options(synchronize_session=False)
        )
    )
    return [r for r in rows if r.id in held]


def _tell(
    run: Round,
    debtor: Member,
    creditor: Member,
    rows: list[Row[Any]],
    outbox: list[dict[str, Any]],
    nudges: list[dict[str, Any]],
) -> str:
    back = run.opening(debtor) or run.now
    shown = [run.shown(r) for r in rows]
    message = run.wording.away_notice(creditor, debtor, shown, back)
    opening = run.opening(creditor)
    key = run.post(outbox, creditor, message, MessageKind.NOTICE, None, not_before=opening)
    nudges += [run.nudge(r, key, creditor, NudgeKind.AWAY, 0) for r in rows]
    wait = "" if opening is None else f", held until {opening:%Y-%m-%d %H:%M} UTC"
    refs = ", ".join(f"F-{r.id}" for r in rows)
    return (
        f"away notice for {creditor.name} ({creditor.slack_user_id}): "
        f"{debtor.name} is out of office, holding {refs}{wait}"
    )
