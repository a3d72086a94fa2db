"""Two hands on the mouse and hostile hands on the keyboard, sized by the caller.

The tests run these small; `benchmarks.faults` runs them large and prints the figures.
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

from sqlalchemy import func, select

from bot.models import Activity
from followthrough.live import LiveBot
from tests.e2e.harness import Bot
from tests.e2e.test_hostile_text import HOSTILE, LIVE, outgoing

# What to record, then two buttons of its card clicked at once (Need more info and Pass open
# a form first, so they are raced in the ledger's own tests).
PAIRS = [
    ("submit @dana Candidate", "Interested", "Interested"),
    ("call @dana within 1d", "I called back", "I called back"),
    ("call @dana within 1d", "I called back", "I emailed back"),
    ("submit @dana Candidate", "Interested", "Snooze 1 day"),
    ("call @dana within 1d", "Done", "Snooze 1 day"),
    ("submit @dana Candidate", "Snooze 1 day", "Snooze 1 day"),
]


def double_clicks(bot: Bot, *, pairs: int) -> dict[str, Any]:
    """Two buttons of one card clicked at the same instant: each pair must change it once."""
    for n in range(pairs):
        bot.command("U0ERIN", f"{PAIRS[n % len(PAIRS)][0]} {_letters(n)}")
    cards = [m for m in bot.slack.dms_to("U0DANA") if m.buttons]
    for n, card in enumerate(cards[:pairs]):
        labels = PAIRS[n % len(PAIRS)][1:]
        bodies = [bot.click_body("U0DANA", card, label) for label in labels]
        start = threading.Barrier(2)

        def click(body: bytes, start: threading.Barrier = start) -> None:
            start.wait()
            bot.driver.post_raw(body, "application/x-www-form-urlencoded")

        with ThreadPoolExecutor(2) as pool:
            list(pool.map(click, bodies))
    bot.settle(timeout=120)
    with bot.session() as session:
        changes = dict(
            session.execute(
                select(Activity.follow_up_id, func.count())
                .where(Activity.action != "opened", Activity.follow_up_id.is_not(None))
                .where(Activity.follow_up_id <= pairs)
                .group_by(Activity.follow_up_id)
            ).all()
        )
    outcomes = [changes.get(ref, 0) for ref in range(1, pairs + 1)]
    return {
        "pairs": pairs,
        "one_outcome": sum(n == 1 for n in outcomes),
        "two_outcomes": sum(n == 2 for n in outcomes),  # only a snooze, then something else
        "none": sum(n == 0 for n in outcomes),
    }


def _letters(n: int) -> str:
    """A tag for the n-th item that no name or window reads as a number: A … Z, BA …"""
    tag = ""
    while True:
        n, digit = divmod(n, 26)
        tag = chr(ord("A") + digit) + tag
        if not n:
            return tag


def hostile_inputs(bot: LiveBot, *, rounds: int) -> dict[str, Any]:
    """Every hostile string typed into commands, forms and profiles: live markup delivered."""
    typed = 0
    for n in range(rounds):
        hostile = HOSTILE[n % len(HOSTILE)]
        bot.command("U0DANA", f"job {hostile} client {hostile}")
        bot.command("U0ERIN", f"submit @dana {hostile} within 4h {hostile}")
        bot.command("U0ERIN", "submit")
        bot.submit(
            "U0ERIN",
            {
                "partner": {"value": "U0DANA"},
                "candidate": {"value": hostile},
                "note": {"value": hostile},
            },
        )
        bot.command("U0SAM", f"call @erin {hostile}")
        bot.command("U0SAM", f"profile specializations {hostile}")
        typed += 6
    bot.command("U0ERIN", "list")
    bot.command("U0ERIN", "partners channel")
    texts = outgoing(bot)  # type: ignore[arg-type]
    live = [found.group(0) for text in texts for found in LIVE.finditer(text)]
    return {"typed": typed, "messages_checked": len(texts), "live_markup_delivered": len(live)}


def first_time_users(bot: LiveBot, *, users: int) -> dict[str, Any]:
    """`users` people never seen before send their first command at the same instant."""
    people = [f"U{1_000_000 + n}" for n in range(users)]
    start = threading.Barrier(users)

    def first(user: str) -> int:
        start.wait()
        return bot.driver.slash_command(user, "/followthrough", "list").status

    with ThreadPoolExecutor(users) as pool:
        statuses = list(pool.map(first, people))
    bot.settle(timeout=120)
    answers = [bot.said_to(user) for user in people]
    wrong = [a for a in answers if "database" in a or "went wrong" in a]
    return {
        "users": users,
        "acknowledged": statuses.count(200),
        "answered": sum("caught up" in a for a in answers),
        "wrong_database_replies": len(wrong),
    }


BAD_BODIES = [
    (b"payload=not-json", "application/x-www-form-urlencoded"),
    (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
    (b"[1, 2]", "application/json"),
    (b"{broken", "application/json"),
    (b"\xff\xfe\x00\x01", "application/octet-stream"),
    (b"command=", "application/x-www-form-urlencoded"),
    (json.dumps({"type": "event_callback", "event": None}).encode(), "application/json"),
    (json.dumps({"type": "block_actions", "team": None}).encode(), "application/json"),
]


@contextmanager
def logged() -> Iterator[io.StringIO]:
    """Everything logged while the block runs, as text."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield out
    finally:
        root.removeHandler(handler)


def malformed_bodies(bot: LiveBot, *, rounds: int) -> dict[str, Any]:
    """Unsigned, signed-but-broken and truncated bodies: refused with 4xx, no traceback."""
    statuses: dict[int, int] = {}
    with logged() as out:
        for n in range(rounds):
            body, content_type = BAD_BODIES[n % len(BAD_BODIES)]
            status = bot.driver.post_raw(body, content_type).status
            statuses[status] = statuses.get(status, 0) + 1
        bot.settle()
    text = out.getvalue()
    return {
        "requests": rounds,
        "statuses": dict(sorted(statuses.items())),
        "server_errors": sum(v for k, v in statuses.items() if k >= 500),
        "tracebacks": len(re.findall("Traceback", text)),
    }
