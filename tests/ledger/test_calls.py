"""Call evidence: what a call a phone system saw proves, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import InvalidInput, NotAllowed
from bot.ledger import record_conversation
from bot.ledger.calls import CallProves, CallSeen, apply_call, reopen
from bot.ledger.phones import set_phone
from bot.models import (
    Activity,
    Conversation,
    ConversationKind,
    FollowUpState,
    MessageKind,
    OutboxMessage,
    Resolution,
)
from bot.services import Core, Origin
from bot.services.calls import call_seen
from handlers.render.wording import SlackWording
from tests.ledger.test_races import race
from tests.ledger_book import LedgerBook

DANA, ERIN, SAM = "+442079460958", "+12125550143", "+14155550100"


@pytest.fixture
def phones(book: LedgerBook) -> LedgerBook:
    """Dana (London), Erin (New York) and Sam (San Francisco) gave their numbers."""
    book.run(set_phone, user_id="U0DANA", text="+44 20 7946 0958")
    book.run(set_phone, user_id="U0ERIN", text="(212) 555-0143")
    book.run(set_phone, user_id="U0SAM", text="+1 415 555 0100")
    return book


def erin_called_dana(
    book: LedgerBook, kind: ConversationKind = ConversationKind.CALL, window: str = "2d"
) -> int:
    """Erin logged a call: Dana owes her a call back."""
    recorded = book.run(
        record_conversation, caller_id="U0ERIN", partner_id="U0DANA", kind=kind, window=window
    )
    assert recorded.follow_up is not None
    return recorded.follow_up.id


def call(
    caller: str, called: str, seconds: int, *, answered: bool = True, sid: str = "CA1"
) -> CallSeen:
    ended = datetime(2026, 11, 18, 14, 2, 45, tzinfo=UTC)
    return CallSeen("twilio", sid, caller, called, answered, seconds, ended)


def test_a_number_without_a_country_code_is_read_where_the_member_lives(book: LedgerBook) -> None:
    member = book.run(set_phone, user_id="U0DANA", text="020 7946 0958")
    assert member.phone == "+442079460958"
    assert book.run(set_phone, user_id="U0DANA", text="off").phone is None


def test_a_number_that_cannot_be_placed_is_refused_with_the_fix(book: LedgerBook) -> None:
    book.add_member("U0UTC", "Uma Utc", "UTC")
    with pytest.raises(InvalidInput, match=r"\+ and the country code"):
        book.run(set_phone, user_id="U0UTC", text="020 7946 0958")
    with pytest.raises(InvalidInput, match="not a phone number"):
        book.run(set_phone, user_id="U0DANA", text="+44 12")


def test_a_45_second_call_from_the_debtor_resolves_the_call_back(phones: LedgerBook) -> None:
    ref = erin_called_dana(phones)
    applied = phones.run(apply_call, call=call(DANA, ERIN, 45))
    assert applied.proves is CallProves.CALLED_BACK
    follow_up = phones.follow_up(ref)
    assert (follow_up.state, follow_up.resolution) == (FollowUpState.DONE, Resolution.CALLED_BACK)
    # Erin reads the time in New York: the call began at 14:02 UTC.
    assert follow_up.resolution_note == "Twilio call of 45 s at 09:02"
    with phones.factory() as session:
        conversation = session.scalars(
            select(Conversation).where(Conversation.source.is_not(None))
        ).one()
    assert (conversation.kind, conversation.caller_id) == (
        ConversationKind.CALL,
        follow_up.debtor_id,
    )


def test_a_talk_is_answered_by_a_call_too_but_an_email_is_not(phones: LedgerBook) -> None:
    talk = erin_called_dana(phones, ConversationKind.TALK)
    email = erin_called_dana(phones, ConversationKind.EMAIL)
    phones.run(apply_call, call=call(DANA, ERIN, 60))
    assert phones.follow_up(talk).state is FollowUpState.DONE
    assert phones.follow_up(email).state is FollowUpState.OPEN


def test_a_10_second_call_is_an_attempt_that_holds_reminders_a_business_day(
    phones: LedgerBook,
) -> None:
    ref = erin_called_dana(phones, window="2h")  # the reminder would go at 17:00 London
    before = phones.follow_up(ref)
    applied = phones.run(apply_call, call=call(DANA, ERIN, 10))
    assert applied.proves is CallProves.ATTEMPT
    after = phones.follow_up(ref)
    assert after.state is FollowUpState.OPEN
    # One business day in London from Wednesday 15:00; the version a card shows is kept.
    assert after.next_nudge_at == datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
    assert after.version == before.version
    with phones.factory() as session:
        actions = session.scalars(select(Activity.action).where(Activity.follow_up_id == ref))
        assert "call_attempt" in list(actions)


def test_a_missed_call_is_an_attempt_too(phones: LedgerBook) -> None:
    ref = erin_called_dana(phones)
    assert (
        phones.run(apply_call, call=call(DANA, ERIN, 0, answered=False)).proves
        is CallProves.ATTEMPT
    )
    assert phones.follow_up(ref).state is FollowUpState.OPEN


def test_the_creditor_chasing_the_debtor_proves_nothing(phones: LedgerBook) -> None:
    ref = erin_called_dana(phones)
    phones.run(apply_call, call=call(ERIN, DANA, 300))
    assert phones.follow_up(ref).state is FollowUpState.OPEN


def test_a_call_between_other_people_or_unknown_numbers_changes_nothing(
    phones: LedgerBook,
) -> None:
    ref = erin_called_dana(phones)
    counts = phones.row_counts()
    assert phones.run(apply_call, call=call(SAM, ERIN, 120)).proves is CallProves.CALLED_BACK
    assert phones.run(apply_call, call=call("+33142685300", ERIN, 120, sid="CA2")).proves is (
        CallProves.NOTHING
    )
    assert phones.run(apply_call, call=call(DANA, None or "", 120, sid="CA3")).proves is (
        CallProves.NOTHING
    )
    assert phones.follow_up(ref).state is FollowUpState.OPEN
    assert phones.row_counts()["follow_ups"] == counts["follow_ups"]


def test_evidence_never_crosses_workspaces(
    phones: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    ref = erin_called_dana(phones)
    other = LedgerBook(session_factory, settings, clock, team_id="T0OTHER")
    other.add_member("U1DANA", "Dana Elsewhere", "Europe/London")
    other.add_member("U1ERIN", "Erin Elsewhere", "America/New_York")
    other.run(set_phone, user_id="U1DANA", text=DANA)
    other.run(set_phone, user_id="U1ERIN", text=ERIN)
    other.run(apply_call, call=call(DANA, ERIN, 120))
    assert phones.follow_up(ref).state is FollowUpState.OPEN


def test_the_same_call_applied_twice_resolves_once(phones: LedgerBook) -> None:
    ref = erin_called_dana(phones)
    phones.run(apply_call, call=call(DANA, ERIN, 45))
    again = phones.run(apply_call, call=call(DANA, ERIN, 45))
    assert again.proves is CallProves.NOTHING
    with phones.factory() as session:
        closes = session.scalar(
            select(func.count()).where(
                Activity.follow_up_id == ref, Activity.action == "called_back"
            )
        )
    assert closes == 1


def test_either_party_reopens_what_a_call_closed(phones: LedgerBook) -> None:
    ref = erin_called_dana(phones)
    phones.run(apply_call, call=call(DANA, ERIN, 45))
    with pytest.raises(NotAllowed):
        phones.run(reopen, ref=f"F-{ref}", actor_id="U0SAM")
    follow_up = phones.run(reopen, ref=f"F-{ref}", actor_id="U0ERIN")
    assert (follow_up.state, follow_up.resolution) == (FollowUpState.OPEN, None)
    with pytest.raises(InvalidInput, match="not closed by a call"):
        phones.run(reopen, ref=f"F-{ref}", actor_id="U0DANA")


def test_two_deliveries_of_one_call_at_once_have_one_outcome(
    phones: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    ref = erin_called_dana(phones)
    core = Core(session_factory, clock, settings, SlackWording())
    seen = call(DANA, ERIN, 45)
    race(*[lambda: call_seen(core, Origin("T0ACME"), seen) for _ in range(2)])
    follow_up = phones.follow_up(ref)
    assert follow_up.resolution is Resolution.CALLED_BACK
    with phones.factory() as session:
        closes = session.scalar(
            select(func.count()).where(
                Activity.follow_up_id == ref, Activity.action == "called_back"
            )
        )
        calls = session.scalar(select(func.count()).where(Conversation.source.is_not(None)))
        notices = session.scalar(
            select(func.count()).where(OutboxMessage.kind == MessageKind.NOTICE)
        )
    assert (closes, calls) == (1, 1)
    assert notices == 2  # Erin told, Dana told how to undo: once each
