"""Fault scenarios, sized by the caller: the tests run them small, `benchmarks.faults` large."""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sysconfig
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from bot.clock import FrozenClock
from bot.models import (
    FollowUp,
    FollowUpMessage,
    FollowUpState,
    InboxItem,
    Member,
    MessagePurpose,
    MessageState,
    Nudge,
    OutboxMessage,
    RequestKind,
    Submission,
)
from followthrough.live import LiveBot
from handlers.intake import NOT_SAVED
from sandbox import RateLimitConfig, SlackStandIn, crowd_seed
from tests.bulk import follow_up_row, seed_crowd
from tests.databases import PostgresDatabase
from tests.faults.stops import recover

SCRIPT = str(Path(sysconfig.get_path("scripts")) / "followthrough")
THURSDAY = datetime(2026, 11, 19, 10, 31, tzinfo=UTC)  # working time in London and New York


def sent_follow_ups(slack: SlackStandIn) -> collections.Counter[int]:
    """How many delivered reminders mentioned each follow-up (metadata of successful posts)."""
    return collections.Counter(
        follow_up
        for call in slack.calls("chat.postMessage")
        if call.ok and "metadata" in call.args
        if call.args["metadata"]["event_payload"].get("kind") == "reminder"
        for follow_up in call.args["metadata"]["event_payload"].get("follow_ups", [])
    )


def kill_sweepers(
    postgres: PostgresDatabase,
    *,
    due: int,
    processes: int,
    kill_every: float,
    kill_for: float,
    limit: float,
) -> dict[str, Any]:
    """`serve` processes sweep one PostgreSQL; for `kill_for` s one is SIGKILLed every few s."""
    debtors = max(1, due // 5)
    with SlackStandIn(crowd_seed(debtors), rate_limits=RateLimitConfig.unlimited()) as slack:
        seed_crowd(postgres.engine, debtors, open_count=due, due_count=due, now=datetime.now(UTC))
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FOLLOWTHROUGH_"))
        }
        env.update(
            SLACK_BOT_TOKEN=slack.token(),
            SLACK_SIGNING_SECRET=slack.signing_secret,
            SLACK_API_URL=slack.api_url,
            FOLLOWTHROUGH_DATABASE_URL=postgres.url,
            FOLLOWTHROUGH_SWEEP_SECONDS="5",
            FOLLOWTHROUGH_SLACK_TIMEOUT="1",
            FOLLOWTHROUGH_LEASE_SECONDS="12",
            FOLLOWTHROUGH_PACING="off",  # the stand-in enforces no limits here
            FOLLOWTHROUGH_WORKING_HOURS="Mon-Sun 00:00-23:59",
            FOLLOWTHROUGH_HOLIDAY_COUNTRY="none",
        )
        logs = tempfile.TemporaryDirectory()

        def start(n: int) -> subprocess.Popen[bytes]:
            log = open(Path(logs.name) / f"serve-{n}.log", "ab")  # noqa: SIM115 - kept with the process
            return subprocess.Popen(
                [SCRIPT, "serve", "--port", "0"], env=env, stdout=log, stderr=log
            )

        running = [start(n) for n in range(processes)]
        kills, started, rng = 0, time.monotonic(), random.Random(11)
        delivered = 0
        while time.monotonic() - started < limit:
            time.sleep(kill_every)
            with postgres.engine.connect() as connection:
                delivered = (
                    connection.scalar(
                        select(func.count(func.distinct(Nudge.follow_up_id)))
                        .join(OutboxMessage, OutboxMessage.id == Nudge.message_id)
                        .where(OutboxMessage.state == MessageState.SENT)
                    )
                    or 0
                )
            if delivered >= due:
                break
            if time.monotonic() - started > kill_for:
                continue  # the killing is over: let the survivors finish
            victim = rng.randrange(processes)
            running[victim].send_signal(signal.SIGKILL)
            running[victim].wait()
            running[victim] = start(victim)
            kills += 1
        elapsed = time.monotonic() - started
        for process in running:
            process.terminate()
            process.wait(timeout=20)
        seen = sent_follow_ups(slack)
        logs.cleanup()
    return {
        "due": due,
        "kills": kills,
        "seconds": elapsed,
        "delivered": len(seen),
        "lost": due - len(seen),
        "duplicated": sum(n - 1 for n in seen.values() if n > 1),
    }


