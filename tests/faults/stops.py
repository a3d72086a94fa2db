"""Acknowledged work under stops and outages: a deploy's SIGTERM, a SIGKILL, a database cut.

Sized by the caller: the tests run these small, `benchmarks.faults` large.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sysconfig
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select

from bot import db
from bot.clock import FrozenClock
from bot.models import (
    FollowUp,
    FollowUpMessage,
    FollowUpState,
    InboxItem,
    InboxState,
    MessagePurpose,
    MessageState,
    OutboxMessage,
    Submission,
)
from followthrough.live import LiveBot
from handlers.intake import NOT_SAVED
from sandbox import Driver, RateLimitConfig, SlackStandIn
from tests.bulk import follow_up_row, seed_members
from tests.databases import PostgresDatabase

SCRIPT = str(Path(sysconfig.get_path("scripts")) / "followthrough")
THURSDAY = datetime(2026, 11, 19, 10, 31, tzinfo=UTC)  # working time in London and New York


def tracked_follow_ups(engine: Engine, count: int, now: datetime) -> None:
    """Erin and Dana, and `count` follow-ups Dana owes Erin, each on a card a ✅ resolves."""
    people = [
        ("U0ERIN", "Erin Exporter", "America/New_York"),
        ("U0DANA", "Dana Importer", "Europe/London"),
    ]
    ids = seed_members(engine, "T0ACME", people, now)
    with engine.begin() as connection:
        for n in range(count):
            row = follow_up_row(
                ids["U0DANA"], ids["U0ERIN"], due=now + timedelta(days=1), created_at=now
            )
            follow_up_id = connection.execute(
                insert(FollowUp).returning(FollowUp.id), row
            ).scalar_one()
            connection.execute(
                insert(FollowUpMessage),
                {
                    "team_id": "T0ACME",
                    "follow_up_id": follow_up_id,
                    "purpose": MessagePurpose.CARD,
                    "channel": "D0DANA",
                    "ts": f"1763000000.{n:06d}",
                    "created_at": now,
                },
            )


def reaction(n: int) -> dict[str, Any]:
    """Dana's ✅ on the n-th tracked card."""
    return {
        "type": "reaction_added",
        "user": "U0DANA",
        "reaction": "white_check_mark",
        "item_user": "U0BOT",
        "item": {"type": "message", "channel": "D0DANA", "ts": f"1763000000.{n:06d}"},
        "event_ts": f"1763000001.{n:06d}",
    }


