"""Memory of `followthrough serve` as deployed, idle and after it swept and delivered 10k due.

    python -m benchmarks.memory [--due 10000] [--db sqlite postgresql]

Two processes besides this one: the local Slack stand-in (`--due` members, no rate limits) and
`followthrough serve` (its ack process and the work process it starts, which sweeps and
delivers, sweeping every 5 s here). The database holds `--due` follow-ups, one per debtor,
that fall due 45 s after it is filled. Measured: the resident memory (RSS) of both processes
once `serve` is up and has swept while nothing was due; then, once they fall due, the sweep
records a reminder for each and the courier posts them; RSS again once every reminder is
delivered, and the peak the kernel recorded (VmHWM). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import signal
import subprocess
import time
from datetime import UTC, datetime, timedelta
from multiprocessing.connection import Connection
from typing import Any

from sqlalchemy import func, select

from benchmarks.databases import reachable
from benchmarks.serving import children, start_serve, status_mb
from bot import db
from bot.models import MessageState, OutboxMessage
from tests.bulk import seed_crowd
from tests.databases import migrated_database
from tests.faults.stops import drained

TARGET_MB = 120
SWEEP_SECONDS = 5
DUE_AFTER = 45  # seconds: serve is up and idle before anything falls due


def stand_in(pipe: Connection, members: int) -> None:
    """The stand-in's process: serves Slack until told to stop, then says how much it got."""
    from sandbox import RateLimitConfig, SlackStandIn, crowd_seed

    with SlackStandIn(crowd_seed(members), rate_limits=RateLimitConfig.unlimited()) as slack:
        pipe.send((slack.api_url, slack.signing_secret, slack.token()))
        pipe.recv()
        pipe.send(sum(1 for call in slack.calls("chat.postMessage") if call.ok))


def figures(serve: subprocess.Popen[str]) -> dict[str, float]:
    work = children(serve.pid)
    return {
        "ack_rss_mb": status_mb(serve.pid, "VmRSS"),
        "work_rss_mb": sum(status_mb(pid, "VmRSS") for pid in work) if work else float("nan"),
        "ack_peak_mb": status_mb(serve.pid, "VmHWM"),
        "work_peak_mb": sum(status_mb(pid, "VmHWM") for pid in work) if work else float("nan"),
    }


def run(kind: str, due: int) -> dict[str, Any]:
    """One database: fill, serve, read memory idle, wait for every reminder, read it again."""
    here, there = mp.Pipe()
    slack = mp.get_context("spawn").Process(target=stand_in, args=(there, due), daemon=True)
    slack.start()
    api_url, secret, token = here.recv()
    with migrated_database(kind) as url:
        engine = db.make_engine(url)
        # Filled before serve starts (SQLite has one writer); overdue 45 s from now.
        falls_due = datetime.now(UTC) + timedelta(seconds=DUE_AFTER)
        seed_crowd(engine, due, open_count=due, due_count=due, now=falls_due + timedelta(hours=1))
        serve, _url = start_serve(
            url, api_url, secret, token, FOLLOWTHROUGH_SWEEP_SECONDS=str(SWEEP_SECONDS)
        )
        try:
            while not children(serve.pid):
                time.sleep(0.05)
            time.sleep(2 * SWEEP_SECONDS)  # started, and swept while nothing was due
            idle = figures(serve)
            time.sleep(max(0.0, (falls_due - datetime.now(UTC)).total_seconds()))
            started = time.perf_counter()
            deadline = time.monotonic() + 600
            while _pending_or_sent(engine) < due and time.monotonic() < deadline:
                time.sleep(0.2)  # the next sweep records every reminder
            finished = drained(engine, 600)
            seconds = time.perf_counter() - started
            after = figures(serve)
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=120)
            engine.dispose()
    here.send("stop")
    posted = here.recv()
    slack.join(timeout=10)
    return (
        {"due": due, "posted": posted, "drained": finished, "seconds": round(seconds, 1)}
        | {f"idle_{k}": v for k, v in idle.items()}
        | {f"after_{k}": v for k, v in after.items()}
    )


def _pending_or_sent(engine: Any) -> int:
    with engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.state.in_([MessageState.PENDING, MessageState.SENT]))
            )
            or 0
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    print(
        "| db | due | posted | seconds | ack RSS idle → after MB | work RSS idle → after MB "
        "| work peak MB | target |"
    )
    print("|---|---|---|---|---|---|---|---|")
    results: dict[str, Any] = {}
    for kind in reachable(args.db, results):
        row = run(kind, args.due)
        met = max(row["after_ack_rss_mb"], row["after_work_rss_mb"]) <= TARGET_MB
        verdict = "met" if met else "missed"
        results[kind] = {
            k: row[k]
            for k in ("posted", "idle_ack_rss_mb", "after_ack_rss_mb", "after_work_rss_mb")
        } | {"idle_work_rss_mb": row["idle_work_rss_mb"], "met": met}
        print(
            f"| {kind} | {row['due']:,} | {row['posted']:,} | {row['seconds']} "
            f"| {row['idle_ack_rss_mb']} → {row['after_ack_rss_mb']} "
            f"| {row['idle_work_rss_mb']} → {row['after_work_rss_mb']} "
            f"| {row['after_work_peak_mb']} | ≤ {TARGET_MB} MB each: {verdict} |",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
