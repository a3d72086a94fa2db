"""The usual design beside the project's: one APScheduler date job per reminder.

    python -m benchmarks.baseline --open 100000 [--due 1000] [--db sqlite postgresql]

Both sides get the same ledger, filled in bulk (not timed): `--open` follow-ups, the first
`--due` overdue. The usual reminder bot keeps one `date` job per follow-up in APScheduler's
SQLAlchemyJobStore (written here in bulk, exactly as `add_job` would store it); when they fall
due, its jobs (10 threads) each load the follow-up, render the reminder, record it and hand it
over. The project's pipeline sweeps, records, posts and records each delivery. Timed: from the
moment the due reminders may go until the last is handed over. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import pickle
import threading
import time
import uuid
from datetime import UTC
from typing import Any, ClassVar

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.util import datetime_to_utc_timestamp
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.databases import reachable
from benchmarks.pipeline import AT, Pipeline
from bot import db
from bot.models import FollowUp, Member, MessageKind, Nudge, OutboxMessage
from handlers.render import nudges
from tests.bulk import seed_crowd
from tests.databases import migrated_database

DEBTORS = 1000


class Baseline:
    """What the baseline's jobs share: their database and what they handed over."""

    sessions: ClassVar[sessionmaker[Session]]
    handed: ClassVar[list[int]] = []
    due: ClassVar[int] = 0
    done: ClassVar[threading.Event] = threading.Event()
    lock: ClassVar[threading.Lock] = threading.Lock()


def remind(follow_up_id: int) -> None:
    """The baseline's job: load the follow-up, render its reminder, record it, hand it over."""
    with Baseline.sessions.begin() as session:
        follow_up = session.get(FollowUp, follow_up_id)
        assert follow_up is not None
        follow_up.nudge_count += 1
        debtor = session.get(Member, follow_up.debtor_id)
        assert debtor is not None
        text, blocks = nudges.reminder(debtor, [follow_up], [follow_up.nudge_count], 2, AT)
        message = OutboxMessage(
            team_id=follow_up.team_id,
            key=uuid.uuid4().hex,
            kind=MessageKind.REMINDER,
            delivery="post",
            channel=debtor.slack_user_id,
            text=text,
            blocks=blocks,
            state="sent",
            attempts=1,
            not_before=AT,
            created_at=AT,
            sent_at=AT,
        )
        session.add(message)
        session.flush()
        session.add(
            Nudge(
                team_id=follow_up.team_id,
                follow_up_id=follow_up.id,
                message_id=message.id,
                recipient_id=follow_up.debtor_id,
                number=follow_up.nudge_count,
                follow_up_version=follow_up.version,
                created_at=AT,
            )
        )
    with Baseline.lock:
        Baseline.handed.append(follow_up_id)
        if len(Baseline.handed) >= Baseline.due:
            Baseline.done.set()


def store_jobs(url: str, engine: Engine, scheduler: BackgroundScheduler) -> None:
    """One date job per open follow-up, stored as SQLAlchemyJobStore.add_job stores it."""
    store = SQLAlchemyJobStore(url=url)
    store.start(scheduler, "default")
    with engine.connect() as connection:
        follow_ups = connection.execute(select(FollowUp.id, FollowUp.next_nudge_at)).all()
    rows = []
    for follow_up_id, when in follow_ups:
        job = Job(
            scheduler,
            id=f"reminder-{follow_up_id}",
            func=remind,
            args=[follow_up_id],
            kwargs={},
            trigger=DateTrigger(when),
            executor="default",
            name=None,
            misfire_grace_time=None,  # APScheduler's default (1 s) would drop overdue reminders
            coalesce=True,
            max_instances=1,
            next_run_time=when,
        )
        rows.append(
            {
                "id": job.id,
                "next_run_time": datetime_to_utc_timestamp(job.next_run_time),
                "job_state": pickle.dumps(job.__getstate__(), pickle.HIGHEST_PROTOCOL),
            }
        )
    with store.engine.begin() as connection:
        for start in range(0, len(rows), 10_000):
            connection.execute(store.jobs_t.insert(), rows[start : start + 10_000])
    store.shutdown()


def usual(url: str, due: int) -> float:
    """Seconds for APScheduler's jobs to hand over every due reminder."""
    engine = db.make_engine(url)
    Baseline.sessions = db.make_session_factory(engine)
    Baseline.handed, Baseline.due, Baseline.done = [], due, threading.Event()
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=url)},
        executors={"default": ThreadPoolExecutor(10)},
        timezone=UTC,
    )
    store_jobs(url, engine, scheduler)
    scheduler.start(paused=True)
    started = time.perf_counter()
    scheduler.resume()
    finished = Baseline.done.wait(timeout=900)
    elapsed = time.perf_counter() - started if finished else float("inf")
    scheduler.shutdown(wait=True)
    engine.dispose()
    return elapsed


def ours(url: str) -> float:
    """Seconds for the project's pipeline to sweep, record, post and record every delivery.

    A running `serve` has its business calendars' public holidays loaded after its first
    sweep; they are loaded here before timing too (the usual design has no calendars at all).
    """
    pipeline = Pipeline(url)
    pipeline.settings.default_calendar_for("Europe/London").is_working_time(AT)
    _recorded, total = pipeline.sweep_and_deliver()
    pipeline.close()
    return total


def measure(kind: str, open_count: int, due: int) -> dict[str, Any]:
    """Fill two identical ledgers; hand the due reminders over each way."""
    figures: dict[str, Any] = {}
    for design in ("apscheduler", "sweep"):
        with migrated_database(kind) as url:
            engine = db.make_engine(url)
            # Thursday morning in London: the debtors are at work, so the sweep holds nothing;
            # the due jobs' run dates lie in the past, so APScheduler runs them at once.
            seed_crowd(engine, DEBTORS, open_count=open_count, due_count=due, now=AT)
            Pipeline(url).analyze()
            engine.dispose()
            seconds = usual(url, due) if design == "apscheduler" else ours(url)
            figures[f"{design}_ms"] = round(seconds * 1000, 1)
    figures["ratio"] = round(figures["apscheduler_ms"] / figures["sweep_ms"], 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    print("| db | open | due | one APScheduler job per reminder ms | Followthrough ms | ratio |")
    print("|---|---|---|---|---|---|")
    results: dict[str, Any] = {}
    for kind in reachable(args.db, results):
        row = measure(kind, args.open, args.due)
        results[kind] = row
        print(
            f"| {kind} | {args.open:,} | {args.due:,} | {row['apscheduler_ms']} "
            f"| {row['sweep_ms']} | {row['ratio']}× |",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
