"""Email evidence: what an email an inbound-email service saw proves, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.clock import FrozenClock
from bot.config import Settings
from bot.errors import InvalidInput
from bot.ledger import SlackProfile, record_conversation, upsert_member
from bot.ledger.calls import reopen
from bot.ledger.email_evidence import EmailProves, EmailSeen, apply_email
from bot.ledger.emails import set_email
from bot.models import (
    Activity,
    Conversation,
    ConversationKind,
    FollowUpState,
    Member,
    Resolution,
    Submission,
    Workspace,
)
from bot.services import Core, Origin
from bot.services.answers import answer
from bot.services.emails import email_seen
from bot.windows.returning import find_return
from handlers.render.wording import SlackWording
from tests.ledger.test_races import race, submitted
from tests.ledger_book import LedgerBook

DANA, ERIN, SAM = "dana@firm.test", "erin@acme.test", "sam@acme.test"


@pytest.fixture
def mail(book: LedgerBook) -> LedgerBook:
    """Dana, Erin and Sam gave their addresses."""
    book.run(set_email, user_id="U0DANA", text="Dana@Firm.test")
    book.run(set_email, user_id="U0ERIN", text=ERIN)
    book.run(set_email, user_id="U0SAM", text=SAM)
    return book


def email(
    sender: str | None, *to: str, subject: str = "Re: Jane Doe", mid: str = "m1", **more: object
) -> EmailSeen:
    sent = datetime(2026, 11, 18, 14, 2, tzinfo=UTC)
    return EmailSeen("postmark", mid, sender, tuple(to), subject=subject, sent_at=sent, **more)  # type: ignore[arg-type]


def owed_email_back(book: LedgerBook) -> int:
    recorded = book.run(
        record_conversation,
        caller_id="U0ERIN",
        partner_id="U0DANA",
        kind=ConversationKind.EMAIL,
        window="2d",
    )
    assert recorded.follow_up is not None
    return recorded.follow_up.id


def closes(book: LedgerBook, ref: int) -> int:
    with book.factory() as session:
        actions = ("emailed_back", "interested", "passed", "need_more_info", "done")
        query = select(func.count()).where(
            Activity.follow_up_id == ref, Activity.action.in_(actions)
        )
        return int(session.scalar(query) or 0)


def test_addresses_are_checked_and_lower_cased(book: LedgerBook) -> None:
    assert book.run(set_email, user_id="U0DANA", text=" <Dana@Firm.TEST> ").email == DANA
    with pytest.raises(InvalidInput, match="not an email address"):
        book.run(set_email, user_id="U0DANA", text="dana@firm")
    assert book.run(set_email, user_id="U0DANA", text="off").email is None


def test_slack_fills_an_empty_address_and_never_replaces_a_typed_one(book: LedgerBook) -> None:
    slack = SlackProfile("U0DANA", "Dana Importer", "Europe/London", email="dana@slack.test")
    assert book.run(lambda scope: upsert_member(scope, slack)).email == "dana@slack.test"
    book.run(set_email, user_id="U0DANA", text=DANA)
    assert book.run(lambda scope: upsert_member(scope, slack)).email == DANA


def test_an_email_from_the_importer_answers_the_submission_without_a_decision(
    mail: LedgerBook,
) -> None:
    ref = submitted(mail)
    applied = mail.run(apply_email, email=email(DANA, ERIN))
    assert applied.proves is EmailProves.ANSWERED
    follow_up = mail.follow_up(ref)
    assert (follow_up.state, follow_up.resolution) == (FollowUpState.DONE, Resolution.EMAILED_BACK)
    assert follow_up.resolution_note == "Postmark email “Re: Jane Doe” at 09:02"
    with mail.factory() as session:
        assert session.scalars(select(Submission.outcome)).one() is None
        kept = session.scalars(select(Conversation)).one()
        assert (kept.kind, kept.note, kept.source) == (
            ConversationKind.EMAIL,
            "Re: Jane Doe",
            "postmark:m1",
        )


def test_a_call_back_is_not_answered_by_an_email(mail: LedgerBook) -> None:
    recorded = mail.run(
        record_conversation, caller_id="U0ERIN", partner_id="U0DANA", kind=ConversationKind.CALL
    )
    assert recorded.follow_up is not None
    assert mail.run(apply_email, email=email(DANA, ERIN)).proves is EmailProves.NOTHING
    assert mail.follow_up(recorded.follow_up.id).state is FollowUpState.OPEN


def test_the_creditor_writing_or_other_people_prove_nothing(mail: LedgerBook) -> None:
    ref = owed_email_back(mail)
    assert mail.run(apply_email, email=email(ERIN, DANA)).proves is EmailProves.NOTHING
    assert mail.run(apply_email, email=email(SAM, ERIN, mid="m2")).proves is EmailProves.NOTHING
    assert mail.run(apply_email, email=email(DANA, SAM, mid="m3")).proves is EmailProves.NOTHING
    tagged = email(SAM, "log+F-1@x.test", mid="m4")
    assert mail.run(apply_email, email=tagged).proves is EmailProves.NOTHING
    assert mail.follow_up(ref).state is FollowUpState.OPEN


def test_unknown_senders_are_counted(mail: LedgerBook) -> None:
    owed_email_back(mail)
    for n in range(3):
        seen = email("who@else.test", ERIN, mid=f"x{n}")
        assert mail.run(apply_email, email=seen).proves is EmailProves.UNKNOWN_SENDER
    assert mail.run(apply_email, email=email(None, ERIN)).proves is EmailProves.UNKNOWN_SENDER
    with mail.factory() as session:
        assert session.scalars(select(Workspace.inbound_ignored)).one() == 4


def test_evidence_never_crosses_workspaces(
    mail: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    ref = owed_email_back(mail)
    other = LedgerBook(session_factory, settings, clock, team_id="T0OTHER")
    other.add_member("U1DANA", "Dana Elsewhere", "Europe/London")
    other.add_member("U1ERIN", "Erin Elsewhere", "America/New_York")
    other.run(set_email, user_id="U1DANA", text=DANA)
    other.run(set_email, user_id="U1ERIN", text=ERIN)
    assert other.run(apply_email, email=email(DANA, ERIN, "log+F-1@x.test")).proves is (
        EmailProves.NOTHING
    )
    assert mail.follow_up(ref).state is FollowUpState.OPEN


def test_the_same_email_applied_twice_resolves_once_and_either_party_reopens(
    mail: LedgerBook,
) -> None:
    ref = owed_email_back(mail)
    assert mail.run(apply_email, email=email(DANA, ERIN)).proves is EmailProves.ANSWERED
    assert mail.run(apply_email, email=email(DANA, ERIN)).proves is EmailProves.NOTHING
    assert closes(mail, ref) == 1
    reopened = mail.run(reopen, ref=f"F-{ref}", actor_id="U0DANA")
    assert (reopened.state, reopened.resolution) == (FollowUpState.OPEN, None)
    with pytest.raises(InvalidInput, match="not closed by a call or an email"):
        mail.run(reopen, ref=f"F-{ref}", actor_id="U0ERIN")


def test_an_auto_reply_with_a_return_date_sets_the_vacation(mail: LedgerBook) -> None:
    ref = owed_email_back(mail)
    back = find_return("Thanks for your email. I am back on Monday 7 December.")
    away = email(
        DANA, ERIN, subject="Automatic reply: Re: Jane Doe", auto_reply=True, returning=back
    )
    applied = mail.run(apply_email, email=away)
    assert (applied.proves, applied.back_on) == (EmailProves.AWAY, date(2026, 12, 7))
    assert mail.follow_up(ref).state is FollowUpState.OPEN
    with mail.factory() as session:
        dana = session.scalars(select(Member).filter_by(slack_user_id="U0DANA")).one()
        assert (dana.vacation_from, dana.vacation_until) == (date(2026, 11, 18), date(2026, 12, 6))
    returning = find_return("Returning 12/07")
    assert returning is not None
    assert returning.is_return
    until = find_return("Out of office until Dec 4, 2026")
    assert until is not None
    assert not until.is_return
    vague = email(DANA, ERIN, mid="m2", auto_reply=True, returning=find_return("back soon"))
    assert mail.run(apply_email, email=vague).proves is EmailProves.NOTHING


def test_an_email_and_a_click_at_once_have_one_outcome(
    mail: LedgerBook,
    session_factory: sessionmaker[Session],
    settings: Settings,
    clock: FrozenClock,
) -> None:
    ref = submitted(mail)
    core = Core(session_factory, clock, settings, SlackWording())
    dana = Origin("T0ACME", "U0DANA")
    race(
        lambda: email_seen(core, Origin("T0ACME"), email(DANA, ERIN)),
        lambda: answer(core, dana, ref=ref, resolution=Resolution.INTERESTED),
    )
    follow_up = mail.follow_up(ref)
    assert follow_up.state is FollowUpState.DONE
    assert follow_up.resolution in {Resolution.EMAILED_BACK, Resolution.INTERESTED}
    assert closes(mail, ref) == 1
