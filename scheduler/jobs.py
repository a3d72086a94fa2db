"""APScheduler ticks the sweep; its in-memory job store is never shared between processes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger(__name__)

SWEEP_JOB_ID = "followthrough-sweep"

Sweep = Callable[[], list[str]]


def sweep_tick(sweep: Sweep) -> None:
    """One scheduled sweep; what it decided goes to the log, one line each."""
    for line in sweep():
        log.info(line)


def start_scheduler(sweep: Sweep, every_seconds: int) -> BackgroundScheduler:
    """Tick the sweep now and every `every_seconds`; a late tick runs once, never piles up."""
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        sweep_tick,
        "interval",
        seconds=every_seconds,
        args=[sweep],
        id=SWEEP_JOB_ID,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=every_seconds,  # the default (1 s) would drop a late sweep
        next_run_time=datetime.now(UTC),
    )
    scheduler.start()
    return scheduler
