"""The sweep's housekeeping: finished requests are forgotten after a day, spent signatures once
they could no longer verify; at most every ten minutes, not on every sweep."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot import inbox
from bot.clock import FrozenClock
from bot.config import Settings
from bot.models import InboxItem, RequestKind, SeenRequest
from bot.nudging.sweep import PURGE_EVERY, Sweeper
from handlers.render.wording import SlackWording


def worked_request(sessions: sessionmaker[Session], at: datetime, signature: str) -> None:
    """A request recorded, worked and finished at `at`, its signature remembered."""
    with sessions.begin() as session:
        inbox.first_use(session, signature=signature, now=at, fresh=timedelta(minutes=5))
        inbox.record(
            session,
            team_id="T0ACME",
            kind=RequestKind.COMMAND,
            body={"text": "list"},
            user_id="U0ERIN",
            event_id=None,
            now=at,
        )
    with sessions.begin() as session:
        request = inbox.claim(session, owner="worker", now=at, lease=timedelta(minutes=1))
        assert request is not None
        inbox.finish(session, request, now=at)


def kept(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as session:
        requests = session.scalar(select(func.count()).select_from(InboxItem)) or 0
        signatures = session.scalar(select(func.count()).select_from(SeenRequest)) or 0
    return requests, signatures


def test_finished_requests_are_forgotten_after_a_day_at_most_every_ten_minutes(
    session_factory: sessionmaker[Session], settings: Settings, clock: FrozenClock
) -> None:
    start = clock.now()
    sweeper = Sweeper(session_factory, settings, clock, SlackWording())
    worked_request(session_factory, start, "v0=first")
    sweeper.run(start + timedelta(hours=23))
    assert kept(session_factory) == (1, 0)  # kept a day; the signature expired after 5 minutes

    swept = start + timedelta(days=1, hours=1)
    sweeper.run(swept)
    assert kept(session_factory) == (0, 0)

    worked_request(session_factory, start, "v0=second")  # finished over a day ago
    sweeper.run(swept + PURGE_EVERY - timedelta(minutes=1))
    assert kept(session_factory) == (1, 1)  # the last purge was under ten minutes ago
    sweeper.run(swept + PURGE_EVERY)
    assert kept(session_factory) == (0, 0)


def test_a_pending_request_is_never_forgotten(
    session_factory: sessionmaker[Session], settings: Settings, clock: FrozenClock
) -> None:
    start = clock.now()
    with session_factory.begin() as session:
        inbox.record(
            session,
            team_id="T0ACME",
            kind=RequestKind.COMMAND,
            body={"text": "list"},
            user_id="U0ERIN",
            event_id=None,
            now=start,
        )
    Sweeper(session_factory, settings, clock, SlackWording()).run(start + timedelta(days=3))
    assert kept(session_factory) == (1, 0)
