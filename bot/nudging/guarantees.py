"""The sweep's note a week before a placement's guarantee ends: to both partners, once."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import MessageKind, Placement
from bot.outbox import Postbox, Wording
from bot.windows.zones import zone

NOTICE_DAYS = 7
OPENS = time(9)  # not before 09:00 in the importer's time: a note, not a midnight ping
BATCH = 200


def send_guarantee_notes(session: Session, wording: Wording, now: datetime) -> list[str]:
    """Tell both partners of each placement whose guarantee ends within the week (its
    importer's today), unless it fell off; compare-and-set, so each is told once."""
    horizon = (now + timedelta(days=NOTICE_DAYS + 1)).date()  # a day's slack for every zone
    ids = session.scalars(  # most sweeps find none: a narrow query before loading any
        select(Placement.id)
        .where(Placement.guarantee_until.is_not(None), Placement.guarantee_until <= horizon)
        .where(Placement.fell_off_at.is_(None), Placement.guarantee_noted_at.is_(None))
        .order_by(Placement.guarantee_until, Placement.id)
        .limit(BATCH)
    ).all()
    if not ids:
        return []
    due = session.scalars(
        select(Placement)
        .where(Placement.id.in_(ids))
        .order_by(Placement.guarantee_until, Placement.id)
    ).all()
    lines = []
    for placement in due:
        importer = placement.submission.importer
        local = now.astimezone(zone(importer.timezone))
        ends = placement.guarantee_until
        assert ends is not None
        if local.date() < ends - timedelta(days=NOTICE_DAYS) or local.time() < OPENS:
            continue
        won = session.execute(
            update(Placement)
            .where(Placement.id == placement.id, Placement.guarantee_noted_at.is_(None))
            .values(guarantee_noted_at=now)
            .returning(Placement.id)
            .execution_options(synchronize_session=False)
        ).first()
        if won is None:
            continue
        post = Postbox(session, placement.team_id, now)
        for party in (importer, placement.submission.exporter):
            post.dm(party, wording.guarantee_note(placement, party), MessageKind.NOTICE)
        lines.append(f"guarantee note for {placement.ref} (ends {ends.isoformat()})")
    return lines
