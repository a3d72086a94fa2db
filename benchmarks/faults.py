"""The fault suite at full size, printing its figures (the tests run the same scenarios small).

    python -m benchmarks.faults

Needs PostgreSQL on 127.0.0.1:5432 for the process-killing and database-restart scenarios.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.clock import FrozenClock
from sandbox import RateLimitConfig, SlackStandIn
from tests.databases import PostgresDatabase, migrated_database
from tests.e2e.harness import Bot
from tests.faults import requests, scenarios

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
    parser.add_argument("--only", help="run only the scenarios whose name contains this")
    args = parser.parse_args()
    runs: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        (
            "3 serve processes, one SIGKILLed every 3 s for 30 s",
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
