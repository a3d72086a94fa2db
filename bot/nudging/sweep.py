"""One sweep: claim due debtors, decide, and record reminders and lapse notices in the outbox.

Nothing is posted here. Each round is one transaction that claims whole debtors, holds what
falls outside their working time, lapses what reached the cap (the creditor's notice waits for
the creditor's working time), and records one reminder per debtor. The courier delivers after
the commit; a delivered reminder moves its follow-ups on to their next reminder time. `plan`
decides the same way and keeps nothing: a dry run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot import inbox
from bot.clock import Clock
from bot.config import Settings
from bot.nudging.digests import send_digests
from bot.nudging.guarantees import send_guarantee_notes
from bot.nudging.rounds import Decided, Round
from bot.outbox import Reach, Wording

PURGE_EVERY = timedelta(minutes=10)  # finished requests are kept a day: no need every sweep


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
        before: Callable[[datetime], object] | None = None,
        reach: Reach | None = None,
    ) -> None:
        self.sessions, self.settings, self.clock, self.wording = sessions, settings, clock, wording
        self.batch, self.digest_limit, self.posted = batch, digests, posted
        # Run before each sweep (not a dry run), outside its transactions: the composition root
        # asks Slack for the statuses of debtors about to be reminded here.
        self.before = before
        self.reach = reach or Reach()
        self.purged_at: datetime | None = None  # housekeeping: see PURGE_EVERY

    def run(self, at: datetime | None = None) -> list[str]:
        """Sweep as of `at` (default: the clock's now); one line per thing decided."""
        lines: list[str] = []
        nudged: set[int] = set()
        posted = False
        if self.before is not None:
            self.before(at or self.clock.now())
        while True:
            now = at or self.clock.now()
            with self.sessions.begin() as session:
                done = self._round(session, now)
                if done is None:  # nothing left to claim: the rest, in the same transaction
                    done = self._after_rounds(session, now, nudged)
                    lines += done.lines
                    posted |= done.posted
                    break
            lines += done.lines
            nudged |= done.nudged
            posted |= done.posted
        if posted:
            self.posted()
        return lines

    def _after_rounds(self, session: Session, now: datetime, nudged: set[int]) -> Decided:
        """Weekly digests (not to those just nudged), housekeeping and guarantee notes."""
        digests = send_digests(
            session,
            self.settings,
            self.wording,
            now,
            limit=self.digest_limit,
            skip=nudged,
            reach=self.reach,
        )
        if self.purged_at is None or now - self.purged_at >= PURGE_EVERY:
            inbox.purge(session, now=now)
            self.purged_at = now
        noted = send_guarantee_notes(session, self.wording, now)
        return Decided(lines=digests.lines + noted, posted=digests.posted or bool(noted))

    def plan(self, at: datetime) -> list[str]:
        """What a sweep as of `at` would decide: decided exactly as `run` does, then undone.

        Every round and the digests run in one transaction that is rolled back, so no reminder
        is counted, no outbox row is kept and nothing is posted.
        """
        lines: list[str] = []
        nudged: set[int] = set()
        with self.sessions() as session:
            try:
                # Within the one transaction each round moves what it decided out of the due
                # set (held, counted or lapsed), so the rounds end as they do in `run`.
                while (done := self._round(session, at)) is not None and done.lines:
                    lines += done.lines
                    nudged |= done.nudged
                digests = send_digests(
                    session,
                    self.settings,
                    self.wording,
                    at,
                    limit=self.digest_limit,
                    skip=nudged,
                    reach=self.reach,
                )
                lines += digests.lines
            finally:
                session.rollback()
        return lines

    def _round(self, session: Session, now: datetime) -> Decided | None:
        return Round(session, self.settings, self.wording, now, self.reach).run(self.batch)
