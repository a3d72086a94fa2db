"""Filling a ledger fast (bulk inserts) for load tests and benchmarks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select

from bot.models import FollowUp, FollowUpKind, FollowUpState, Member, Workspace

CHUNK = 10_000


def follow_up_row(
    debtor: int, creditor: int, *, due: datetime, created_at: datetime, team_id: str = "T0ACME"
) -> dict[str, Any]:
    """An open call-back follow-up, as a row to insert."""
    return {
        "team_id": team_id,
        "kind": FollowUpKind.CALL_BACK,
        "debtor_id": debtor,
        "creditor_id": creditor,
        "what": "call back",
        "window": "1d",
        "due_at": due,
        "state": FollowUpState.OPEN,
        "nudge_count": 0,
        "next_nudge_at": due,
        "created_by_id": creditor,
        "created_at": created_at,
    }


def seed_members(
    engine: Engine, team_id: str, people: Sequence[tuple[str, str, str]], now: datetime
) -> dict[str, int]:
    """Insert (user id, name, timezone) members (and their workspace); returns id by user id."""
    far = now + timedelta(days=3650)  # no weekly digests in load tests
    with engine.begin() as connection:
        if connection.execute(select(Workspace.team_id).filter_by(team_id=team_id)).first() is None:
            connection.execute(
                insert(Workspace).values(team_id=team_id, name="", active=True, created_at=now)
            )
        rows = [
            {
                "team_id": team_id,
                "slack_user_id": user_id,
                "name": name,
                "timezone": tz,
                "specializations": "",
                "is_admin": False,
                "next_digest_at": far,
                "created_at": now,
                "updated_at": now,
            }
            for user_id, name, tz in people
        ]
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(Member), rows[start : start + CHUNK])
        found = connection.execute(
            select(Member.slack_user_id, Member.id).where(Member.team_id == team_id)
        )
        return dict(found.all())


def seed_follow_ups(
    engine: Engine,
    team_id: str,
    *,
    debtors: Sequence[int],
    creditor: int,
    open_count: int,
    due_count: int,
    now: datetime,
) -> None:
    """`open_count` open follow-ups round-robin over debtors, the first `due_count` already due."""

    def row(n: int) -> dict[str, object]:
        due = now - timedelta(hours=1) if n < due_count else now + timedelta(days=30 + n % 300)
        return follow_up_row(
            debtors[n % len(debtors)],
            creditor,
            due=due,
            created_at=now - timedelta(days=2),
            team_id=team_id,
        )

    with engine.begin() as connection:
        for start in range(0, open_count, CHUNK):
            stop = min(start + CHUNK, open_count)
            connection.execute(insert(FollowUp), [row(n) for n in range(start, stop)])


def seed_crowd(
    engine: Engine, debtors: int, *, open_count: int, due_count: int, now: datetime
) -> None:
    """The stand-in's crowd (U1000000…, London) owing Erin `open_count` follow-ups, some due."""
    people = [(f"U{1_000_000 + n}", f"Partner {n}", "Europe/London") for n in range(debtors)]
    ids = seed_members(engine, "T0ACME", [*people, ("U0ERIN", "Erin", "UTC")], now)
    seed_follow_ups(
        engine,
        "T0ACME",
        debtors=[ids[user] for user, _name, _tz in people],
        creditor=ids["U0ERIN"],
        open_count=open_count,
        due_count=due_count,
        now=now,
    )
