"""One sweep: claim due debtors, decide, and record reminders and lapse notices in the outbox.

Nothing is posted here. Each round is one transaction that claims whole debtors, holds what
falls outside their working time, lapses what reached the cap (the creditor's notice waits for
the creditor's working time), and records one reminder per debtor. The courier delivers after
the commit; a delivered reminder moves its follow-ups on to their next reminder time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot import inbox
from bot.clock import Clock
from bot.config import Settings
from bot.errors import Conflict
from bot.ledger import lapse
from bot.ledger.changes import bookkeep
from bot.models import FollowUp, Member, MessageKind, MessagePurpose, Nudge, NudgeKind
from bot.nudging.claims import claim_debtors, due_follow_ups
from bot.nudging.digests import send_digests
from bot.nudging.policy import PolicyBook
from bot.outbox import Postbox, Wording


@dataclass
class Round:
    """What one round of a sweep decided."""

    lines: list[str] = field(default_factory=list)
    nudged: set[int] = field(default_factory=set)  # members who get a reminder
    posted: bool = False


class Sweeper:
    """Finds what is due and records each reminder once, whatever other processes sweep too."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        clock: Clock,
        wording: Wording,
        *,
        batch: int = 100,
        digests: int = 200,
        posted: Callable[[], None] = lambda: None,
    ) -> None:
        self.sessions, self.settings, self.clock, self.wording = sessions, settings, clock, wording
        self.batch, self.digest_limit, self.posted = batch, digests, posted

    def run(self, at: datetime | None = None) -> list[str]:
        """Sweep as of `at` (default: the clock's now); one line per thing decided."""
        lines: list[str] = []
        nudged: set[int] = set()
        posted = False
        while True:
            now = at or self.clock.now()
            with self.sessions.begin() as session:
                done = self._round(session, now)
            if done is None:
                break
            lines += done.lines
            nudged |= done.nudged
            posted |= done.posted
        now = at or self.clock.now()
        with self.sessions.begin() as session:
            digests = send_digests(
                session, self.settings, self.wording, now, limit=self.digest_limit, skip=nudged
            )
            inbox.purge(session, now=now)
        lines += digests.lines
        if posted or digests.posted:
            self.posted()
        return lines

    def _round(self, session: Session, now: datetime) -> Round | None:
        debtors = claim_debtors(session, now=now, batch=self.batch)
        if not debtors:
            return None
        done = Round()
        book = PolicyBook(session, self.settings, now)
        reminders: dict[int, list[FollowUp]] = defaultdict(list)
        lapses: dict[int, list[FollowUp]] = defaultdict(list)
        for follow_up in due_follow_ups(session, debtors, now):
            scope = book.scope(follow_up.team_id)
            if follow_up.nudge_count >= book.policy(follow_up).max_nudges:
                try:
                    lapse(scope, follow_up)
                except Conflict:
                    continue  # answered a moment ago: the person's change wins
                lapses[follow_up.creditor_id].append(follow_up)
                continue
            calendar = book.calendar(follow_up.debtor)
            if calendar.is_working_time(now):
                reminders[follow_up.debtor_id].append(follow_up)
                continue
            # Nobody hears from the bot outside their own working time.
            until = calendar.next_working_instant(now)
            if bookkeep(session, follow_up, next_nudge_at=until):
                done.lines.append(
                    f"held {follow_up.ref} until {until:%Y-%m-%d %H:%M} UTC: "
                    f"outside {follow_up.debtor.name}'s working time"
                )
        for due in reminders.values():
            # One more reminder each, waiting for delivery (the next time is set once it's in).
            owed = [
                f
                for f in due
                if bookkeep(session, f, nudge_count=f.nudge_count + 1, next_nudge_at=None)
            ]
            if owed:
                done.lines.append(self._remind(session, book, owed))
                done.nudged.add(owed[0].debtor_id)
        for lapsed in lapses.values():
            done.lines.append(self._tell_lapse(session, book, lapsed))
        done.posted = bool(reminders or lapses)
        return done

    def _remind(self, session: Session, book: PolicyBook, owed: list[FollowUp]) -> str:
        """One reminder for everything a debtor owes that is due; it moves on once delivered."""
        debtor, now = owed[0].debtor, book.now
        numbers = [follow_up.nudge_count for follow_up in owed]
        reminders = book.policy(owed[0]).max_nudges
        message = self.wording.reminder(debtor, owed, numbers, reminders, now)
        post = Postbox(session, debtor.team_id, now)
        refs = [follow_up.id for follow_up in owed]
        row = post.dm(debtor, message, MessageKind.REMINDER, link=(MessagePurpose.REMINDER, refs))
        session.flush()
        _record(session, row.id, debtor, owed, NudgeKind.NUDGE, numbers, now)
        return (
            f"nudge for {debtor.name} ({debtor.slack_user_id}): "
            f"{', '.join(f.ref for f in owed)}, reminder {', '.join(str(n) for n in numbers)}"
        )

    def _tell_lapse(self, session: Session, book: PolicyBook, lapsed: list[FollowUp]) -> str:
        """Tell the waiting partner, in their working time, that nudging stopped."""
        creditor, now = lapsed[0].creditor, book.now
        reminders = book.policy(lapsed[0]).max_nudges
        message = self.wording.lapse_notice(creditor, lapsed, reminders)
        calendar = book.calendar(creditor)
        when = now if calendar.is_working_time(now) else calendar.next_working_instant(now)
        post = Postbox(session, creditor.team_id, now)
        row = post.dm(creditor, message, MessageKind.LAPSE, not_before=when)
        session.flush()
        _record(session, row.id, creditor, lapsed, NudgeKind.LAPSE, [0] * len(lapsed), now)
        wait = "" if when == now else f", held until {when:%Y-%m-%d %H:%M} UTC"
        return (
            f"lapsed {', '.join(f.ref for f in lapsed)}: notice for {creditor.name} "
            f"({creditor.slack_user_id}){wait}"
        )


def _record(
    session: Session,
    message_id: int,
    recipient: Member,
    follow_ups: list[FollowUp],
    kind: NudgeKind,
    numbers: list[int],
    now: datetime,
) -> None:
    """Which follow-ups a reminder or lapse notice names, at which version of each."""
    session.add_all(
        Nudge(
            team_id=follow_up.team_id,
            follow_up_id=follow_up.id,
            message_id=message_id,
            recipient_id=recipient.id,
            kind=kind,
            number=number,
            follow_up_version=follow_up.version,
            created_at=now,
        )
        for follow_up, number in zip(follow_ups, numbers, strict=True)
    )
