"""Delivery throughput: N due follow-ups for N members against the stand-in's Slack-like limits.

    python -m benchmarks.delivery --dms 5000 --per-minute 300 --burst 300

The stand-in enforces chat.postMessage per workspace (`--per-minute`, with `--burst` back to
back) and 1/s per channel, answering 429 with Retry-After. The sweep runs on the real clock, as
`serve` does, until every reminder is delivered. Figures: elapsed time against the ideal the limits
allow ((N - burst) / rate), 429s received, duplicates and losses.
"""

from __future__ import annotations

import argparse
import collections
import time
from typing import Any

from bot.runtime import build_sweep
from sqlalchemy import func, select

from bot import db
from bot.clock import SystemClock
from bot.config import load_settings
from bot.models import Nudge
from sandbox import Limit, RateLimitConfig, SlackStandIn, crowd_seed
from tests.bulk import seed_crowd
from tests.databases import migrated_database


def measure(count: int, per_minute: float, burst: int, pace: float) -> dict[str, Any]:
    """Deliver `count` reminders; return the figures."""
    limits = RateLimitConfig()
    limits.methods["chat.postMessage"] = Limit(per_minute, burst=burst)
    clock = SystemClock()
    with (
        migrated_database("sqlite") as url,
        SlackStandIn(crowd_seed(count), rate_limits=limits) as slack,
    ):
        engine = db.make_engine(url)
        seed_crowd(engine, count, open_count=count, due_count=count, now=clock.now())
        settings = load_settings(
            database_url=url,
            slack_bot_token=slack.token(),
            slack_api_url=slack.api_url,
            working_hours="Mon-Sun 00:00-23:59",  # deliverable whenever the benchmark runs
            holiday_country="none",
            post_rate=pace * per_minute / 60,
        )
        sweep = build_sweep(settings, db.make_session_factory(engine), clock, "T0ACME")
        started = time.perf_counter()
        delivered = 0
        while delivered < count and time.perf_counter() - started < 4 * 3600:
            sweep.run()
            with engine.connect() as connection:
                delivered = (
                    connection.scalar(
                        select(func.count()).select_from(Nudge).where(Nudge.sent_at.is_not(None))
                    )
                    or 0
                )
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        posts = slack.calls("chat.postMessage")
        seen = collections.Counter(
            follow_up
            for call in posts
            if call.ok
            for follow_up in call.args["metadata"]["event_payload"]["follow_ups"]
        )
        engine.dispose()
    ideal = max(0, count - burst) / (per_minute / 60)
    return {
        "dms": count,
        "elapsed": elapsed,
        "ideal": ideal,
        "share": ideal / elapsed if elapsed else 0.0,
        "throttled": sum(1 for call in posts if call.status == 429),
        "duplicates": sum(n - 1 for n in seen.values() if n > 1),
        "lost": count - len(seen),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dms", type=int, default=5000)
    parser.add_argument("--per-minute", type=float, default=300)
    parser.add_argument("--burst", type=int, default=300)
    parser.add_argument("--pace", type=float, default=1.0, help="pace as a share of the limit")
    args = parser.parse_args()
    row = measure(args.dms, args.per_minute, args.burst, args.pace)
    print("| DMs | limit /min | burst | elapsed s | ideal s | share of limit | 429s | dup | lost |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {row['dms']} | {args.per_minute:g} | {args.burst} | {row['elapsed']:.1f} "
        f"| {row['ideal']:.1f} | {row['share']:.1%} | {row['throttled']} | {row['duplicates']} "
        f"| {row['lost']} |"
    )


if __name__ == "__main__":
    main()
