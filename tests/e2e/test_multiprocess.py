"""Several `followthrough sweep` processes on one PostgreSQL: every follow-up nudged once."""

from __future__ import annotations

import collections
import os
import subprocess
import sysconfig
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.models import Nudge
from sandbox import RateLimitConfig, SlackStandIn, crowd_seed
from tests.bulk import seed_crowd
from tests.databases import PostgresDatabase, require_postgres

pytestmark = pytest.mark.postgres

AT = datetime(2026, 11, 19, 10, 31, tzinfo=UTC)  # Thursday morning in London
DEBTORS, PER_DEBTOR = 400, 5


@pytest.fixture
def postgres() -> Iterator[PostgresDatabase]:
    require_postgres()
    database = PostgresDatabase()
    yield database
    database.drop()


def test_three_sweeping_processes_nudge_every_follow_up_exactly_once(
    postgres: PostgresDatabase,
) -> None:
    script = str(Path(sysconfig.get_path("scripts")) / "followthrough")
    with SlackStandIn(crowd_seed(DEBTORS), rate_limits=RateLimitConfig.unlimited()) as slack:
        total = DEBTORS * PER_DEBTOR
        seed_crowd(postgres.engine, DEBTORS, open_count=total, due_count=total, now=AT)
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FOLLOWTHROUGH_"))
        }
        env.update(
            SLACK_BOT_TOKEN=slack.token(),
            SLACK_API_URL=slack.api_url,
            FOLLOWTHROUGH_DATABASE_URL=postgres.url,
            FOLLOWTHROUGH_PACING="off",  # the stand-in enforces no limits here
        )
        sweeps = [
            subprocess.Popen(
                [script, "sweep", "--at", AT.isoformat()],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        outputs = [process.communicate(timeout=300) for process in sweeps]
        assert [process.returncode for process in sweeps] == [0, 0, 0], outputs

        posted = [
            call
            for call in slack.calls("chat.postMessage")
            if call.args["metadata"]["event_payload"]["kind"] == "reminder"
        ]
        seen = collections.Counter(
            follow_up
            for call in posted
            for follow_up in call.args["metadata"]["event_payload"]["follow_ups"]
        )
    with postgres.engine.connect() as connection:
        nudges = connection.execute(
            select(Nudge.follow_up_id, func.count()).group_by(Nudge.follow_up_id)
        ).all()
    assert len(nudges) == total
    assert {count for _id, count in nudges} == {1}
    assert len(seen) == total
    assert set(seen.values()) == {1}, "a follow-up was in two DMs"
    per_process = [out.count("nudge for") for out, _err in outputs]
    assert sum(per_process) == len(posted) == DEBTORS  # one DM per debtor
    print(f"\n{total} follow-ups, {len(posted)} DMs, lines per process {per_process}")
