"""A test helper so ledger tests read like a recruiter's steps, one transaction per step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.ledger import Scope, SlackProfile, upsert_member
from bot.models import Base, FollowUp

T = TypeVar("T")


class LedgerBook:
    """Runs ledger services the way a listener would: a session per step, committed on success."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        settings: Settings,
        clock: FrozenClock,
        *,
        team_id: str,
    ) -> None:
        self.factory, self.settings, self.clock, self.team_id = factory, settings, clock, team_id

    def run(self, service: Callable[..., T], /, **kwargs: Any) -> T:
        """Call a ledger service in its own transaction, as of the clock's now."""
        with self.factory.begin() as session:
            scope = Scope(session, self.team_id, self.clock.now(), self.settings)
            return service(scope, **kwargs)

    def add_member(self, user_id: str, name: str, timezone: str, *, admin: bool = False) -> None:
        """A member seen for the first time (as users.info would describe them)."""
        self.run(lambda scope: upsert_member(scope, SlackProfile(user_id, name, timezone, admin)))

    def follow_up(self, ref: int) -> FollowUp:
        """Read a follow-up back as it is stored now."""
        with self.factory() as session:
            follow_up = session.get(FollowUp, ref)
            assert follow_up is not None, f"F-{ref} does not exist"
            return follow_up

    def row_counts(self) -> dict[str, int]:
        """How many rows each table holds: proof that a refused request wrote nothing."""
        with self.factory() as session:
            return {
                table.name: session.scalar(select(func.count()).select_from(table)) or 0
                for table in Base.metadata.sorted_tables
            }


def submitted_for_a_job(book: LedgerBook, **terms: object) -> str:
    """Erin submits Jane Doe to Dana for a new job order (with these terms); the answer's ref."""
    from bot.ledger import record_job_order, record_submission

    job = book.run(record_job_order, importer_id="U0DANA", title="Java Developer", **terms)
    recorded = book.run(
        record_submission,
        exporter_id="U0ERIN",
        importer_id="U0DANA",
        candidate="Jane Doe",
        job=job.ref,
    )
    return recorded.follow_up.ref
