"""Messages linked to follow-ups, event dedupe and workspace installs."""

from __future__ import annotations

from sqlalchemy import func, select

from bot import inbox
from bot.ledger import record_submission
from bot.ledger.messages import (
    deactivate_workspace,
    follow_ups_about,
    link_message,
    messages_about,
    reactivate_workspace,
    workspace_is_active,
)
from bot.models import InboxItem, MessagePurpose, RequestKind
from tests.ledger_book import LedgerBook


def test_replies_and_reactions_find_the_follow_up_by_its_message(book: LedgerBook) -> None:
    recorded = book.run(
        record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe"
    )
    ref = recorded.follow_up.id

    def link(scope, **kwargs):  # type: ignore[no-untyped-def]
        follow_up = scope.session.get(type(recorded.follow_up), ref)
        link_message(scope, follow_up, **kwargs)

    book.run(link, purpose=MessagePurpose.CARD, channel="D0DANA", ts="1763758000.000100")
    found = book.run(follow_ups_about, channel="D0DANA", ts="1763758000.000100")
    assert [f.id for f in found] == [ref]
    assert book.run(follow_ups_about, channel="D0DANA", ts="1763758000.000200") == []
    cards = book.run(
        lambda scope: messages_about(
            scope, scope.session.get(type(recorded.follow_up), ref), MessagePurpose.CARD
        )
    )
    assert cards == [("D0DANA", "1763758000.000100")]


def test_an_event_is_handled_once_however_often_slack_retries(book: LedgerBook) -> None:
    now = book.clock.now()

    def record(team_id: str) -> int | None:
        with book.factory.begin() as session:
            return inbox.record(
                session,
                team_id=team_id,
                kind=RequestKind.EVENT,
                body={"event_id": "Ev1"},
                user_id="U0DANA",
                event_id="Ev1",
                now=now,
            )

    assert record("T0ACME") is not None
    for _retry in range(3):
        assert record("T0ACME") is None
    # A shared channel's event reaches the other firm's install with the same id: once is enough.
    assert record("T0OTHER") is None
    with book.factory() as session:
        assert session.scalar(select(func.count()).select_from(InboxItem)) == 1


def test_uninstalling_stops_a_workspace(book: LedgerBook) -> None:
    with book.factory.begin() as session:
        assert workspace_is_active(session, "T0ACME")
        deactivate_workspace(session, team_id="T0ACME")
    with book.factory() as session:
        assert not workspace_is_active(session, "T0ACME")
    with book.factory.begin() as session:
        assert reactivate_workspace(session, team_id="T0ACME", now=book.clock.now())
        assert not reactivate_workspace(session, team_id="T0ACME", now=book.clock.now())
    with book.factory() as session:
        assert workspace_is_active(session, "T0ACME")
