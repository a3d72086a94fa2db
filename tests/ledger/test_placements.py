"""Acceptance, placement and payment: each step owes the next on its own clock."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import Conflict, InvalidInput, NotAllowed
from bot.ledger import resolve
from bot.ledger.payments import record_payment, share_owed
from bot.ledger.placements import accept_offer, place
from bot.models import (
    FollowUp,
    FollowUpKind,
    FollowUpState,
    MessageKind,
    OutboxMessage,
    Placement,
    Resolution,
)
from bot.outbox import Message, ReplyTo
from bot.services import Core, Origin, answers, placements
from handlers.render.wording import SlackWording
from tests.ledger.test_races import race
from tests.ledger_book import LedgerBook
from tests.ledger_book import submitted_for_a_job as submitted


def placed(book: LedgerBook, fee: str = "$25,000") -> str:
    ref = submitted(book, split_importer=60)
    book.run(resolve, ref=ref, actor_id="U0ERIN", resolution=Resolution.DONE)  # the terms
    return book.run(place, actor_id="U0DANA", ref="F-2", start="2027-01-04", fee=fee).placement.ref


def core_of(session_factory: sessionmaker[Session], settings: Settings, clock: FrozenClock) -> Core:
    return Core(session_factory, clock, settings, SlackWording())


def test_either_party_records_the_offer_accepted_and_the_importer_owes_the_report(
    book: LedgerBook,
) -> None:
    ref = submitted(book)
    with pytest.raises(NotAllowed, match="Only Dana Importer or Erin Exporter"):
        book.run(accept_offer, actor_id="U0SAM", ref=ref)

    accepted = book.run(accept_offer, actor_id="U0ERIN", ref=ref)

    report = book.follow_up(accepted.report.id)
    assert (report.kind, report.debtor.name, report.window) == (
        FollowUpKind.REPORT_PLACEMENT,
        "Dana Importer",
        "7d",
    )
    assert report.due_at == datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # 7 business days
    with pytest.raises(Conflict, match="already recorded"):
        book.run(accept_offer, actor_id="U0DANA", ref=ref)


def test_the_placement_report_makes_a_placement_and_answers_the_report(book: LedgerBook) -> None:
    ref = submitted(book)
    accepted = book.run(accept_offer, actor_id="U0DANA", ref=ref)
    with pytest.raises(NotAllowed, match=r"Only Dana Importer \(the importer\)"):
        book.run(place, actor_id="U0ERIN", ref=ref, start="2027-01-04", fee="$25,000")

    done = book.run(place, actor_id="U0DANA", ref=ref, start="jan 4", fee="20%", salary="$120k")

    assert done.placement.ref == "P-1"
    assert (done.placement.start_date, done.placement.fee_cents) == (date(2027, 1, 4), 2_400_000)
    report = book.follow_up(accepted.report.id)
    assert (report.state, report.resolution_note) == (FollowUpState.DONE, "P-1")
    with pytest.raises(Conflict, match="already placed: P-1"):
        book.run(place, actor_id="U0DANA", ref=ref, start="jan 4", fee="$1,000")


def test_a_fee_or_start_that_cant_be_read_is_refused(book: LedgerBook) -> None:
    ref = submitted(book)
    with pytest.raises(InvalidInput, match="25% or 25,000"):
        book.run(place, actor_id="U0DANA", ref=ref, start="jan 4", fee="25")
    with pytest.raises(InvalidInput, match="start date"):
        book.run(place, actor_id="U0DANA", ref=ref, start="2d", fee="$25,000")
    assert book.row_counts()["placements"] == 0


def test_the_clients_payment_makes_the_importer_owe_the_exporters_share(book: LedgerBook) -> None:
    ref = placed(book)
    with pytest.raises(NotAllowed, match="records the client's payment"):
        book.run(record_payment, actor_id="U0ERIN", ref=ref)

    paid = book.run(record_payment, actor_id="U0DANA", ref=ref)

    assert (str(paid.paid), str(paid.share)) == ("$25,000", "$10,000")  # 60/40: 40% to Erin
    owed = book.follow_up(paid.owed.id)
    assert (owed.kind, owed.debtor.name, owed.creditor.name) == (
        FollowUpKind.PAY_SHARE,
        "Dana Importer",
        "Erin Exporter",
    )
    assert owed.what.endswith(": $10,000")
    assert owed.due_at == datetime(2026, 11, 19, 15, 0, tzinfo=UTC)  # one business day

    with pytest.raises(NotAllowed, match="Erin Exporter confirms the share arrived"):
        book.run(resolve, ref=owed.id, actor_id="U0DANA", resolution=Resolution.DONE)
    book.run(
        resolve, ref=book.run(share_owed, ref=ref).id, actor_id="U0ERIN", resolution=Resolution.DONE
    )
    with book.factory() as session:
        placement = session.scalars(select(Placement)).one()
        assert placement.received_at == datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="already received"):
        book.run(share_owed, ref=ref)


def test_a_part_payment_owes_its_share_in_the_fees_currency(book: LedgerBook) -> None:
    ref = placed(book, fee="£30k")
    paid = book.run(record_payment, actor_id="U0DANA", ref=ref, amount="15000")
    assert (str(paid.paid), str(paid.share)) == ("£15,000", "£6,000")
    with pytest.raises(Conflict, match="already recorded"):
        book.run(record_payment, actor_id="U0DANA", ref=ref, amount="£15,000")


def test_two_acceptances_at_once_owe_one_report(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core, ref = core_of(session_factory, settings, clock), submitted(book)

    def accept(user: str) -> None:
        origin = Origin("T0ACME", user, reply=ReplyTo(user))
        placements.offer_accepted(core, origin, ref=ref, say=lambda *_: Message("ok"))

    race(lambda: accept("U0ERIN"), lambda: accept("U0DANA"))

    with book.factory() as session:
        reports = session.scalar(
            select(func.count()).select_from(FollowUp).filter_by(kind=FollowUpKind.REPORT_PLACEMENT)
        )
    assert reports == 1


def test_two_payments_at_once_owe_one_share(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core, ref = core_of(session_factory, settings, clock), placed(book)
    origin = Origin("T0ACME", "U0DANA", reply=ReplyTo("U0DANA"))

    def pay() -> None:
        placements.paid(core, origin, ref=ref, amount=None, say=lambda *_: Message("ok"))

    race(pay, pay)

    with book.factory() as session:
        shares = session.scalar(
            select(func.count()).select_from(FollowUp).filter_by(kind=FollowUpKind.PAY_SHARE)
        )
        told = session.scalars(
            select(OutboxMessage.text).where(
                OutboxMessage.kind == MessageKind.REPLY, OutboxMessage.channel == "U0DANA"
            )
        ).all()
    assert shares == 1
    assert "The client's payment for P-1 is already recorded." in told


def test_two_placements_at_once_make_one(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core, ref = core_of(session_factory, settings, clock), submitted(book)
    origin = Origin("T0ACME", "U0DANA", reply=ReplyTo("U0DANA"))

    def report(fee: str) -> None:
        placements.placed(
            core, origin, ref=ref, start="jan 4", fee=fee, salary=None, say=lambda *_: Message("ok")
        )

    race(lambda: report("$25,000"), lambda: report("$30,000"))

    assert book.row_counts()["placements"] == 1
    with book.factory() as session:
        told = session.scalars(
            select(OutboxMessage.text).where(
                OutboxMessage.kind == MessageKind.REPLY, OutboxMessage.channel == "U0DANA"
            )
        ).all()
    # The loser is told what happened, not that something broke.
    assert any("Jane Doe" in text and "placed" in text for text in told)
    assert not any("Something went wrong" in text for text in told)


def test_two_received_clicks_at_once_close_the_share_once(
    book: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    core, ref = core_of(session_factory, settings, clock), placed(book)
    owed = book.run(record_payment, actor_id="U0DANA", ref=ref).owed
    origin = Origin("T0ACME", "U0ERIN", reply=ReplyTo("U0ERIN"))

    def click() -> None:
        answers.answer(core, origin, ref=owed.id, resolution=Resolution.DONE, seen=owed.version)

    race(click, click)

    with book.factory() as session:
        thanks = session.scalars(
            select(OutboxMessage.text).where(
                OutboxMessage.kind == MessageKind.NOTICE, OutboxMessage.channel == "U0DANA"
            )
        ).all()
        told = session.scalars(
            select(OutboxMessage.text).where(
                OutboxMessage.kind == MessageKind.REPLY, OutboxMessage.channel == "U0ERIN"
            )
        ).all()
    assert [text for text in thanks if "received their share" in text] == [
        f"<@U0ERIN> received their share (F-{owed.id}: pay the share of the fee for Jane Doe for "
        "JO-1 Java Developer: $10,000). Thanks!"
    ]
    assert told == [f"F-{owed.id} is already done: you marked it done a moment ago."]
