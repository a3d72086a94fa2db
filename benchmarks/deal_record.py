"""A busy job order's record and a busy member's open deals, beside the same rows in plain SQL.

    python -m benchmarks.deal_record [--deals 300] [--db sqlite postgresql]

Filled (not timed) through the ledger: one job order with split terms, `--deals` submittals by one
exporter, the terms accepted, each answered Interested, interviewed with feedback, half of them
placed and paid. Timed (median of 5): `timeline JO-1` read and rendered for the importer (the
Slack blocks, cut within Slack's limits), the Home tab's open deals for the exporter, and the
guarantee-notes step the sweep runs on every tick (nothing due); the floor is one plain SELECT of
the same submissions, follow-ups and placements. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from bot import db
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.ledger import Scope, record_job_order, record_submission, resolve
from bot.ledger.interviews import record_interview
from bot.ledger.payments import record_payment
from bot.ledger.pipeline import open_deals
from bot.ledger.placements import place
from bot.ledger.timeline import deal_timeline
from bot.models import Member, Resolution
from bot.nudging.guarantees import send_guarantee_notes
from handlers.render.timeline import timeline_reply
from handlers.render.wording import SlackWording
from tests.databases import migrated_database, postgres_unreachable_reason
from tests.ledger_book import LedgerBook

AT = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
RUNS = 5


def fill(book: LedgerBook, deals: int) -> None:
    """One job order and `deals` submittals through the ledger, each some way along."""
    book.add_member("U0ERIN", "Erin Exporter", "America/New_York")
    book.add_member("U0DANA", "Dana Importer", "Europe/London")
    book.run(
        record_job_order,
        importer_id="U0DANA",
        title="Java Developer",
        client="Acme",
        split_importer=50,
        guarantee_days=90,
    )
    for number in range(deals):
        recorded = book.run(
            record_submission,
            exporter_id="U0ERIN",
            importer_id="U0DANA",
            candidate=f"Candidate {number}",
            job="JO-1",
        )
        if number == 0:
            ref = recorded.follow_up.id
            opened = book.run(resolve, ref=ref, actor_id="U0ERIN", resolution=Resolution.DONE)
            respond = opened.opened[0].id
        else:
            respond = recorded.follow_up.id
        book.run(resolve, ref=respond, actor_id="U0DANA", resolution=Resolution.INTERESTED)
        interview = book.run(
            record_interview, actor_id="U0DANA", ref=f"F-{respond}", when="2026-12-03 10:00"
        )
        book.run(
            resolve,
            ref=interview.feedback.id,
            actor_id="U0DANA",
            resolution=Resolution.DONE,
            note="strong",
        )
        if number % 2 == 0:
            placed = book.run(
                place, actor_id="U0DANA", ref=f"F-{respond}", start="2027-01-04", fee="$25,000"
            )
            book.run(record_payment, actor_id="U0DANA", ref=placed.placement.ref)


def timed(work: Callable[[], Any]) -> float:
    """The median of RUNS runs of `work`, in milliseconds."""
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def measure(kind: str, deals: int) -> dict[str, Any]:
    with migrated_database(kind) as url:
        engine = db.make_engine(url)
        factory = db.make_session_factory(engine)
        settings = load_settings(database_url=url, holiday_country="US")
        book = LedgerBook(factory, settings, FrozenClock(AT), team_id="T0ACME")
        fill(book, deals)

        def record() -> int:
            with factory() as session:
                scope = Scope(session, "T0ACME", AT, settings)
                found = deal_timeline(scope, ref="JO-1", reader_id="U0DANA")
                reader = session.get(Member, 2)
                assert reader is not None
                _text, blocks = timeline_reply(found, reader)
                return len(found.events) + len(blocks)

        def deals_at_home() -> int:
            with factory() as session:
                found, total = open_deals(Scope(session, "T0ACME", AT, settings), "U0ERIN")
                return total + len(found)

        def notes() -> int:
            with factory() as session:
                return len(send_guarantee_notes(session, SlackWording(), AT))

        def floor() -> int:
            with Session(engine) as session:
                rows = session.execute(
                    text(
                        "SELECT s.*, f.*, p.* FROM submissions s "
                        "JOIN follow_ups f ON f.submission_id = s.id "
                        "LEFT JOIN placements p ON p.submission_id = s.id "
                        "WHERE s.job_order_id = 1 ORDER BY f.id"
                    )
                ).all()
                return len(rows)

        with factory() as session:
            events = len(
                deal_timeline(
                    Scope(session, "T0ACME", AT, settings), ref="JO-1", reader_id=None
                ).events
            )
        figures = {
            "db": kind,
            "deals": deals,
            "events": events,
            "timeline_ms": round(timed(record), 1),
            "open_deals_ms": round(timed(deals_at_home), 1),
            "guarantee_notes_idle_ms": round(timed(notes), 2),
            "floor_ms": round(timed(floor), 1),
        }
        engine.dispose()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deals", type=int, default=300)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results = []
    for kind in args.db:
        if kind == "postgresql" and (reason := postgres_unreachable_reason()):
            print(f"postgresql skipped: {reason}")
            continue
        figures = measure(kind, args.deals)
        print(
            f"{kind}: {figures['deals']} deals, {figures['events']} events — timeline JO-1 "
            f"{figures['timeline_ms']} ms (floor {figures['floor_ms']} ms), open deals "
            f"{figures['open_deals_ms']} ms, guarantee notes (idle) "
            f"{figures['guarantee_notes_idle_ms']} ms"
        )
        results.append(figures)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
