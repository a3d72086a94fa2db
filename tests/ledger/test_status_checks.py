"""Whose Slack status is asked for before a sweep: due debtors not asked about lately."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FrozenClock
from bot.ledger import SlackProfile, record_submission, upsert_member
from bot.ledger.status_checks import stale_statuses
from tests.ledger_book import LedgerBook

HOURS = timedelta(hours=6)


def stale(book: LedgerBook, clock: FrozenClock, ahead: timedelta) -> dict[str, list[str]]:
    now = clock.now()
    return book.run(
        lambda scope: stale_statuses(
            scope.session, now=now, horizon=now + ahead, max_age=HOURS, limit=100
        )
    )


def test_due_debtors_not_asked_lately_are_asked_about(book: LedgerBook, clock: FrozenClock) -> None:
    book.run(record_submission, exporter_id="U0ERIN", importer_id="U0DANA", candidate="Jane Doe")
    book.run(record_submission, exporter_id="U0DANA", importer_id="U0SAM", candidate="John Roe")
    assert stale(book, clock, timedelta(minutes=1)) == {}  # nothing due by the next sweep
    assert stale(book, clock, timedelta(days=30)) == {"T0ACME": ["U0DANA", "U0SAM"]}

    checked = SlackProfile("U0DANA", "Dana Importer", "Europe/London", checked=True)
    book.run(lambda scope: upsert_member(scope, checked))
    assert stale(book, clock, timedelta(days=30)) == {"T0ACME": ["U0SAM"]}
    clock.advance(HOURS + timedelta(minutes=1))
    assert stale(book, clock, timedelta(days=30)) == {"T0ACME": ["U0SAM", "U0DANA"]}
