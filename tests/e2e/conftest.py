"""A running bot per test, wired to a fresh stand-in and a fresh migrated database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from sandbox import SlackStandIn
from tests.databases import SqliteTemplate
from tests.e2e.harness import Bot


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
