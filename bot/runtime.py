"""The composition root: settings, database, clock, Slack client and listeners, wired once."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot import db
from bot.clock import Clock, SystemClock
from bot.config import Settings

if TYPE_CHECKING:
    from slack_bolt import App
    from slack_sdk import WebClient

    from handlers.executor import ListenerPool
    from handlers.services import Services
    from scheduler.sweep import Sweep

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a running Followthrough process holds."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    services: Services
    client: WebClient
    app: App
    listeners: ListenerPool
    sweep: Sweep

    def healthy(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def close(self, *, abandon_backlog: bool = False) -> None:
        """Let running listeners finish (or drop queued ones), then release connections."""
        self.listeners.drain(timeout=10)
        self.listeners.shutdown(wait=True, cancel_futures=abandon_backlog)
        self.engine.dispose()


def build_runtime(settings: Settings, *, clock: Clock | None = None) -> Runtime:
    """Migrate the database, then wire the Slack app to the core (imports Slack only here)."""
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import (
        ConnectionErrorRetryHandler,
        RateLimitErrorRetryHandler,
    )

    from handlers.app import build_app
    from handlers.executor import ListenerPool
    from handlers.services import Services

    engine = db.make_engine(settings.database_url)
    db.upgrade(engine)
    sessions = db.make_session_factory(engine)
    clock = clock or SystemClock()
    services = Services(sessions, clock, settings)
    client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(),
            RateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )
    team_id = str(client.auth_test()["team_id"])
    listeners = ListenerPool()
    app = build_app(
        services,
        client=client,
        team_id=team_id,
        signing_secret=settings.slack_signing_secret or "",
        listener_executor=listeners,
    )
    sweep = build_sweep(settings, sessions, clock, team_id)
    return Runtime(settings, engine, sessions, clock, services, client, app, listeners, sweep)


def build_sweep(
    settings: Settings, sessions: sessionmaker[Session], clock: Clock, team_id: str
) -> Sweep:
    """The sweep, delivering through its own client: no retry handler ever sleeps on a 429."""
    from slack_sdk import WebClient

    from handlers.render import nudges
    from scheduler.delivery import SlackDelivery
    from scheduler.pacer import Pacer
    from scheduler.sweep import Renderers, Sweep

    client = WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[],
    )
    pacer = Pacer()
    pacer.rates["chat.postMessage"] = settings.post_rate
    delivery = SlackDelivery(client, pacer)
    renderers = Renderers(nudges.reminder, nudges.lapse_notice, nudges.digest)
    return Sweep(
        sessions,
        settings,
        clock,
        lambda team: delivery if team == team_id else None,
        renderers,
    )
