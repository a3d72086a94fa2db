"""The fault suite, sized for CI; `python -m benchmarks.faults` runs it large and prints figures."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime

import pytest

from sandbox import RateLimitConfig, SlackStandIn
from tests.databases import PostgresDatabase, require_postgres
from tests.e2e.harness import Bot
from tests.faults import scenarios


@pytest.fixture
def postgres() -> Iterator[PostgresDatabase]:
    require_postgres()
    database = PostgresDatabase()
    yield database
    database.drop()


@pytest.fixture
def slack_rate_limits() -> RateLimitConfig:
    return RateLimitConfig.unlimited()


@pytest.mark.postgres
def test_killing_sweepers_loses_and_duplicates_nothing(postgres: PostgresDatabase) -> None:
    figures = scenarios.kill_sweepers(
        postgres, due=400, processes=3, kill_every=1.5, kill_for=10, limit=150
    )
    assert figures["kills"] >= 1
    assert (figures["lost"], figures["duplicated"]) == (0, 0)


def test_retried_events_count_once(bot: Bot) -> None:
    figures = scenarios.event_retries(bot, events=150)
    assert figures["deliveries"] > figures["events"]
    assert figures["recorded"] == figures["resolved"] == figures["notices"] == 150


def test_a_slack_outage_backs_off_then_delivers_everything_once(bot: Bot) -> None:
    figures = scenarios.slack_outage(bot, minutes=30)
    assert (figures["delivered"], figures["lost"], figures["duplicated"]) == (3, 0, 0)
    retry_times = [
        datetime.strptime(line.split(" at ")[1][:8], "%H:%M:%S")
        for line in figures["retry_lines"]
        if "Dana Importer" in line
    ]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(retry_times)]
    assert gaps == sorted(gaps)  # backing off: each wait at least as long as the last
    assert max(gaps) >= 480


@pytest.mark.postgres
def test_a_database_restart_under_load_says_try_again_and_recovers(
    postgres: PostgresDatabase, slack: SlackStandIn
) -> None:
    figures = scenarios.database_outage(postgres, slack, commands=40)
    assert figures["after_restart"]
    assert figures["half_written"] == 0
    # Each submission is either saved or answered "try again" (and not saved), never both.
    assert figures["recorded"] + figures["try_again"] == figures["commands"]
