"""One sweep of 1,000 due follow-ups among many open ones, beside the same work in plain SQL.

    python -m benchmarks.sweep --open 100000 [--due 1000] [--db sqlite postgresql] [--elsewhere]

Each database is filled in bulk (not timed) with `--open` follow-ups over 1,000 debtors, the
first `--due` of them overdue: one reminder per debtor. Timed: the sweep (claim and record, then
the courier claims, checks, posts to an in-process Slack and records each delivery, moving the
follow-ups on) — cold once, then warm (median of 3, the same rows made due again); the floor
(`benchmarks.floor`, median of 3); an idle sweep (nothing due, median of 5). Memory is measured
in a run of its own, never inside a timed one. The last line is one JSON object.
With `--elsewhere` the debtors' firm has not installed the app: every follow-up was recorded in
a shared channel, and each reminder goes to its thread there instead of a DM.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import tracemalloc
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, delete, update

from benchmarks.databases import reachable
from benchmarks.floor import floor
from benchmarks.pipeline import AT, Pipeline
from bot.models import Activity, FollowUp, FollowUpMessage, Nudge, OutboxMessage
from bot.outbox import Reach
from tests.bulk import seed_crowd
from tests.databases import migrated_database

DEBTORS = 1000
NOWHERE = Reach(installed=lambda _team: False)  # --elsewhere: no DM reaches the debtors


def rearm(engine: Engine, due: int) -> None:
    """Make the same follow-ups due again, as if never reminded (and forget their messages)."""
    with engine.begin() as connection:
        for table in (Nudge, FollowUpMessage, Activity, OutboxMessage):
            connection.execute(delete(table))
        connection.execute(
            update(FollowUp)
            .where(FollowUp.id <= due)
            .values(nudge_count=0, next_nudge_at=AT - timedelta(hours=1), state="open")
        )


def measure(kind: str, open_count: int, due: int, *, elsewhere: bool = False) -> dict[str, Any]:
    """Fill once; then time the pipeline (cold, warm), the floor and an idle sweep."""
    with migrated_database(kind) as url:
        pipeline = Pipeline(url, reach=NOWHERE if elsewhere else None)
        seed_crowd(pipeline.engine, DEBTORS, open_count=open_count, due_count=due, now=AT)
        if elsewhere:
            with pipeline.engine.begin() as connection:
                connection.execute(update(FollowUp).values(channel="C0SHARED"))
        pipeline.analyze()
        cold_record, cold = pipeline.sweep_and_deliver()
        delivered = pipeline.slack.posted
        warm, records = [], []
        for _ in range(3):
            rearm(pipeline.engine, due)
            record, total = pipeline.sweep_and_deliver()
            warm.append(total)
            records.append(record)
        floors = []
        for _ in range(3):
            rearm(pipeline.engine, due)
            floors.append(floor(pipeline.engine, pipeline.settings, AT))
        idle = []
        for _ in range(5):
            started = time.perf_counter()
            pipeline.sweeper.run()
            idle.append(time.perf_counter() - started)
        rearm(pipeline.engine, due)
        tracemalloc.start()
        pipeline.sweep_and_deliver()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        pipeline.close()
    sweep_ms, floor_ms = statistics.median(warm) * 1000, statistics.median(floors) * 1000
    return {
        "open": open_count,
        "due": due,
        "delivered": delivered,
        "cold_ms": round(cold * 1000, 1),
        "cold_record_ms": round(cold_record * 1000, 1),
        "sweep_ms": round(sweep_ms, 1),
        "record_ms": round(statistics.median(records) * 1000, 1),
        "floor_ms": round(floor_ms, 1),
        "ratio": round(sweep_ms / floor_ms, 2),
        "idle_ms": round(statistics.median(idle) * 1000, 2),
        "peak_mb": round(peak / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--elsewhere", action="store_true", help="debtors' firm has no install")
    args = parser.parse_args()
    print(
        "| db | open | due | DMs | cold ms (claim+record) | warm ms | claim+record ms "
        "| floor ms | ratio | idle ms | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    results: dict[str, Any] = {}
    for kind in reachable(args.db, results):
        row = measure(kind, args.open, args.due, elsewhere=args.elsewhere)
        results[kind] = {k: row[k] for k in ("sweep_ms", "floor_ms", "ratio", "idle_ms")}
        results[kind]["record_ms"] = row["record_ms"]
        print(
            f"| {kind} | {row['open']:,} | {row['due']:,} | {row['delivered']} "
            f"| {row['cold_ms']} ({row['cold_record_ms']}) | {row['sweep_ms']} "
            f"| {row['record_ms']} | {row['floor_ms']} | {row['ratio']}× | {row['idle_ms']} "
            f"| {row['peak_mb']} |",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
