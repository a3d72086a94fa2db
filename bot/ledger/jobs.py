"""Job orders: found by ref or by their words, listed on the board, closed or filled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, func, or_, select, update

from bot.errors import AlreadyClosed, InvalidInput, NotAllowed, UnknownRef
from bot.ledger.activity import log_activity
from bot.ledger.members import admin_of, ensure_workspace, get_member
from bot.ledger.queries import Listing
from bot.ledger.scope import Scope, parse_job_ref
from bot.ledger.tidy import tidy
from bot.models import (
    Activity,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    JobOrder,
    JobOrderStatus,
    Member,
    Workspace,
)

BOARD_SIZE = 20  # job orders per board message: one block each, well inside Slack's 50
PICK_LIMIT = 100  # Slack shows at most 100 options in a menu
CHOICES_SHOWN = 5
RECENT = timedelta(minutes=2)
# Words people put around a title that no title needs ("for the Java role").
FILLER = frozenset({"the", "a", "an", "role", "job", "position", "opening", "vacancy"})
ANNOUNCED = "job_announced"  # activity whose detail names a job order and its outbox message
_WORD_EDGES = "\"'()[]{},.;:!?“”‘’"
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{2,30}$")


Board = Listing[JobOrder]
"""A page of the workspace's open job orders, newest first."""


@dataclass(frozen=True)
class JobClosed:
    """A job order just closed or filled, and what about it is still open."""

    job: JobOrder
    by: Member
    reason: str | None
    awaiting: list[FollowUp]  # submissions still waiting for the importer's answer
    other: list[FollowUp]  # any other open follow-up about the job


def get_job_order(scope: Scope, ref: str | int) -> JobOrder:
    """The job order with this ref in this workspace, or UnknownRef."""
    number = ref if isinstance(ref, int) else parse_job_ref(ref)
    job_order = scope.session.get(JobOrder, number)
    if job_order is None or job_order.team_id != scope.team_id:
        raise UnknownRef(f"There is no JO-{number} in this workspace; `job <title>` posts one.")
    return job_order


def require_open_job(
    scope: Scope,
    job: JobOrder,
    fix: str = "submit without `for …`, or pick an open one from `jobs`.",
) -> None:
    """A submission needs an open job order: a closed or filled one is refused with the fix."""
    if job.status is not JobOrderStatus.OPEN:
        raise InvalidInput(
            f"{job.ref} {tidy(job.title)} was {_closed_how(scope, job, None)}; {fix}"
        )


def job_by_words(scope: Scope, importer: Member, words: str) -> JobOrder:
    """The importer's one open job order whose title or client holds every word typed.

    None or several: InvalidInput listing the importer's candidates, so nothing is guessed.
    """
    wanted = _words(words)
    meaningful = [w for w in wanted if w not in FILLER] or wanted
    jobs = list(
        scope.session.scalars(
            select(JobOrder)
            .where(JobOrder.team_id == scope.team_id, JobOrder.importer_id == importer.id)
            .where(JobOrder.status == JobOrderStatus.OPEN)
            .order_by(JobOrder.id)
        )
    )
    found = [j for j in jobs if set(meaningful) <= set(_words(f"{j.title} {j.client or ''}"))]
    if len(found) == 1 and meaningful:
        return found[0]
    typed = tidy(words)[:60]
    if not jobs:
        raise InvalidInput(
            f"{importer.name} has no open job order; leave out `for {typed}`, "
            "or ask them to post it with `job <title>`."
        )
    choices = found if len(found) > 1 else jobs
    listed = " or ".join(_choice(job) for job in choices[:CHOICES_SHOWN])
    hidden = len(choices) - CHOICES_SHOWN
    more = f" (and {hidden} more in `jobs`)" if hidden > 0 else ""
    raise InvalidInput(f"Which job? {listed}{more} — or leave out `for …`.")


def board(
    scope: Scope, search: str | None = None, *, page: int = 1, size: int = BOARD_SIZE
) -> Board:
    """Open job orders of the workspace, newest first, narrowed to those matching every word."""
    where = [JobOrder.team_id == scope.team_id, JobOrder.status == JobOrderStatus.OPEN]
    where += [_mentions(word) for word in _words(search or "")]
    query = select(JobOrder).join(Member, Member.id == JobOrder.importer_id).where(*where)
    total = scope.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = scope.session.scalars(
        query.order_by(JobOrder.created_at.desc(), JobOrder.id.desc())
        .offset((page - 1) * size)
        .limit(size)
    )
    return Board(list(items), total, page, size)


