"""One round of a sweep, set-based: a few statements for any number of due follow-ups.

Claim whole debtors; read only what deciding and wording need; decide once per distinct
business calendar; then hold, count and lapse with one statement each and write every outbox
row and every reminder record with one executemany. All of it is one transaction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Row, insert, select, update
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.ledger.away import is_away
from bot.ledger.scope import Scope
from bot.ledger.time_off import calendar_for
from bot.models import (
    Activity,
    Conversation,
    Delivery,
    FollowUp,
    FollowUpState,
    JobOrder,
    Member,
    MessageKind,
    MessagePurpose,
    MessageState,
    Nudge,
    NudgeKind,
    OutboxMessage,
    Resolution,
    Submission,
    Workspace,
)
from bot.nudging.away import hold_while_away
from bot.nudging.claims import as_read, claim_debtors
from bot.nudging.policy import NudgePolicy, policy_for
from bot.nudging.shown import as_follow_up
from bot.nudging.threads import in_thread, places_of, route, wait_for_install
from bot.outbox import Message, Place, Reach, Wording
from bot.windows import BusinessCalendar
from bot.windows.zones import local_date

DUE_COLUMNS = (
    FollowUp.id,
    FollowUp.team_id,
    FollowUp.version,
    FollowUp.kind,
    FollowUp.what,
    FollowUp.created_at,
    FollowUp.due_at,
    FollowUp.nudge_count,
    FollowUp.debtor_id,
    FollowUp.creditor_id,
    FollowUp.submission_id,
    FollowUp.job_order_id,
    FollowUp.conversation_id,
    FollowUp.channel,
    Submission.candidate,
    Submission.note.label("submission_note"),
    Submission.outcome_reason,
    JobOrder.title.label("job_title"),
    JobOrder.client.label("job_client"),
    Conversation.note.label("conversation_note"),
)


@dataclass
class Decided:
    """What one round decided, and the lines that say so."""

    lines: list[str] = field(default_factory=list)
    nudged: set[int] = field(default_factory=set)
    posted: bool = False


class Round:
    """One transaction of a sweep over the debtors it claims."""

    def __init__(
        self,
        session: Session,
        settings: Settings,
        wording: Wording,
        now: datetime,
        reach: Reach | None = None,
    ):
        self.session, self.settings, self.wording, self.now = session, settings, wording, now
        self.reach = reach or Reach()
        self.members: dict[int, Member] = {}
        self.workspaces: dict[str, Workspace | None] = {}
        self.openings: dict[BusinessCalendar, datetime | None] = {}  # None: working time now
        self.places: dict[int, Place] = {}

    def run(self, batch: int) -> Decided | None:
        """Claim up to `batch` debtors' due follow-ups and record what to send."""
        debtors = claim_debtors(self.session, now=self.now, batch=batch)
        if not debtors:
            return None
        rows = self._due(debtors)
        self._load_members({r.debtor_id for r in rows} | {r.creditor_id for r in rows})
        self._load_workspaces({r.team_id for r in rows})
        self.places = places_of(self, rows)  # for parties whose firm has no install
        done = Decided()
        holds: dict[datetime, list[Row[Any]]] = defaultdict(list)
        # One reminder per debtor, or per thread for a debtor whose firm has no install.
        reminders: dict[tuple[int, Place | None], list[Row[Any]]] = defaultdict(list)
        unreachable: list[Row[Any]] = []
        lapses: list[Row[Any]] = []
        away: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in rows:
            debtor = self.members[row.debtor_id]
            if is_away(debtor, self.now):
                away[row.debtor_id].append(row)  # nothing is reminded or lapses while away
                continue
            capped = row.nudge_count >= self.policy(row.team_id, debtor).max_nudges
            if capped and not self.on_vacation(debtor):
                lapses.append(row)
                continue
            opening = self.opening(debtor)
            if opening is None:
                where = route(self, row, debtor)
                if where is False:
                    unreachable.append(row)
                else:
                    reminders[(row.debtor_id, where)].append(row)
            else:  # nobody hears from the bot outside their own working time
                holds[opening].append(row)
        done.lines += self._hold(holds)
        done.lines += wait_for_install(self, unreachable)
        outbox: list[dict[str, Any]] = []
        nudges: list[dict[str, Any]] = []
        done.lines += hold_while_away(self, away, outbox, nudges)
        counted = self._count([r for owed in reminders.values() for r in owed])
        for (_debtor, place), owed in reminders.items():
            kept = [r for r in owed if r.id in counted]
            if kept:
                done.lines.append(self._remind(kept, outbox, nudges, place))
                done.nudged.add(kept[0].debtor_id)
        done.lines += self._lapse(lapses, outbox, nudges)
        self._write(outbox, nudges)
        done.posted = bool(outbox)
        return done

    def policy(self, team_id: str, debtor: Member) -> NudgePolicy:
        """The nudge policy for what this debtor owes."""
        if team_id not in self.workspaces:
            self.workspaces[team_id] = self.session.get(Workspace, team_id)
        return policy_for(self.settings, self.workspaces[team_id], debtor)

    def opening(self, member: Member) -> datetime | None:
        """None inside the member's working time, else when it next opens (once per calendar)."""
        calendar = self.calendar(member)
        if calendar not in self.openings:
            working = calendar.is_working_time(self.now)
            self.openings[calendar] = None if working else calendar.next_working_instant(self.now)
        return self.openings[calendar]

    def calendar(self, member: Member) -> BusinessCalendar:
        """A member's business calendar."""
        return calendar_for(Scope(self.session, member.team_id, self.now, self.settings), member)

    def on_vacation(self, member: Member) -> bool:
        """True on a day of the member's vacation: what they owe waits, even its lapse."""
        calendar = self.calendar(member)
        return calendar.on_vacation(local_date(self.now, calendar.tz))

    def _due(self, debtors: list[int]) -> list[Row[Any]]:
        return list(
            self.session.execute(
                select(*DUE_COLUMNS)
                .outerjoin(Submission, Submission.id == FollowUp.submission_id)
                .outerjoin(JobOrder, JobOrder.id == FollowUp.job_order_id)
                .outerjoin(Conversation, Conversation.id == FollowUp.conversation_id)
                .where(FollowUp.debtor_id.in_(debtors), FollowUp.state == FollowUpState.OPEN)
                .where(FollowUp.next_nudge_at <= self.now)
                .order_by(FollowUp.due_at, FollowUp.id)
            )
        )

    def _load_members(self, ids: set[int]) -> None:
        for member in self.session.scalars(select(Member).where(Member.id.in_(ids))):
            self.members[member.id] = member

    def _load_workspaces(self, team_ids: set[str]) -> None:
        """Every workspace of the round in one query (policy() reads them per follow-up)."""
        missing = team_ids - self.workspaces.keys()
        self.workspaces.update(dict.fromkeys(missing))  # one that was never recorded: None
        found = self.session.scalars(select(Workspace).where(Workspace.team_id.in_(missing)))
        self.workspaces.update((workspace.team_id, workspace) for workspace in found)

    def _hold(self, holds: dict[datetime, list[Row[Any]]]) -> list[str]:
        lines = []
        for until, rows in holds.items():
            self.session.execute(
                update(FollowUp)
                .where(*as_read(rows))
                .where(FollowUp.state == FollowUpState.OPEN)
                .values(next_nudge_at=until)
                .execution_options(synchronize_session=False)
            )
            lines += [
                f"held F-{r.id} until {until:%Y-%m-%d %H:%M} UTC: "
                f"outside {self.members[r.debtor_id].name}'s working time"
                for r in rows
            ]
        return lines

    def _count(self, rows: list[Row[Any]]) -> set[int]:
        """One more reminder each, waiting for delivery, unless a person changed it meanwhile."""
        if not rows:
            return set()
        return set(
            self.session.scalars(
                update(FollowUp)
                .where(*as_read(rows))
                .where(FollowUp.state == FollowUpState.OPEN)
                .values(nudge_count=FollowUp.nudge_count + 1, next_nudge_at=None)
                .returning(FollowUp.id)
                .execution_options(synchronize_session=False)
            )
        )

    def _remind(
        self,
        rows: list[Row[Any]],
        outbox: list[dict[str, Any]],
        nudges: list[dict[str, Any]],
        place: Place | None = None,
    ) -> str:
        debtor = self.members[rows[0].debtor_id]
        numbers = [r.nudge_count + 1 for r in rows]
        cap = self.policy(rows[0].team_id, debtor).max_nudges
        message = self.wording.reminder(
            debtor, [self.shown(r) for r in rows], numbers, cap, self.now
        )
        about = [r.id for r in rows]
        key = self.post(outbox, debtor, message, MessageKind.REMINDER, about, place=place)
        nudges += [
            self.nudge(r, key, debtor, NudgeKind.NUDGE, n)
            for r, n in zip(rows, numbers, strict=True)
        ]
        refs = ", ".join(f"F-{r.id}" for r in rows)
        there = f" in the thread in {place.channel}" if place is not None else ""
        return (
            f"nudge for {debtor.name} ({debtor.slack_user_id}){there}: {refs}, "
            f"reminder {', '.join(str(n) for n in numbers)}"
        )

    def _lapse(
        self, rows: list[Row[Any]], outbox: list[dict[str, Any]], nudges: list[dict[str, Any]]
    ) -> list[str]:
        """Close what reached the cap (unless a person got in first) and tell each creditor once."""
        if not rows:
            return []
        closed = set(
            self.session.scalars(
                update(FollowUp)
                .where(*as_read(rows))
                .where(FollowUp.state == FollowUpState.OPEN)
                .values(
                    state=FollowUpState.LAPSED,
                    resolution=Resolution.LAPSED,
                    resolved_at=self.now,
                    resolved_by_id=None,
                    next_nudge_at=None,
                    version=FollowUp.version + 1,
                )
                .returning(FollowUp.id)
                .execution_options(synchronize_session=False)
            )
        )
        lapsed = [r for r in rows if r.id in closed]
        if not lapsed:
            return []
        self.session.execute(
            insert(Activity),
            [
                {
                    "team_id": r.team_id,
                    "at": self.now,
                    "actor_id": None,
                    "action": "lapsed",
                    "follow_up_id": r.id,
                    "detail": {"note": None},
                }
                for r in lapsed
            ],
        )
        by_creditor: dict[int, list[Row[Any]]] = defaultdict(list)
        for row in lapsed:
            by_creditor[row.creditor_id].append(row)
        return [self._tell_lapse(group, outbox, nudges) for group in by_creditor.values()]

    def _tell_lapse(
        self, rows: list[Row[Any]], outbox: list[dict[str, Any]], nudges: list[dict[str, Any]]
    ) -> str:
        creditor = self.members[rows[0].creditor_id]
        cap = self.policy(rows[0].team_id, self.members[rows[0].debtor_id]).max_nudges
        shown = [self.shown(r, lapsed=True) for r in rows]
        message = self.wording.lapse_notice(creditor, shown, cap)
        opening = self.opening(creditor)  # the waiting partner hears in their working time
        where = route(self, rows[0], creditor)
        place = where if isinstance(where, Place) else None
        key = self.post(
            outbox, creditor, message, MessageKind.LAPSE, None, not_before=opening, place=place
        )
        nudges += [self.nudge(r, key, creditor, NudgeKind.LAPSE, 0) for r in rows]
        wait = "" if opening is None else f", held until {opening:%Y-%m-%d %H:%M} UTC"
        refs = ", ".join(f"F-{r.id}" for r in rows)
        return f"lapsed {refs}: notice for {creditor.name} ({creditor.slack_user_id}){wait}"

    def shown(self, row: Row[Any], *, lapsed: bool = False) -> FollowUp:
        """A follow-up as wording reads it, built from the row (never added to the session)."""
        return as_follow_up(row, self.members, lapsed=lapsed)

    def post(
        self,
        outbox: list[dict[str, Any]],
        to: Member,
        message: Message,
        kind: MessageKind,
        about: list[int] | None,
        *,
        not_before: datetime | None = None,
        place: Place | None = None,
    ) -> str:
        key = uuid.uuid4().hex
        row: dict[str, Any] = {
            "team_id": to.team_id,
            "key": key,
            "kind": kind,
            "delivery": Delivery.POST,
            "channel": to.slack_user_id,
            "user_id": None,
            "thread_ts": None,
            "target_ts": None,
            "response_url": None,
            "recipient_id": to.id,
            "text": message.text,
            "blocks": message.blocks,
            "link_purpose": MessagePurpose.REMINDER if about else None,
            "link_follow_ups": about,
            "state": MessageState.PENDING,
            "attempts": 0,
            "not_before": not_before or self.now,
            "created_at": self.now,
        }
        if place is not None:
            in_thread(row, to, place)
        outbox.append(row)
        return key

    def nudge(
        self, row: Row[Any], key: str, to: Member, kind: NudgeKind, number: int
    ) -> dict[str, Any]:
        return {
            "team_id": row.team_id,
            "follow_up_id": row.id,
            "key": key,
            "recipient_id": to.id,
            "kind": kind,
            "number": number,
            # A reminder is about the follow-up as it stands (counting it changed no version);
            # a lapse notice about the lapsed one.
            "follow_up_version": row.version + (1 if kind is NudgeKind.LAPSE else 0),
            "created_at": self.now,
        }

    def _write(self, outbox: list[dict[str, Any]], nudges: list[dict[str, Any]]) -> None:
        """Every outbox row with one executemany, then every reminder record with another."""
        if not outbox:
            return
        self.session.execute(insert(OutboxMessage), outbox)
        keys = [row["key"] for row in outbox]
        ids = dict(
            self.session.execute(
                select(OutboxMessage.key, OutboxMessage.id).where(OutboxMessage.key.in_(keys))
            ).all()
        )
        for nudge in nudges:
            nudge["message_id"] = ids[nudge.pop("key")]
        if nudges:
            self.session.execute(insert(Nudge), nudges)
