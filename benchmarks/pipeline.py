"""The project's reminder pipeline with an in-process Slack, shared by the benchmarks.

The pipeline is exactly what `serve` runs: the sweep records reminders in the outbox, the
courier claims, checks, posts and records them (moving each follow-up on). Only the Web API is
replaced, by a client that accepts every post at once, so the figures are the project's own.
"""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse
from sqlalchemy import Engine, text

from bot import db
from bot.clock import FrozenClock
from bot.config import Settings, load_settings
from bot.nudging.sweep import Sweeper
from bot.outbox import Reach
from bot.outbox.dispatch import Dispatch
from handlers.render.wording import SlackWording
from scheduler.courier import Courier
from scheduler.pacer import Pacer

AT = datetime(2026, 11, 19, 10, 31, tzinfo=UTC)  # Thursday morning in London


class RecordingSlack(WebClient):
    """A Web API that accepts every message at once and counts them."""

    def __init__(self) -> None:
        super().__init__(token="xoxb-recording")
        self.posted = 0
        self._ts = itertools.count(1)

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        """Answer as Slack would, without a network."""
        data: dict[str, Any] = {"ok": True}
        if api_method == "chat.postMessage":
            self.posted += 1
            channel = (kwargs.get("json") or kwargs.get("params") or {}).get("channel", "")
            data.update(channel=f"D{channel[1:]}", ts=f"{1_763_000_000 + next(self._ts)}.000100")
        return SlackResponse(
            client=self,
            http_verb="POST",
            api_url=api_method,
            req_args={},
            data=data,
            headers={},
            status_code=200,
        )


class Pipeline:
    """A sweep and a courier over one database, delivering to a RecordingSlack."""

    def __init__(
        self,
        url: str,
        *,
        at: datetime = AT,
        settings: Settings | None = None,
        reach: Reach | None = None,
    ) -> None:
        self.engine: Engine = db.make_engine(url)
        self.settings = settings or load_settings(database_url=url)
        sessions = db.make_session_factory(self.engine)
        wording, clock = SlackWording(), FrozenClock(at)
        self.slack = RecordingSlack()
        self.sweeper = Sweeper(sessions, self.settings, clock, wording, reach=reach)
        dispatch = Dispatch(sessions, clock, self.settings, wording, owner="benchmark")
        self.courier = Courier(dispatch, lambda _team: self.slack, Pacer.unlimited())

    def sweep_and_deliver(self) -> tuple[float, float]:
        """(seconds to claim and record, seconds in all) for one sweep and its delivery."""
        started = time.perf_counter()
        self.sweeper.run()
        recorded = time.perf_counter() - started
        while self.courier.step():
            pass
        return recorded, time.perf_counter() - started

    def analyze(self) -> None:
        """Fresh planner statistics after a bulk fill (what autovacuum would do soon anyway)."""
        with self.engine.connect() as connection:
            connection.execute(text("ANALYZE"))
            connection.commit()

    def close(self) -> None:
        self.engine.dispose()
