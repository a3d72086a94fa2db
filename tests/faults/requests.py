"""Request-level faults: forged and replayed requests, non-parties, fuzzed input, old schemas."""

from __future__ import annotations

import collections
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, func, select

from bot import db
from bot.models import Base, FollowUp
from sandbox import Driver
from tests.e2e.harness import Bot

TRACEBACK_MARKS = ("Traceback", 'File "', "Exception")
# Not the ledger: first sight makes members; requests, replies and signatures are recorded.
MAILROOM = frozenset({"members", "workspaces", "inbox", "outbox", "seen_requests"})


def ledger_rows(bot: Bot) -> dict[str, int]:
    """Rows per ledger table (the mailroom's tables and first-sight members aside)."""
    with bot.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name not in MAILROOM
        }


def slash_body(bot: Bot, words: str) -> bytes:
    """A slash command body as Slack sends it, from Dana in her DM."""
    return urlencode(
        {
            "command": "/followthrough",
            "text": words,
            "team_id": "T0ACME",
            "user_id": "U0DANA",
            "channel_id": "D0DANA",
            "trigger_id": bot.slack.issue_trigger("U0DANA"),
            "response_url": bot.slack.issue_response_url("U0DANA", "D0DANA"),
        }
    ).encode()


def forged_requests(bot: Bot, *, attempts: int) -> dict[str, Any]:
    """Forged signatures, stale timestamps, replayed bodies and other workspaces: all refused."""
    before = ledger_rows(bot)
    refused: collections.Counter[str] = collections.Counter()
    forged = bot.driver.with_signing(secret="not-our-secret")
    stale = bot.driver.with_signing(timestamp=int(time.time()) - 6 * 60)
    stranger = Driver(bot.slack, bot.url, team_id="T0OTHER")
    for n in range(attempts):
        words = f"job Forged Role {n}"
        refused["forged"] += forged.slash_command("U0DANA", "/followthrough", words).status == 401
        refused["stale"] += stale.slash_command("U0DANA", "/followthrough", words).status == 401
        body = slash_body(bot, f"job Genuine Role {n}")
        signed = bot.driver.with_signing(timestamp=int(time.time()))
        signed.post_raw(body, "application/x-www-form-urlencoded")
        again = signed.post_raw(body, "application/x-www-form-urlencoded")
        refused["replayed"] += again.status == 401
        stranger.slash_command("U0OLIVER", "/followthrough", words)
    bot.settle()
    others = bot.slack.ephemerals_to("U0OLIVER")
    refused["other workspace"] = sum(e.text.startswith("This Followthrough") for e in others)
    after = ledger_rows(bot)
    changed = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    # Only the genuine first copies may write: one job order and its activity entry each.
    genuine = {("job_orders", attempts), ("activity", attempts)}
    unexpected = {k: v for k, v in changed.items() if (k, v) not in genuine}
    return {"attempts": attempts, **refused, "unexpected_writes": unexpected}


def non_parties(bot: Bot) -> dict[str, Any]:
    """Sam tries every command and every button on follow-ups between Erin and Dana."""
    bot.command("U0ERIN", "submit @dana Jane Doe")
    bot.command("U0ERIN", "call @dana")
    bot.command("U0SAM", "list")
    before = ledger_rows(bot)
    attempts = refused = 0
    for words in ("done F-1", "done F-2", "cancel F-1", "cancel F-2", "snooze F-1 1d"):
        bot.command("U0SAM", words)
        attempts += 1
        refused += bot.said_to("U0SAM").startswith("Only ")
    for card in bot.slack.dms_to("U0DANA"):
        for label in card.buttons:
            bot.click_as("U0SAM", card, label)
            attempts += 1
            refused += bot.said_to("U0SAM").startswith("Only ")
    return {"attempts": attempts, "refused": refused, "wrote": ledger_rows(bot) != before}


def fuzz(bot: Bot, *, examples: int) -> dict[str, Any]:
    """Hypothesis-made command texts and button payloads over HTTP: no traceback, no bad write."""
    figures: collections.Counter[str] = collections.Counter()
    slowest = [0.0]
    before = ledger_rows(bot)

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(
        words=st.one_of(
            st.text(max_size=200),
            st.lists(
                st.sampled_from(
                    [
                        "submit",
                        "call",
                        "done",
                        "snooze",
                        "cancel",
                        "heard",
                        "job",
                        "fee",
                        "@nobody",
                        "for",
                        "within",
                        "by",
                        "F-9",
                        "JO-9",
                        "2d",
                        "fri",
                        "&lt;",
                        "💼",
                        "x" * 300,
                    ]
                ),
                max_size=8,
            ).map(" ".join),
        ),
        action=st.sampled_from(["answer_interested", "answer_passed", "answer_done", "snooze_1d"]),
        value=st.one_of(st.text(max_size=10), st.integers(-3, 10**10).map(str)),
    )
    def one(words: str, action: str, value: str) -> None:
        started = time.perf_counter()
        bot.driver.slash_command("U0SAM", "/followthrough", words)
        response = bot.press("U0SAM", action, value)
        slowest[0] = max(slowest[0], time.perf_counter() - started)
        figures["requests"] += 2
        figures["non-200"] += response.status != 200

    one()
    bot.settle()
    said = [e.text for e in bot.slack.ephemerals_to("U0SAM")]
    after = ledger_rows(bot)
    return {
        **figures,
        "tracebacks": sum(any(mark in t for mark in TRACEBACK_MARKS) for t in said),
        "slowest_pair_s": slowest[0],
        "job_orders_written": after["job_orders"] - before["job_orders"],
        "other_writes": {
            k: after[k] - before[k]
            for k in after
            if k not in {"job_orders", "activity"} and after[k] != before[k]
        },
    }


def old_schema_upgrade(url: str) -> dict[str, Any]:
    """A database made at the first revision, with data, upgraded to the newest: data intact."""
    engine = db.make_engine(url)
    db.upgrade(engine, "0001")
    old = MetaData()
    old.reflect(engine)  # the tables exactly as revision 0001 made them
    made = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
    due = made + timedelta(days=2)
    with engine.begin() as connection:
        connection.execute(
            old.tables["workspaces"].insert(),
            {"team_id": "T0ACME", "name": "Acme", "active": True, "created_at": made},
        )
        for member_id, name in ((1, "Erin"), (2, "Dana")):
            connection.execute(
                old.tables["members"].insert(),
                {
                    "id": member_id,
                    "team_id": "T0ACME",
                    "slack_user_id": f"U{member_id}",
                    "name": name,
                    "timezone": "UTC",
                    "specializations": "IT",
                    "is_admin": False,
                    "created_at": made,
                    "updated_at": made,
                },
            )
        connection.execute(
            old.tables["follow_ups"].insert(),
            {
                "id": 1,
                "team_id": "T0ACME",
                "kind": "call_back",
                "debtor_id": 2,
                "creditor_id": 1,
                "what": "call back",
                "window": "2d",
                "due_at": due,
                "state": "open",
                "nudge_count": 0,
                "next_nudge_at": due,
                "created_by_id": 1,
                "created_at": made,
            },
        )
    db.upgrade(engine)
    with db.make_session_factory(engine, read_only=True)() as session:
        follow_up = session.get(FollowUp, 1)
        assert follow_up is not None
        kept = (follow_up.what, follow_up.debtor.name, follow_up.due_at, follow_up.nudge_count)
        revision = db.current_revision(engine)
    engine.dispose()
    return {"revision": revision, "follow_up": kept}
