"""Sweep time as the ledger grows: 1k due follow-ups among 1k / 10k / 100k / 1M open ones.

    python -m benchmarks.sweep --open 1000 10000 100000 1000000 --due 1000 --db sqlite postgresql

Each row is a fresh, migrated database filled with bulk inserts (not timed). Timed: one
`Sweep.run()` that finds the due follow-ups, claims them, decides, records the pending reminders,
hands them to delivery and marks them sent. Delivery is an in-process recorder, so the figure is
the sweep's own (database) cost; `--slack` delivers over HTTP to the local stand-in instead.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from bot import db
from bot.clock import FrozenClock
from bot.config import load_settings
from bot.models import Nudge
from bot.runtime import build_sweep
from handlers.render import nudges
from sandbox import RateLimitConfig, SlackStandIn, crowd_seed
from scheduler.delivery import Delivery, Outcome, Posted
from scheduler.sweep import Renderers, Sweep
from tests.bulk import seed_crowd
from tests.databases import migrated_database

AT = datetime(2026, 11, 19, 10, 31, tzinfo=UTC)  # Thursday morning in London
DEBTORS = 1000


class Recorder:
    """Delivery that accepts every DM at once, so the sweep's own cost is what is timed."""

    def __init__(self) -> None:
        self.posted = 0

    def post(
        self, team_id: str, user_id: str, text: str, blocks: list[Any], metadata: dict[str, Any]
    ) -> Outcome:
        self.posted += 1
        return Posted(f"D{user_id}", f"{self.posted}.000")

    def find(self, team_id: str, user_id: str, dm_channel: str | None, key: str) -> Outcome | None:
        return None


def measure(kind: str, open_count: int, due: int, slack: bool) -> dict[str, Any]:
    """Fill a ledger, then time one sweep over it."""
    with migrated_database(kind) as url:
        engine = db.make_engine(url)
        started = time.perf_counter()
        seed_crowd(engine, DEBTORS, open_count=open_count, due_count=due, now=AT)
        fill = time.perf_counter() - started
        with stand_in(slack) as standin:
            sweep = make_sweep(url, standin)
            tracemalloc.start()
            started = time.perf_counter()
            done = sweep.run(AT)
            elapsed = time.perf_counter() - started
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        with engine.connect() as connection:
            nudged = connection.scalar(select(func.count()).select_from(Nudge))
        engine.dispose()
    return {
        "db": kind,
        "open": open_count,
        "due": due,
        "fill_s": fill,
        "sweep_s": elapsed,
        "dms": len(done),
        "nudged": nudged,
        "peak_mb": peak / 2**20,
    }


@contextmanager
def stand_in(enabled: bool) -> Iterator[SlackStandIn | None]:
    if not enabled:
        yield None
        return
    with SlackStandIn(crowd_seed(DEBTORS), rate_limits=RateLimitConfig.unlimited()) as slack:
        yield slack


def make_sweep(url: str, slack: SlackStandIn | None) -> Sweep:
    if slack is not None:
        settings = load_settings(
            database_url=url,
            slack_bot_token=slack.token(),
            slack_api_url=slack.api_url,
            post_rate=1000,
        )
        return build_sweep(
            settings, db.make_session_factory(db.make_engine(url)), FrozenClock(AT), "T0ACME"
        )
    settings = load_settings(database_url=url)
    recorder: Delivery = Recorder()
    renderers = Renderers(nudges.reminder, nudges.lapse_notice, nudges.digest)
    sessions = db.make_session_factory(db.make_engine(url))
    return Sweep(sessions, settings, FrozenClock(AT), lambda _team: recorder, renderers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--open", type=int, nargs="+", default=[1000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--slack", action="store_true", help="deliver over HTTP to the stand-in")
    args = parser.parse_args()
    print("| db | open | due | fill s | sweep s | DMs | reminders recorded | peak traced MB |")
    print("|---|---|---|---|---|---|---|---|")
    for kind in args.db:
        for open_count in args.open:
            row = measure(kind, open_count, args.due, args.slack)
            print(
                f"| {row['db']} | {row['open']:,} | {row['due']:,} | {row['fill_s']:.1f} "
                f"| {row['sweep_s']:.2f} | {row['dms']} | {row['nudged']} | {row['peak_mb']:.1f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
