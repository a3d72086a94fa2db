"""The fault suite at full size, printing its figures (the tests run the same scenarios small).

    python -m benchmarks.faults

Needs PostgreSQL on 127.0.0.1:5432 for the process-killing and database-restart scenarios.
"""

from __future__ import annotations

import argparse
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.clock import FrozenClock
from sandbox import RateLimitConfig, SlackStandIn, crowd_seed
from tests.databases import PostgresDatabase, migrated_database
from tests.e2e.harness import Bot
from tests.faults import inputs, requests, scenarios, stops

WEDNESDAY = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)  # where the end-to-end tests start


@contextmanager
def live_bot() -> Iterator[Bot]:
    """A bot on a fresh SQLite file and an unthrottled stand-in."""
    with (
        tempfile.TemporaryDirectory() as folder,
        SlackStandIn(rate_limits=RateLimitConfig.unlimited()) as slack,
    ):
        url = f"sqlite:///{Path(folder) / 'faults.db'}"
        bot = Bot(slack, url, FrozenClock(WEDNESDAY))
        try:
            yield bot
        finally:
            bot.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--fuzz", type=int, default=10_000)
    parser.add_argument("--load", type=int, default=300, help="events and submits per stop")
    parser.add_argument("--only", help="run only the scenarios whose name contains this")
    args = parser.parse_args()
    runs: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        (
            "SIGTERM of serve after 300 ✅ events and 300 submits acknowledged (Web API 250 ms)",
            lambda: on_postgres(lambda pg: stop(pg, signal.SIGTERM, args.load)),
        ),
        (
            "SIGKILL of serve after 300 ✅ events and 300 submits acknowledged (Web API 250 ms)",
            lambda: on_postgres(lambda pg: stop(pg, signal.SIGKILL, args.load)),
        ),
        (
            "PostgreSQL cut for 2 s under 300 ✅ events (unacknowledged ones retried, as Slack)",
            lambda: on_postgres(lambda pg: cut_under_events(pg, args.load)),
        ),
        (
            "30 partners answer one creditor at once (Slack's ~1 post/s per channel enforced)",
            lambda: notices(30),
        ),
        (
            "double clicks: two buttons of one card at the same instant, 100 cards",
            lambda: with_bot(lambda bot: inputs.double_clicks(bot, pairs=100)),
        ),
        (
            "hostile text typed into every field (special mentions, masked links, RTL, NUL)",
            lambda: with_bot(lambda bot: inputs.hostile_inputs(bot, rounds=24)),
        ),
        ("30 people never seen before send their first command at once", lambda: newcomers(30)),
        (
            "malformed and broken bodies, signed and unsigned",
            lambda: with_bot(lambda bot: inputs.malformed_bodies(bot, rounds=200)),
        ),
        (
            "3 serve processes sweeping and delivering, one SIGKILLed every 3 s for 30 s",
            lambda: on_postgres(
                lambda pg: scenarios.kill_sweepers(
                    pg, due=args.due, processes=3, kill_every=3, kill_for=30, limit=900
                )
            ),
        ),
        (
            "events delivered up to 4 times",
            lambda: with_bot(lambda bot: scenarios.event_retries(bot, events=args.events)),
        ),
        (
            "Slack Web API down 30 simulated minutes",
            lambda: with_bot(lambda bot: scenarios.slack_outage(bot, minutes=30)),
        ),
        ("PostgreSQL restarted under load", lambda: on_postgres(lambda pg: restart_under_load(pg))),
        (
            "forged, stale, replayed, other workspace",
            lambda: with_bot(lambda bot: requests.forged_requests(bot, attempts=100)),
        ),
        (
            "hypothesis commands and button payloads",
            lambda: with_bot(lambda bot: requests.fuzz(bot, examples=args.fuzz)),
        ),
        ("non-parties on someone else's follow-ups", lambda: with_bot(requests.non_parties)),
        ("first revision with data, upgraded to head", lambda: first_revision()),
    ]
    for name, run in runs:
        if args.only and args.only not in name:
            continue
        figures = run()
        shown = ", ".join(f"{k} {v}" for k, v in figures.items() if k != "retry_lines")
        print(f"| {name} | {shown} |", flush=True)


def with_bot(scenario: Callable[[Bot], dict[str, Any]]) -> dict[str, Any]:
    with live_bot() as bot:
        return scenario(bot)


def on_postgres(scenario: Callable[[PostgresDatabase], dict[str, Any]]) -> dict[str, Any]:
    postgres = PostgresDatabase()
    try:
        return scenario(postgres)
    finally:
        postgres.drop()


def stop(postgres: PostgresDatabase, how: signal.Signals, load: int) -> dict[str, Any]:
    return stops.stop_under_load(postgres.url, how=how, reactions=load, submits=load, latency=0.25)


def cut_under_events(postgres: PostgresDatabase, events: int) -> dict[str, Any]:
    with SlackStandIn(rate_limits=RateLimitConfig.unlimited()) as slack:
        return stops.events_through_a_database_cut(postgres, slack, events=events)


def notices(partners: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as folder,
        SlackStandIn(crowd_seed(partners)) as slack,
    ):
        bot = Bot(slack, f"sqlite:///{Path(folder) / 'notices.db'}", FrozenClock(WEDNESDAY))
        try:
            return stops.notices_under_rate_limits(bot, partners=partners)
        finally:
            bot.close()


def newcomers(users: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory() as folder,
        SlackStandIn(crowd_seed(users), rate_limits=RateLimitConfig.unlimited()) as slack,
    ):
        bot = Bot(slack, f"sqlite:///{Path(folder) / 'newcomers.db'}", FrozenClock(WEDNESDAY))
        try:
            return inputs.first_time_users(bot, users=users)
        finally:
            bot.close()


def restart_under_load(postgres: PostgresDatabase) -> dict[str, Any]:
    with SlackStandIn(rate_limits=RateLimitConfig.unlimited()) as slack:
        return scenarios.database_outage(postgres, slack, commands=200)


def first_revision() -> dict[str, Any]:
    results = {}
    for kind in ("sqlite", "postgresql"):
        with migrated_database(kind, revision="base") as url:
            results[kind] = requests.old_schema_upgrade(url)
    return results


if __name__ == "__main__":
    main()