def event_retries(bot: LiveBot, *, events: int, seed: int = 5) -> dict[str, Any]:
    """Each ✅ event delivered up to 4 times: every one must count once."""
    bot.command("U0ERIN", "list")
    bot.command("U0DANA", "list")
    engine, now = bot.runtime.engine, bot.clock.now()
    with engine.begin() as connection:
        members = dict(connection.execute(select(Member.slack_user_id, Member.id)).all())
        dana, erin = members["U0DANA"], members["U0ERIN"]
        for n in range(events):
            follow_up_id = connection.execute(
                insert(FollowUp).returning(FollowUp.id),
                follow_up_row(dana, erin, due=now + timedelta(days=1), created_at=now),
            ).scalar_one()
            connection.execute(
                insert(FollowUpMessage),
                {
                    "team_id": "T0ACME",
                    "follow_up_id": follow_up_id,
                    "purpose": MessagePurpose.CARD,
                    "channel": "D0DANA",
                    "ts": f"1763000000.{n:06d}",
                    "created_at": bot.clock.now(),
                },
            )
    rng = random.Random(seed)
    deliveries = 0

    def deliver(n: int) -> int:
        event = {
            "type": "reaction_added",
            "user": "U0DANA",
            "reaction": "white_check_mark",
            "item_user": "U0BOT",
            "item": {"type": "message", "channel": "D0DANA", "ts": f"1763000000.{n:06d}"},
            "event_ts": f"1763000001.{n:06d}",
        }
        first = bot.driver.send_event(event)
        retries = rng.randint(0, 3)
        for retry in range(1, retries + 1):
            bot.driver.replay_event(first.event_id or "", retry_num=retry)
        return 1 + retries

    with ThreadPoolExecutor(8) as pool:
        deliveries = sum(pool.map(deliver, range(events)))
    bot.settle()
    with engine.connect() as connection:
        recorded = (
            connection.scalar(
                select(func.count()).select_from(InboxItem).filter_by(kind=RequestKind.EVENT)
            )
            or 0
        )
        done = connection.scalar(
            select(func.count()).select_from(FollowUp).where(FollowUp.state == FollowUpState.DONE)
        )
    notices = [m for m in bot.slack.dms_to("U0ERIN") if "marked F-" in m.text]
    return {
        "events": events,
        "deliveries": deliveries,
        "recorded": recorded,
        "resolved": done,
        "notices": len(notices),
    }


def slack_outage(bot: LiveBot, *, minutes: int) -> dict[str, Any]:
    """Slack answers 503 for `minutes` simulated minutes while reminders fall due."""
    bot.command("U0ERIN", "submit @dana Jane Doe within 4h")
    bot.command("U0ERIN", "call @sam within 1h")
    bot.command("U0SAM", "email @dana within 2h")
    start = THURSDAY + timedelta(hours=6)  # everyone is in working time
    bot.travel(start)
    bot.slack.faults.fail_for(minutes * 60, status=503, method="chat.postMessage")
    lines: list[str] = []
    for minute in range(minutes + 90):
        bot.sweep(start + timedelta(minutes=minute))
        lines += [f"+{minute}m {line}" for line in bot.runtime.courier.lines]
        bot.runtime.courier.lines.clear()
    retries = [line for line in lines if "will retry" in line]
    seen = sent_follow_ups(bot.slack)
    return {
        "outage_minutes": minutes,
        "retries": len(retries),
        "retry_lines": retries,
        "delivered": len(seen),
        "lost": 3 - len(seen),
        "duplicated": sum(n - 1 for n in seen.values() if n > 1),
    }


def database_outage(
    postgres: PostgresDatabase, slack: SlackStandIn, *, commands: int
) -> dict[str, Any]:
    """The database restarts while submissions arrive: each is saved or its sender told so."""
    bot = LiveBot(slack, postgres.url, FrozenClock(THURSDAY))
    try:
        bot.command("U0ERIN", "list")
        bot.command("U0DANA", "list")

        def submit(n: int) -> bool:
            answer = bot.driver.slash_command(
                "U0ERIN", "/followthrough", f"submit @dana Candidate-{n}"
            )
            return answer.status == 200 and NOT_SAVED not in answer.body.decode()

        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(submit, n) for n in range(commands)]
            time.sleep(0.3)
            postgres.go_down()  # every connection dropped, new ones refused
            time.sleep(2)
            postgres.come_back()
            acknowledged = sum(future.result() for future in futures)
        recover(bot)
        bot.command("U0ERIN", "submit @dana After The Restart")
        replies = [e.text for e in slack.ephemerals_to("U0ERIN")]
        with bot.session() as session:
            submissions = session.scalar(select(func.count()).select_from(Submission)) or 0
            halves = session.scalar(
                select(func.count())
                .select_from(Submission)
                .where(~select(FollowUp.id).where(FollowUp.submission_id == Submission.id).exists())
            )
    finally:
        postgres.come_back()
        bot.close()
    return {
        "commands": commands,
        "acknowledged": acknowledged,
        "recorded": submissions - 1,
        "told_not_saved": sum(NOT_SAVED in text for text in replies),
        "wrongly_told_database_lost": sum("lost its database" in text for text in replies),
        "after_restart": "After The Restart" in replies[-1],
        "half_written": halves,
    }
