"""Fall-offs: both partners hear; inside the guarantee the importer owes what the terms imply."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import Conflict, InvalidInput, NotAllowed
from bot.ledger import record_job_order, record_submission, resolve
from bot.ledger.falloffs import fall_off
from bot.ledger.placements import place
from bot.models import FollowUp, FollowUpKind, Resolution
from bot.outbox import Message, ReplyTo
from bot.services import Core, Origin, placements
from handlers.render.wording import SlackWording
from tests.ledger.test_races import race
from tests.ledger_book import LedgerBook


def placed(book: LedgerBook, note: str | None = None, guarantee: int | None = 90) -> str:
    job = book.run(
        record_job_order,
        importer_id="U0DANA",
        title="Java Developer",
        split_importer=50,
        guarantee_days=guarantee,
        terms_note=note,
    )
    recorded = book.run(
        record_submission,
        exporter_id="U0ERIN",
        importer_id="U0DANA",
        candidate="Jane Doe",
        job=job.ref,
    )
    book.run(resolve, ref=recorded.follow_up.id, actor_id="U0ERIN", resolution=Resolution.DONE)
    done = book.run(place, actor_id="U0DANA", ref="F-2", start="2026-11-23", fee="$25,000")
    assert done.placement.guarantee_until == (
        date(2026, 11, 23) + timedelta(days=guarantee) if guarantee else None
    )
    return done.placement.ref


@pytest.mark.parametrize(
    ("note", "owed"),
    [
        ("free replacement", "search for a replacement for Jane Doe (P-1 guarantee)"),
        ("pro rata refund", "settle the refund for Jane Doe (P-1 guarantee)"),
        (
            None,
            "settle P-1's guarantee for Jane Doe: a replacement search or a refund, as the "
            "terms say",
        ),
    ],
)
def test_inside_the_guarantee_the_importer_owes_what_the_terms_imply(
    book: LedgerBook, note: str | None, owed: str
) -> None:
    ref = placed(book, note)
    fell = book.run(fall_off, actor_id="U0ERIN", ref=ref, reason="left in week 2")
    assert fell.owed is not None
    follow_up = book.follow_up(fell.owed.id)
    assert (follow_up.kind, follow_up.debtor.name, follow_up.what) == (
        FollowUpKind.GUARANTEE,
        "Dana Importer",
        owed,
    )
    assert fell.placement.falloff_reason == "left in week 2"


def test_outside_the_guarantee_or_without_one_nothing_is_owed(
    book: LedgerBook, clock: FrozenClock
) -> None:
    ref = placed(book, guarantee=None)
    assert book.run(fall_off, actor_id="U0DANA", ref=ref, reason="moved").owed is None


def test_only_the_partners_report_a_fall_off_with_a_reason_once(book: LedgerBook) -> None:
    ref = placed(book)
    with pytest.raises(NotAllowed, match="Only Dana Importer or Erin Exporter"):
        book.run(fall_off, actor_id="U0SAM", ref=ref, reason="left")
    with pytest.raises(InvalidInput, match="Say why"):
        book.run(fall_off, actor_id="U0DANA", ref=ref, reason="  ")
    book.run(fall_off, actor_id="U0DANA", ref=ref, reason="left")
    with pytest.raises(Conflict, match="already reported as fallen off"):
        book.run(fall_off, actor_id="U0ERIN", ref=ref, reason="left")


def test_two_fall_offs_at_once_open_one_guarantee_follow_up(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core = Core(session_factory, clock, settings, SlackWording())
    ref = placed(book)

    def report(user: str) -> None:
        origin = Origin("T0ACME", user, reply=ReplyTo(user))
        placements.falloff(core, origin, ref=ref, reason="left", say=lambda *_: Message("ok"))

    race(lambda: report("U0DANA"), lambda: report("U0ERIN"))

    with book.factory() as session:
        owed = session.scalar(
            select(func.count()).select_from(FollowUp).filter_by(kind=FollowUpKind.GUARANTEE)
        )
    assert owed == 1
