"""The APScheduler tick: one in-memory job with an explicit id that never piles up."""

from __future__ import annotations

import logging
import time
from datetime import datetime

import pytest

from scheduler.jobs import SWEEP_JOB_ID, start_scheduler, sweep_tick


class CountingSweep:
    def __init__(self) -> None:
        self.runs = 0

    def run(self, at: datetime | None = None) -> list[str]:
        self.runs += 1
        return [f"nudged: sweep {self.runs}"]


def test_the_sweep_job_runs_at_once_then_on_its_interval(caplog: pytest.LogCaptureFixture) -> None:
    sweep = CountingSweep()
    caplog.set_level(logging.INFO, logger="scheduler.jobs")
    scheduler = start_scheduler(sweep.run, every_seconds=3600)
    try:
        deadline = time.monotonic() + 10
        while sweep.runs == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        [job] = scheduler.get_jobs()
        assert job.id == SWEEP_JOB_ID
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, 3600)
        assert job.trigger.interval.total_seconds() == 3600
        assert type(scheduler._jobstores["default"]).__name__ == "MemoryJobStore"
    finally:
        scheduler.shutdown(wait=True)
    assert sweep.runs == 1
    assert "nudged: sweep 1" in caplog.text


def test_a_tick_logs_each_line_the_sweep_reports(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="scheduler.jobs")
    sweep_tick(CountingSweep().run)
    assert [record.message for record in caplog.records] == ["nudged: sweep 1"]