def pick_jobs(
    scope: Scope, typed: str, *, importer_id: str | None = None, limit: int = PICK_LIMIT
) -> list[JobOrder]:
    """Open job orders for a menu: the importer's if one is chosen, matching what is typed."""
    where = [JobOrder.team_id == scope.team_id, JobOrder.status == JobOrderStatus.OPEN]
    if importer_id:
        where.append(Member.slack_user_id == importer_id)
    for word in _words(typed):
        number = re.fullmatch(r"(?:jo-?)?(\d{1,9})", word)
        named = _mentions(word, specializations=False)
        where.append(or_(named, JobOrder.id == int(number.group(1))) if number else named)
    query = (
        select(JobOrder)
        .join(Member, Member.id == JobOrder.importer_id)
        .where(*where)
        .order_by(JobOrder.created_at.desc(), JobOrder.id.desc())
        .limit(limit)
    )
    return list(scope.session.scalars(query))


def pick_problem(scope: Scope, ref: str, importer_id: str | None) -> str | None:
    """Why a job order picked in the submit form can't take this submission, or None."""
    try:
        job = get_job_order(scope, ref)
    except (InvalidInput, UnknownRef) as err:
        return str(err)
    if importer_id and job.importer.slack_user_id != importer_id:
        return f"{job.ref} is {job.importer.name}'s job order; choose it with its importer."
    try:
        require_open_job(scope, job, "choose an open job order.")
    except InvalidInput as err:
        return str(err)
    return None


def close_job_order(
    scope: Scope, *, actor_id: str, ref: str, status: JobOrderStatus, reason: str | None = None
) -> JobClosed:
    """The importer (or an admin) closes or fills a job order, once: `… WHERE status = 'open'`.

    Its open follow-ups stay open: answers are still owed on candidates already submitted.
    """
    actor = get_member(scope, actor_id)
    job = get_job_order(scope, ref)
    if actor.id != job.importer_id and not admin_of(actor, job.team_id):
        raise NotAllowed(
            f"{job.ref} is {job.importer.name}'s job order: only they or a workspace admin "
            "can close it."
        )
    won = scope.session.execute(
        update(JobOrder)
        .where(JobOrder.id == job.id, JobOrder.status == JobOrderStatus.OPEN)
        .values(status=status, closed_at=scope.now, closed_by_id=actor.id)
        .returning(JobOrder.id)
        .execution_options(synchronize_session=False)
    ).first()
    scope.session.refresh(job)
    if won is None:
        raise AlreadyClosed(f"{job.ref} was already {_closed_how(scope, job, actor)}.")
    note = tidy(reason) or None
    log_activity(scope, f"job_{status.value}", actor=actor, job_order=job.ref, reason=note)
    still = list(
        scope.session.scalars(
            select(FollowUp)
            .where(FollowUp.team_id == scope.team_id, FollowUp.job_order_id == job.id)
            .where(FollowUp.state == FollowUpState.OPEN)
            .order_by(FollowUp.id)
        )
    )
    awaiting = [f for f in still if f.kind is FollowUpKind.RESPOND]
    return JobClosed(job, actor, note, awaiting, [f for f in still if f not in awaiting])


def announced(scope: Scope, job: JobOrder) -> list[int]:
    """The outbox messages that announced this job order in a channel."""
    rows = scope.session.scalars(
        select(Activity.detail).where(
            Activity.team_id == scope.team_id,
            Activity.action == ANNOUNCED,
            Activity.detail["job_order"].as_string() == job.ref,
        )
    )
    return [int(detail["message"]) for detail in rows if "message" in detail]


def set_job_channel(scope: Scope, actor_id: str, channel: str | None) -> Workspace:
    """A workspace admin chooses the channel new job orders are announced in (None: none)."""
    actor = get_member(scope, actor_id)
    if not admin_of(actor, scope.team_id):
        raise NotAllowed("Only a workspace admin can choose the job channel.")
    if channel is not None and not _CHANNEL.match(channel):
        raise InvalidInput("Pick the channel from the # menu, e.g. `settings jobs-channel #jobs`.")
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    workspace.job_channel = channel
    log_activity(scope, "job_channel_set", actor=actor, channel=channel)
    return workspace


def _mentions(word: str, *, specializations: bool = True) -> ColumnElement[bool]:
    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    columns = [JobOrder.title, JobOrder.client, JobOrder.location]
    if specializations:
        columns.append(Member.specializations)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def _words(text: str) -> list[str]:
    return [w for w in (word.strip(_WORD_EDGES).lower() for word in text.split()) if w]


def _choice(job: JobOrder) -> str:
    client = f" ({tidy(job.client)})" if job.client else ""
    return f"`for {job.ref}` {tidy(job.title)[:60]}{client[:40]}"


def _closed_how(scope: Scope, job: JobOrder, reader: Member | None) -> str:
    """'filled by Dana a moment ago', as one reader sees who closed it and when."""
    how = job.status.value
    closer = scope.session.get(Member, job.closed_by_id) if job.closed_by_id else None
    if closer is None:
        who = ""
    elif reader is not None and closer.id == reader.id:
        who = " by you"
    else:
        who = f" by {closer.name}"
    closed_at = job.closed_at or scope.now
    when = "a moment ago" if scope.now - closed_at <= RECENT else "earlier"
    return f"{how}{who} {when}"
