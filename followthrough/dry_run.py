"""`followthrough sweep --at <a time still to come>`: what that sweep would send, sending nothing.

A sweep as of a future instant would post real DMs now and move real follow-ups on to that time,
so the live scheduler would go quiet until then. Unless `--commit` is given, the sweep's own
decisions are made in a transaction that is rolled back, and only printed.
"""

from __future__ import annotations

import sys
from datetime import datetime

from bot import db
from bot.clock import FrozenClock
from bot.config import Settings
from bot.nudging.sweep import Sweeper
from followthrough.checks import schema_problem
from handlers.render.wording import SlackWording


def plan_sweep(settings: Settings, at: datetime) -> int:
    """Print what a sweep as of `at` would send; change nothing and call no one."""
    engine = db.make_engine(settings.database_url)
    try:
        problem = schema_problem(engine)
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
        sweeper = Sweeper(
            db.make_session_factory(engine), settings, FrozenClock(at), SlackWording()
        )
        lines = sweeper.plan(at)
    finally:
        engine.dispose()
    print(
        f"Dry run as of {at:%Y-%m-%d %H:%M} UTC, which is still to come: nothing was sent or "
        "changed (add --commit to sweep for real)."
    )
    for line in lines or ["nothing would be due"]:
        print(f"would: {line}" if lines else line)
    return 0
