"""Split terms: agreed in writing before the submittal, then on the record of every submission."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import InvalidInput, NotAllowed
from bot.ledger import (
    cancel,
    owed_between,
    record_job_order,
    record_submission,
    resolve,
    set_deal_defaults,
)
from bot.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    JobOrder,
    MessageKind,
    OutboxMessage,
    Resolution,
    Submission,
    TermsAcceptance,
)
from bot.outbox import ReplyTo
from bot.services import Core, Origin, answers
from handlers.render.wording import SlackWording
from tests.ledger.test_races import race
from tests.ledger_book import LedgerBook


def post_job(book: LedgerBook, **terms: object) -> str:
    job = book.run(record_job_order, importer_id="U0DANA", title="Senior Java Developer", **terms)
    return job.ref


def submit(book: LedgerBook, candidate: str, job: str, window: str | None = None) -> FollowUp:
    recorded = book.run(
        record_submission,
        exporter_id="U0ERIN",
        importer_id="U0DANA",
        candidate=candidate,
        job=job,
        window=window,
    )
    return recorded.follow_up


def open_kinds(book: LedgerBook) -> list[tuple[str, str, str]]:
    with book.factory() as session:
        rows = session.scalars(
            select(FollowUp).where(FollowUp.state == FollowUpState.OPEN).order_by(FollowUp.id)
        )
        return [(f.kind.value, f.debtor.name, f.what) for f in rows]


def test_a_job_order_keeps_its_split_fee_guarantee_and_note(book: LedgerBook) -> None:
    job = book.run(
        record_job_order,
        importer_id="U0DANA",
        title="Quant Analyst",
        fee_percent=25,
        split_importer=50,
        guarantee_days=90,
        terms_note="  refund   pro rata ",
    )
    assert (job.split, job.fee_percent, job.guarantee_days, job.terms_note) == (
        "50/50",
        25,
        90,
        "refund pro rata",
    )


def test_workspace_defaults_fill_the_terms_a_job_order_does_not_name(book: LedgerBook) -> None:
    book.run(
        set_deal_defaults, actor_id="U0ALEX", split_importer=50, fee_percent=20, guarantee_days=60
    )
    plain = book.run(record_job_order, importer_id="U0DANA", title="Nurse")
    own = book.run(
        record_job_order, importer_id="U0DANA", title="Medic", split_importer=60, fee_percent=30
    )
    assert (plain.split, plain.fee_percent, plain.guarantee_days) == ("50/50", 20, 60)
    assert (own.split, own.fee_percent, own.guarantee_days) == ("60/40", 30, 60)
    # A job order keeps the terms it was posted with when the defaults change later.
    book.run(set_deal_defaults, actor_id="U0ALEX", split_importer=70)
    with book.factory() as session:
        kept = session.get(JobOrder, plain.id)
        assert kept is not None
        assert kept.split == "50/50"


def test_only_an_admin_sets_default_terms_and_bad_ones_are_refused(book: LedgerBook) -> None:
    with pytest.raises(NotAllowed, match="Only a workspace admin"):
        book.run(set_deal_defaults, actor_id="U0DANA", split_importer=50)
    with pytest.raises(InvalidInput, match="guarantee in days"):
        book.run(set_deal_defaults, actor_id="U0ALEX", guarantee_days=0)
    with pytest.raises(InvalidInput, match="add up to 100"):
        book.run(set_deal_defaults, actor_id="U0ALEX", split_importer=100)


def test_the_first_submittal_under_terms_asks_the_exporter_to_accept_them(
    book: LedgerBook,
) -> None:
    job = post_job(book, split_importer=50, fee_percent=25, guarantee_days=90)
    first = submit(book, "Jane Doe", job, window="4h")
    second = submit(book, "John Smith", job)

    # One acceptance is owed by Erin, whatever the number of candidates waiting on it;
    # Dana owes nothing yet.
    assert first.id == second.id
    assert open_kinds(book) == [
        ("accept_terms", "Erin Exporter", f"accept the terms for {job} Senior Java Developer")
    ]


def test_accepting_the_terms_records_them_and_sends_every_waiting_submittal(
    book: LedgerBook, clock: FrozenClock
) -> None:
    job = post_job(book, split_importer=50, fee_percent=25, guarantee_days=90, terms_note="net 30")
    pending = submit(book, "Jane Doe", job, window="4h")
    submit(book, "John Smith", job)
    clock.advance(timedelta(hours=1))

    resolved = book.run(resolve, ref=pending.id, actor_id="U0ERIN", resolution=Resolution.DONE)

    with book.factory() as session:
        accepted = session.scalars(select(TermsAcceptance)).one()
        assert (accepted.split, accepted.fee_percent, accepted.guarantee_days, accepted.note) == (
            "50/50",
            25,
            90,
            "net 30",
        )
        assert accepted.accepted_by.name == "Erin Exporter"
        assert accepted.accepted_at == datetime(2026, 11, 18, 16, 0, tzinfo=UTC)
        waiting = session.scalars(select(Submission).order_by(Submission.id)).all()
        assert [s.terms_id for s in waiting] == [accepted.id, accepted.id]
    jane, john = resolved.opened
    assert (jane.kind, jane.debtor.name, jane.window) == (
        FollowUpKind.RESPOND,
        "Dana Importer",
        "4h",
    )
    # Dana's clock starts at the acceptance, 16:00 in London: 1h30 today, 2h30 on Thursday.
    assert jane.due_at == datetime(2026, 11, 19, 11, 30, tzinfo=UTC)
    assert john.window == "2d"
    assert book.follow_up(pending.id).resolution is Resolution.DONE


def test_later_submittals_go_straight_to_the_importer_under_the_accepted_terms(
    book: LedgerBook,
) -> None:
    job = post_job(book, split_importer=60)
    pending = submit(book, "Jane Doe", job)
    book.run(resolve, ref=pending.id, actor_id="U0ERIN", resolution=Resolution.DONE)

    later = submit(book, "Ann Lee", job)

    assert later.kind is FollowUpKind.RESPOND
    with book.factory() as session:
        ann = session.scalars(select(Submission).filter_by(candidate="Ann Lee")).one()
        assert ann.terms is not None
        assert ann.terms.split == "60/40"


def test_a_job_order_without_a_split_asks_for_no_acceptance(book: LedgerBook) -> None:
    job = post_job(book, fee_percent=25)
    assert submit(book, "Jane Doe", job).kind is FollowUpKind.RESPOND


def test_only_the_exporter_or_an_admin_accepts_and_only_by_accepting(book: LedgerBook) -> None:
    job = post_job(book, split_importer=50)
    pending = submit(book, "Jane Doe", job)

    with pytest.raises(NotAllowed, match="Only Erin Exporter can accept the terms of JO-1"):
        book.run(resolve, ref=pending.id, actor_id="U0DANA", resolution=Resolution.DONE)
    with pytest.raises(InvalidInput, match="click \\*Accept terms\\*"):
        book.run(resolve, ref=pending.id, actor_id="U0ERIN", resolution=Resolution.CALLED_BACK)
    # Hearing back from Erin is not her acceptance in writing.
    with pytest.raises(InvalidInput, match="owes you nothing open"):
        book.run(owed_between, debtor_id="U0ERIN", creditor_id="U0DANA")

    book.run(resolve, ref=pending.id, actor_id="U0ALEX", resolution=Resolution.DONE)
    with book.factory() as session:
        assert session.scalars(select(TermsAcceptance)).one().accepted_by.name == "Alex Admin"


def test_withdrawn_terms_take_their_waiting_submittals_with_them(book: LedgerBook) -> None:
    job = post_job(book, split_importer=50)
    pending = submit(book, "Jane Doe", job)
    book.run(cancel, ref=pending.id, actor_id="U0ERIN", reason="client went direct")

    again = submit(book, "John Smith", job)
    resolved = book.run(resolve, ref=again.id, actor_id="U0ERIN", resolution=Resolution.DONE)

    # Only John goes to Dana: Jane's submittal was withdrawn with the terms.
    assert [f.what for f in resolved.opened] == [
        "answer about John Smith for JO-1 Senior Java Developer"
    ]
    with book.factory() as session:
        jane = session.scalars(select(Submission).filter_by(candidate="Jane Doe")).one()
        assert (jane.outcome, jane.terms_id) == (Resolution.CANCELLED, None)


def test_two_clicks_on_accept_terms_record_one_acceptance(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core = Core(session_factory, clock, settings, SlackWording())
    job = post_job(book, split_importer=50)
    pending = submit(book, "Jane Doe", job)
    submit(book, "John Smith", job)
    shown = book.follow_up(pending.id).version  # the version the card's button carries

    def click() -> None:
        origin = Origin("T0ACME", "U0ERIN", reply=ReplyTo("U0ERIN"))
        answers.answer(core, origin, ref=pending.id, resolution=Resolution.DONE, seen=shown)

    race(click, click)

    with book.factory() as session:
        assert session.scalar(select(func.count()).select_from(TermsAcceptance)) == 1
        asked = session.scalar(
            select(func.count()).select_from(FollowUp).filter_by(kind=FollowUpKind.RESPOND)
        )
        cards = session.scalars(
            select(OutboxMessage.text).where(
                OutboxMessage.kind == MessageKind.CARD, OutboxMessage.channel == "U0DANA"
            )
        ).all()
        told = session.scalars(
            select(OutboxMessage.text).where(
                OutboxMessage.kind == MessageKind.REPLY, OutboxMessage.channel == "U0ERIN"
            )
        ).all()
    assert asked == 2
    assert len(cards) == 2  # Dana is asked once about each candidate
    assert told == [f"F-{pending.id} is already done: you accepted the terms a moment ago."]
