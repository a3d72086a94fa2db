"""The fault suite, sized for CI; `python -m benchmarks.faults` runs it large and prints figures."""

from __future__ import annotations

import itertools
import signal
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from sandbox import RateLimitConfig, SlackStandIn, crowd_seed
from tests.databases import PostgresDatabase, SqliteTemplate, migrated_database, require_postgres
from tests.e2e.harness import Bot
from tests.faults import inputs, requests, scenarios, stops

HEAD = sorted(
    path.name.split("_")[0]
    for path in (Path(__file__).parents[2] / "bot" / "migrations" / "versions").glob("0*.py")
)[-1]


@pytest.fixture
def postgres() -> Iterator[PostgresDatabase]:
    require_postgres()
    database = PostgresDatabase()
    yield database
    database.drop()


@pytest.fixture
def slack_rate_limits() -> RateLimitConfig:
    return RateLimitConfig.unlimited()


@pytest.fixture
def crowded_bot(bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    """The bot, a workspace of 40 more partners, and Slack's rate limits on."""
    with SlackStandIn(crowd_seed(40)) as slack:
        bot = Bot(slack, bot_database_url, clock)
        yield bot
        bot.close()


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
        if "U0DANA" in line
    ]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(retry_times)]
    assert gaps == sorted(gaps)  # backing off: each wait at least as long as the last
    assert max(gaps) >= 480


@pytest.mark.postgres
def test_a_database_restart_loses_no_acknowledged_command(
    postgres: PostgresDatabase, slack: SlackStandIn
) -> None:
    figures = scenarios.database_outage(postgres, slack, commands=40)
    assert figures["after_restart"]
    assert figures["half_written"] == 0
    assert figures["wrongly_told_database_lost"] == 0
    # Each command was acknowledged (and then saved, exactly once) or its sender told that
    # nothing was saved; nothing in between.
    assert figures["recorded"] == figures["acknowledged"]
    assert figures["acknowledged"] + figures["told_not_saved"] == figures["commands"]


@pytest.mark.postgres
def test_events_through_a_database_cut_are_all_applied_once(
    postgres: PostgresDatabase, slack: SlackStandIn
) -> None:
    figures = stops.events_through_a_database_cut(postgres, slack, events=60)
    assert figures["acknowledged_in_the_end"] == figures["events"]
    assert (figures["applied"], figures["lost"]) == (60, 0)
    assert figures["notices"] == 60


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_stop_under_load_applies_everything_acknowledged_once(
    how: signal.Signals, sqlite_template: SqliteTemplate, tmp_path: Path
) -> None:
    url = sqlite_template.fresh_url(tmp_path)
    figures = stops.stop_under_load(url, how=how, reactions=25, submits=25, latency=0.05)
    assert figures["acknowledged"] == 50
    assert figures["drained"]
    assert figures["applied"] == figures["acknowledged"]
    assert figures["posted_twice"] == 0
    assert figures["restart_exit_code"] == 0
    if how is signal.SIGTERM:
        assert figures["exit_code"] == 0
        assert figures["tracebacks"] == 0


def test_notices_under_slacks_per_channel_limit_all_arrive(crowded_bot: Bot) -> None:
    figures = stops.notices_under_rate_limits(crowded_bot, partners=12)
    assert figures["notices_delivered"] == figures["distinct"] == 12
    assert figures["rate_limited"] == 0


def test_forged_stale_replayed_and_foreign_requests_are_all_refused(bot: Bot) -> None:
    figures = requests.forged_requests(bot, attempts=20)
    for kind in ("forged", "stale", "replayed", "other workspace"):
        assert figures[kind] == 20, kind
    assert figures["unexpected_writes"] == {}


def test_non_parties_are_refused_everything(bot: Bot) -> None:
    figures = requests.non_parties(bot)
    assert figures["attempts"] >= 12
    assert figures["refused"] == figures["attempts"]
    assert not figures["wrote"]


def test_fuzzed_commands_and_buttons_never_break_or_write_wrongly(bot: Bot) -> None:
    figures = requests.fuzz(bot, examples=150)
    assert figures["non-200"] == 0
    assert figures["tracebacks"] == 0
    assert figures["other_writes"] == {}
    assert figures["slowest_pair_s"] < 3


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_database_from_the_first_revision_upgrades_with_its_data(kind: str) -> None:
    if kind == "postgresql":
        require_postgres()
    with migrated_database(kind, revision="0001") as url:
        figures = requests.old_schema_upgrade(url)
    assert figures["revision"] == HEAD
    what, debtor, due, nudges = figures["follow_up"]
    assert (what, debtor, due.isoformat(), nudges) == (
        "call back",
        "Dana",
        "2026-11-20T15:00:00+00:00",
        0,
    )


def test_double_clicks_change_each_card_once(bot: Bot) -> None:
    figures = inputs.double_clicks(bot, pairs=10)
    assert figures["none"] == 0
    # Two changes only where both were valid one after the other (a snooze, then the answer).
    assert figures["one_outcome"] + figures["two_outcomes"] == 10
    assert figures["two_outcomes"] <= 2


def test_hostile_inputs_never_come_alive(bot: Bot) -> None:
    figures = inputs.hostile_inputs(bot, rounds=6)
    assert figures["live_markup_delivered"] == 0


def test_malformed_bodies_get_4xx_and_no_traceback(bot: Bot) -> None:
    figures = inputs.malformed_bodies(bot, rounds=24)
    assert figures["server_errors"] == 0
    assert figures["tracebacks"] == 0
