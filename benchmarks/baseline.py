"""The usual reminder-bot design against the project's sweep, on the same database and due times.

    python -m benchmarks.baseline --open 1000 10000 100000 --project-only 1000000

The usual design registers one APScheduler 3 `date` job per reminder in APScheduler's
SQLAlchemyJobStore. Both sides store the same follow-up rows, one transaction per reminder as a
bot adds them; the baseline also adds its job. Then 1,000 of them are due. The baseline's
scheduler finds them and runs each job, which loads its follow-up, renders the same reminder,
records it and hands it over; the project's sweep claims them, batches them per debtor, records
the reminders, hands them over and marks them sent. Both hand over to an in-process recorder.
Figures: seconds to add, seconds to find and hand over the due ones, peak traced memory of that
phase, and the ratios. `--project-only` sizes are bulk-filled and run the project's sweep alone.
"""

from __future__ import annotations

import argparse
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from scheduler.sweep import Renderers, Sweep
from sqlalchemy import Engine, insert
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.sweep import DEBTORS, Recorder
from bot import db
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.models import FollowUp, Nudge
from handlers.render import nudges
from tests.bulk import follow_up_row, seed_crowd, seed_members
from tests.databases import migrated_database

DUE = 1000
RENDERERS = Renderers(nudges.reminder, nudges.lapse_notice, nudges.digest)


class Baseline:
    """What the baseline's jobs share: their database and what they handed over."""

    sessions: ClassVar[sessionmaker[Session]]
    handed: ClassVar[list[int]] = []
    done: ClassVar[threading.Event] = threading.Event()
    lock: ClassVar[threading.Lock] = threading.Lock()


def remind(follow_up_id: int) -> None:
    """The baseline's job: load the reminder, render it, record it, hand it over."""
    with Baseline.sessions.begin() as session:
        follow_up = session.get(FollowUp, follow_up_id)
        assert follow_up is not None
        follow_up.nudge_count += 1
        nudges.reminder(follow_up.debtor, [follow_up], [follow_up.nudge_count], 2, follow_up.due_at)
        session.add(
            Nudge(
                team_id=follow_up.team_id,
                follow_up_id=follow_up.id,
                recipient_id=follow_up.debtor_id,
                number=follow_up.nudge_count,
                created_at=follow_up.due_at,
                sent_at=follow_up.due_at,
            )
        )
    with Baseline.lock:
        Baseline.handed.append(follow_up_id)
        if len(Baseline.handed) >= DUE:
            Baseline.done.set()


def add_one_by_one(
    engine: Engine, count: int, now: datetime, schedule: BackgroundScheduler | None
) -> float:
    """Store `count` follow-ups a transaction each (and a date job each for the baseline)."""
    people = [(f"U{1_000_000 + n}", f"P{n}", "Europe/London") for n in range(DEBTORS)]
    ids = seed_members(engine, "T0ACME", [*people, ("U0ERIN", "Erin", "UTC")], now)
    creditor, debtors = ids["U0ERIN"], [ids[user] for user, _name, _tz in people]
    started = time.perf_counter()
    for n in range(count):
        due = now - timedelta(hours=1) if n < DUE else now + timedelta(days=30 + n % 300)
        row = follow_up_row(
            debtors[n % DEBTORS], creditor, due=due, created_at=now - timedelta(days=2)
        )
        with engine.begin() as connection:
            new_id = connection.execute(insert(FollowUp).returning(FollowUp.id), row).scalar_one()
        if schedule is not None:
            schedule.add_job(remind, "date", run_date=due, args=[new_id], id=f"reminder-{new_id}")
    return time.perf_counter() - started


def baseline(url: str, count: int) -> dict[str, Any]:
    """APScheduler with one date job per reminder in its SQLAlchemyJobStore."""
    Baseline.handed, Baseline.done = [], threading.Event()
    engine = db.make_engine(url)
    Baseline.sessions = db.make_session_factory(engine)
    schedule = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=url)},
        executors={"default": ThreadPoolExecutor(10)},
        # APScheduler's default grace (1 s) would silently drop every reminder already overdue.
        job_defaults={"misfire_grace_time": None, "coalesce": True},
        timezone=UTC,
    )
    schedule.start(paused=True)
    add = add_one_by_one(engine, count, datetime.now(UTC), schedule)
    tracemalloc.start()
    started = time.perf_counter()
    schedule.resume()
    finished = Baseline.done.wait(timeout=900)
    hand_over = time.perf_counter() - started if finished else float("inf")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    schedule.shutdown(wait=True)
    engine.dispose()
    return {"add": add, "hand_over": hand_over, "handed": len(Baseline.handed), "peak": peak}


def project(url: str, count: int, *, bulk: bool) -> dict[str, Any]:
    """The project's sweep over the same rows."""
    now = datetime(2026, 11, 19, 10, 31, tzinfo=UTC)  # Thursday morning in London
    engine = db.make_engine(url)
    started = time.perf_counter()
    if bulk:
        seed_crowd(engine, DEBTORS, open_count=count, due_count=DUE, now=now)
        add = time.perf_counter() - started
    else:
        add = add_one_by_one(engine, count, now, None)
    recorder = Recorder()
    settings = load_settings(database_url=url)
    sessions = db.make_session_factory(engine)
    sweep = Sweep(sessions, settings, FrozenClock(now), lambda _team: recorder, RENDERERS)
    tracemalloc.start()
    started = time.perf_counter()
    sweep.run(now)
    hand_over = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    engine.dispose()
    return {"add": add, "hand_over": hand_over, "handed": recorder.posted, "peak": peak}


def row(kind: str, count: int, design: str, figures: dict[str, Any], ratios: str) -> str:
    """One table row."""
    return (
        f"| {kind} | {count:,} | {design} | {figures['add']:.1f} | {figures['hand_over']:.2f} "
        f"| {figures['handed']} | {figures['peak'] / 2**20:.1f} | {ratios} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--project-only", type=int, nargs="*", default=[1_000_000])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    print("| db | open | design | add s | hand over s | handed | peak MB | ratio add, hand over |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in args.db:
        for count in args.open:
            with migrated_database(kind) as url:
                usual = baseline(url, count)
            with migrated_database(kind) as url:
                ours = project(url, count, bulk=False)
            ratio = (
                f"{usual['add'] / ours['add']:.1f}×, {usual['hand_over'] / ours['hand_over']:.1f}×"
            )
            print(row(kind, count, "APScheduler job per reminder", usual, ""), flush=True)
            print(row(kind, count, "Followthrough sweep", ours, ratio), flush=True)
        for count in args.project_only:
            with migrated_database(kind) as url:
                ours = project(url, count, bulk=True)
            print(row(kind, count, "Followthrough sweep (bulk-filled)", ours, ""), flush=True)


if __name__ == "__main__":
    main()
