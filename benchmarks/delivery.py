"""Delivery under Slack's rate limits: N reminders to N partners through the stand-in.

    python -m benchmarks.delivery --dms 5000 [--per-minute 300] [--burst 300] [--db sqlite]

The stand-in enforces chat.postMessage per workspace (`--per-minute` sustained, `--burst` back
to back, as Slack tolerates) and about one post a second per channel, answering 429 with
Retry-After. The bot's own path runs as `serve` runs it, on the real clock: one sweep records
every reminder in the outbox, then the courier claims, paces, posts over HTTP and records them.
The workspace post rate is set to the stand-in's limit (`FOLLOWTHROUGH_POST_RATE`, which an
admin sets to what Slack grants their workspace); a second row shows the default (a margin
under Slack's published limit) when `--default-rate` is given.

Figures: DMs per minute delivered against the limit (target ≥ 98%), elapsed time against the
least the limits allow ((N − burst) / rate), 429s received (target 0 beyond the first),
duplicates and losses (target 0). The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import collections
import json
import time
from typing import Any

from slack_sdk import WebClient
from sqlalchemy import Engine, func, select

from bot import db
from bot.clock import SystemClock
from bot.config import load_settings
from bot.models import MessageState, OutboxMessage
from bot.nudging.sweep import Sweeper
from bot.outbox.dispatch import Dispatch
from handlers.render.wording import SlackWording
from sandbox import Limit, RateLimitConfig, SlackStandIn, crowd_seed
from scheduler.courier import Courier
from scheduler.pacer import Pacer
from tests.bulk import seed_crowd
from tests.databases import migrated_database, postgres_unreachable_reason

TEAM = "T0ACME"


def _pending(engine: Engine) -> int:
    """Messages not yet delivered or refused (including those waiting for a Retry-After)."""
    with engine.connect() as connection:
        pending = select(func.count()).where(OutboxMessage.state == MessageState.PENDING)
        return connection.scalar(pending) or 0


def measure(kind: str, count: int, per_minute: float, burst: int, rate: float) -> dict[str, Any]:
    """Deliver `count` reminders at `rate` DMs/s under the stand-in's limits; the figures."""
    limits = RateLimitConfig()
    limits.methods["chat.postMessage"] = Limit(per_minute, burst=burst)
    clock = SystemClock()
    with (
        migrated_database(kind) as url,
        SlackStandIn(crowd_seed(count), rate_limits=limits) as slack,
    ):
        engine = db.make_engine(url)
        seed_crowd(engine, count, open_count=count, due_count=count, now=clock.now())
        settings = load_settings(
            database_url=url,
            working_hours="Mon-Sun 00:00-23:59",  # deliverable whenever the benchmark runs
            holiday_country="none",
            post_rate=rate,
        )
        sessions = db.make_session_factory(engine)
        wording = SlackWording()
        client = WebClient(token=slack.token(), base_url=slack.api_url, retry_handlers=[])
        pacer = Pacer()
        pacer.rates["chat.postMessage"] = settings.post_rate
        dispatch = Dispatch(sessions, clock, settings, wording, owner="benchmark")
        courier = Courier(dispatch, lambda _team: client, pacer)
        started = time.perf_counter()
        Sweeper(sessions, settings, clock, wording).run()
        recorded = time.perf_counter() - started
        deadline = started + 4 * count / rate + 60
        while _pending(engine) and time.perf_counter() < deadline:
            if not courier.step():
                time.sleep(0.05)
        elapsed = time.perf_counter() - started
        posts = slack.calls("chat.postMessage")
        engine.dispose()
    delivered = collections.Counter(
        call.args["channel"] for call in posts if call.ok and call.status == 200
    )
    least = max(0, count - burst) / (per_minute / 60)
    return {
        "db": kind,
        "dms": count,
        "rate": rate,
        "record_s": round(recorded, 2),
        "elapsed_s": round(elapsed, 1),
        "least_s": round(least, 1),
        "per_minute": round(len(delivered) / elapsed * 60, 1),
        "share_of_limit": round(len(delivered) / elapsed * 60 / per_minute, 4),
        "share_of_least": round(least / elapsed, 4) if elapsed else 0.0,
        "throttled": sum(1 for call in posts if call.status == 429),
        "duplicates": sum(n - 1 for n in delivered.values() if n > 1),
        "lost": count - len(delivered),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dms", type=int, default=5000)
    parser.add_argument("--per-minute", type=float, default=300.0)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--default-rate",
        action="store_true",
        help="also run at the default FOLLOWTHROUGH_POST_RATE",
    )
    args = parser.parse_args()
    if args.db == "postgresql" and (reason := postgres_unreachable_reason()):
        print(json.dumps({"skipped": reason}))
        return
    rates = [args.per_minute / 60]
    if args.default_rate:
        rates.append(load_settings().post_rate)
    print(
        "| db | DMs | limit /min (burst) | bot rate /s | record s | elapsed s | least s "
        "| delivered /min | of limit | of least | 429s | twice | lost |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows = []
    for rate in rates:
        row = measure(args.db, args.dms, args.per_minute, args.burst, rate)
        rows.append(row)
        print(
            f"| {row['db']} | {row['dms']:,} | {args.per_minute:g} ({args.burst}) | {rate:g} "
            f"| {row['record_s']} | {row['elapsed_s']} | {row['least_s']} | {row['per_minute']} "
            f"| {row['share_of_limit']:.1%} | {row['share_of_least']:.1%} | {row['throttled']} "
            f"| {row['duplicates']} | {row['lost']} |",
            flush=True,
        )
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
