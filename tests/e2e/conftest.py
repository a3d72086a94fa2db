"""A running bot per test, wired to a fresh stand-in and a fresh migrated database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.clock import FrozenClock
from bot.config import load_settings
from bot.runtime import build_runtime
from handlers.web import EVENTS_PATH, wsgi_app
from sandbox import Driver, SlackStandIn
from tests.databases import SqliteTemplate
from tests.e2e.harness import Bot


@pytest.fixture
def bot_database_url(sqlite_template: SqliteTemplate, tmp_path: Path) -> str:
    """End-to-end tests run on SQLite; the ledger's own tests cover PostgreSQL."""
    return sqlite_template.fresh_url(tmp_path)


@pytest.fixture
def bot(
    slack: SlackStandIn,
    bot_database_url: str,
    clock: FrozenClock,
    wsgi_server: Callable[..., str],
    driver: Callable[..., Driver],
) -> Iterator[Bot]:
    """Followthrough served over HTTP, as `followthrough serve` runs it."""
    settings = load_settings(
        database_url=bot_database_url,
        slack_bot_token=slack.token(),
        slack_signing_secret=slack.signing_secret,
        slack_api_url=slack.api_url,
        holiday_country="US",
    )
    runtime = build_runtime(settings, clock=clock)
    url = wsgi_server(wsgi_app(runtime.app, runtime.healthy)) + EVENTS_PATH
    yield Bot(runtime, slack, driver(url), url)
    runtime.close()