class Server:
    """`followthrough serve` as a process: started, signalled, its log kept."""

    def __init__(self, slack: SlackStandIn, database_url: str, folder: Path, **extra: str) -> None:
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FOLLOWTHROUGH_"))
        }
        self.env.update(
            SLACK_BOT_TOKEN=slack.token(),
            SLACK_SIGNING_SECRET=slack.signing_secret,
            SLACK_API_URL=slack.api_url,
            FOLLOWTHROUGH_DATABASE_URL=database_url,
            FOLLOWTHROUGH_SLACK_TIMEOUT="1",
            FOLLOWTHROUGH_PACING="off",  # the stand-in enforces no limits here
            FOLLOWTHROUGH_LEASE_SECONDS="12",
            FOLLOWTHROUGH_SWEEP_SECONDS="3600",
            FOLLOWTHROUGH_HOLIDAY_COUNTRY="none",
            **extra,
        )
        self.folder, self.runs = folder, 0
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> str:
        """Start a process; returns its request URL once it listens."""
        self.runs += 1
        self.log = self.folder / f"serve-{self.runs}.log"
        self.process = subprocess.Popen(
            [SCRIPT, "serve", "--port", "0"],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w"),
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert "listening on" in line, self.log.read_text()
        return line.split("listening on ")[1].strip()

    def stop(self, how: signal.Signals, timeout: float = 60) -> int:
        """Send a signal and wait for the process to end; returns its exit code."""
        assert self.process is not None
        self.process.send_signal(how)
        return self.process.wait(timeout=timeout)

    def tracebacks(self) -> int:
        """How many tracebacks every run so far printed."""
        return sum(
            (self.folder / f"serve-{n}.log").read_text().count("Traceback")
            for n in range(1, self.runs + 1)
        )


def drained(engine: Engine, timeout: float) -> bool:
    """Wait until no request waits to be worked and no message waits to be delivered."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            requests = connection.scalar(
                select(func.count())
                .select_from(InboxItem)
                .where(InboxItem.state == InboxState.PENDING)
            )
            messages = connection.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.state == MessageState.PENDING)
            )
        if not requests and not messages:
            return True
        time.sleep(0.2)
    return False


def recover(bot: LiveBot) -> None:
    """After a database cut: let time pass until the work it put off has all been done."""
    for _ in range(10):
        bot.travel(bot.clock.now() + timedelta(minutes=15))
        bot.settle(timeout=120)
        if drained(bot.runtime.engine, timeout=1):
            return
    raise AssertionError("work put off by the database cut was never done")


def posted_twice(slack: SlackStandIn) -> int:
    """Messages Slack accepted more than once (same outbox key in their metadata)."""
    keys = collections.Counter(
        call.args["metadata"]["event_payload"]["key"]
        for call in slack.calls("chat.postMessage")
        if call.ok and "metadata" in call.args
    )
    return sum(n - 1 for n in keys.values() if n > 1)


def stop_under_load(
    database_url: str, *, how: signal.Signals, reactions: int, submits: int, latency: float
) -> dict[str, Any]:
    """Requests acknowledged, then a SIGTERM (a deploy) or SIGKILL; a new process finishes.

    Target: everything acknowledged is applied exactly once; SIGTERM exits 0 with no traceback.
    """
    engine = db.make_engine(database_url)
    tracked_follow_ups(engine, reactions, datetime.now(UTC))
    with (
        tempfile.TemporaryDirectory() as folder,
        SlackStandIn(rate_limits=RateLimitConfig.unlimited(), latency=latency) as slack,
    ):
        server = Server(slack, database_url, Path(folder))
        driver = Driver(slack, server.start())

        def react(n: int) -> bool:
            return driver.send_event(reaction(n)).status == 200

        def submit(n: int) -> bool:
            answer = driver.slash_command("U0ERIN", "/followthrough", f"submit @dana Candidate-{n}")
            return answer.status == 200 and NOT_SAVED not in answer.body.decode()

        with ThreadPoolExecutor(16) as pool:
            reacted = pool.map(react, range(reactions))
            submitted = pool.map(submit, range(submits))
            acked_reactions, acked_submits = sum(reacted), sum(submitted)
        exit_code = server.stop(how)
        stopped_with = {"pending": _pending(engine)}
        driver = Driver(slack, server.start())
        finished = drained(engine, timeout=120)
        last_exit = server.stop(signal.SIGTERM)
        with engine.connect() as connection:
            applied_reactions = connection.scalar(
                select(func.count())
                .select_from(FollowUp)
                .where(FollowUp.state == FollowUpState.DONE)
            )
            applied_submits = connection.scalar(select(func.count()).select_from(Submission))
        figures = {
            "signal": how.name,
            "acknowledged": acked_reactions + acked_submits,
            "applied": (applied_reactions or 0) + (applied_submits or 0),
            "left_at_stop": stopped_with["pending"],
            "exit_code": exit_code,
            "restart_exit_code": last_exit,
            "tracebacks": server.tracebacks(),
            "drained": finished,
            "posted_twice": posted_twice(slack),
        }
    engine.dispose()
    return figures


def _pending(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.scalar(
                select(func.count())
                .select_from(InboxItem)
                .where(InboxItem.state == InboxState.PENDING)
            )
            or 0
        )


def events_through_a_database_cut(
    postgres: PostgresDatabase, slack: SlackStandIn, *, events: int
) -> dict[str, Any]:
    """✅ events while PostgreSQL is cut for 2 s; unacknowledged ones are retried as Slack does.

    Target: every event applied once, none lost, none twice.
    """
    tracked_follow_ups(postgres.engine, events, THURSDAY)
    bot = LiveBot(slack, postgres.url, FrozenClock(THURSDAY))
    refused = 0
    try:

        def deliver(n: int) -> int:
            nonlocal refused
            first = bot.driver.send_event(reaction(n))
            attempts, status = 0, first.status
            while status != 200 and attempts < 3:  # Slack retries an event it got no 200 for
                refused += 1
                attempts += 1
                time.sleep(attempts)
                status = bot.driver.replay_event(first.event_id or "", retry_num=attempts).status
            return status

        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(deliver, n) for n in range(events)]
            time.sleep(0.2)
            postgres.go_down()
            time.sleep(2)
            postgres.come_back()
            statuses = [future.result() for future in futures]
        recover(bot)
        with bot.session() as session:
            done = session.scalar(
                select(func.count())
                .select_from(FollowUp)
                .where(FollowUp.state == FollowUpState.DONE)
            )
        notices = [m for m in slack.dms_to("U0ERIN") if "marked F-" in m.text]
    finally:
        postgres.come_back()
        bot.close()
    return {
        "events": events,
        "refused_during_the_cut": refused,
        "acknowledged_in_the_end": statuses.count(200),
        "applied": done,
        "lost": events - (done or 0),
        "notices": len(notices),
    }


def notices_under_rate_limits(bot: LiveBot, *, partners: int) -> dict[str, Any]:
    """`partners` debtors answer one creditor at once under Slack's ~1 post/s per channel.

    Target: every "marked done" notice delivered, none twice, no 429 beyond the first.
    """
    crowd = [f"U{1_000_000 + n}" for n in range(partners)]
    for n in range(partners):
        bot.command("U0ERIN", f"call @partner{n} within 1d")
    bot.settle(timeout=120)
    started = time.monotonic()
    with ThreadPoolExecutor(partners) as pool:
        list(
            pool.map(
                lambda n: bot.driver.slash_command(crowd[n], "/followthrough", f"done F-{n + 1}"),
                range(partners),
            )
        )
    deadline = time.monotonic() + 300
    notices: list[Any] = []
    while len(notices) < partners and time.monotonic() < deadline:
        bot.settle(timeout=300)
        notices = [m for m in bot.slack.dms_to("U0ERIN") if "marked F-" in m.text]
        if len(notices) < partners:  # anything held back by a 429 waits for Slack's time to pass
            bot.travel(bot.clock.now() + timedelta(seconds=5))
    elapsed = time.monotonic() - started
    limited = [call for call in bot.slack.calls("chat.postMessage") if call.status == 429]
    return {
        "partners": partners,
        "notices_sent": partners,
        "notices_delivered": len(notices),
        "distinct": len({m.text for m in notices}),
        "rate_limited": len(limited),
        "seconds": round(elapsed, 1),
    }
