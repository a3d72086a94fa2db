"""Shared fixtures: each ledger test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot import db
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from sandbox import RateLimitConfig, SlackStandIn
from tests.databases import PostgresDatabase, SqliteTemplate, require_postgres
from tests.e2e.harness import Bot
from tests.ledger_book import LedgerBook

pytest_plugins = ["sandbox.pytest_plugin"]

# Wednesday 2026-11-18 15:00 UTC: 10:00 in New York, 15:00 in London.
START = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)


@pytest.fixture
def slack_rate_limits() -> RateLimitConfig:
    """Slack's rate limits are off unless a test is about them: then the bot paces itself too.

    Tests of pacing, 429s and per-channel limits ask for `RateLimitConfig()` themselves.
    """
    return RateLimitConfig.unlimited()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresDatabase]:
    require_postgres()
    database = PostgresDatabase()
    yield database
    database.drop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        template: SqliteTemplate = request.getfixturevalue("sqlite_template")
        yield template.fresh_url(tmp_path)
        return
    postgres: PostgresDatabase = request.getfixturevalue("postgres_database")
    postgres.empty()
    yield postgres.url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine: Engine) -> sessionmaker[Session]:
    return db.make_session_factory(engine)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(database_url=database_url, holiday_country="US")


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def book(
    session_factory: sessionmaker[Session], settings: Settings, clock: FrozenClock
) -> LedgerBook:
    """The ledger with Erin (exporter, New York), Dana (importer, London), Sam and Alex (admin)."""
    book = LedgerBook(session_factory, settings, clock, team_id="T0ACME")
    book.add_member("U0ERIN", "Erin Exporter", "America/New_York")
    book.add_member("U0DANA", "Dana Importer", "Europe/London")
    book.add_member("U0SAM", "Sam Sourcer", "America/Los_Angeles")
    book.add_member("U0ALEX", "Alex Admin", "America/Chicago", admin=True)
    return book


@pytest.fixture
def bot_database_url(sqlite_template: SqliteTemplate, tmp_path: Path) -> str:
    """End-to-end tests run on SQLite; the ledger's own tests cover PostgreSQL."""
    return sqlite_template.fresh_url(tmp_path)


@pytest.fixture
def bot(slack: SlackStandIn, bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    """Followthrough served over HTTP, as `followthrough serve` runs it."""
    bot = Bot(slack, bot_database_url, clock)
    yield bot
    bot.close()
