"""Follow-ups: open one, and every way one changes (resolve, heard, snooze, cancel, lapse)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from bot.errors import InvalidInput, NotAllowed, UnknownRef
from bot.ledger import deal_rules, terms
from bot.ledger.activity import log_activity
from bot.ledger.changes import change, require_open, require_seen
from bot.ledger.members import admin_of, date_order_of, get_member
from bot.ledger.scope import Scope, parse_follow_up_ref
from bot.ledger.tidy import tidy
from bot.ledger.time_off import calendar_for
from bot.models import (
    Conversation,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    Interview,
    JobOrder,
    Member,
    Placement,
    Resolution,
    Submission,
)
from bot.windows import Window, parse_window

ANSWERS = frozenset({Resolution.INTERESTED, Resolution.NEED_MORE_INFO, Resolution.PASSED})
DEBTOR_ONLY = ANSWERS | {Resolution.CALLED_BACK, Resolution.EMAILED_BACK}
MAX_NOTE = 2000


@dataclass
class Resolved:
    """A follow-up that was closed, and any follow-ups the rules opened because of it."""

    follow_up: FollowUp
    opened: list[FollowUp] = field(default_factory=list)


def window_or_default(scope: Scope, text: str | None) -> Window:
    """Parse the agreed window (12/04 in the workspace's date order), or use the workspace
    default when none was given."""
    typed = text if text and text.strip() else scope.settings.default_window
    return parse_window(typed, date_order=date_order_of(scope))


def open_follow_up(
    scope: Scope,
    *,
    kind: FollowUpKind,
    debtor: Member,
    creditor: Member,
    created_by: Member,
    what: str,
    window: Window,
    submission: Submission | None = None,
    job_order: JobOrder | None = None,
    conversation: Conversation | None = None,
    interview: Interview | None = None,
    placement: Placement | None = None,
    start: datetime | None = None,
    recorded_in: tuple[str, str | None] | None = None,
) -> FollowUp:
    """Record that `debtor` owes `creditor` something, due by the window in the debtor's time
    counted from `start` (now unless it counts from something else, e.g. an interview).

    It belongs to the workspace (and channel) where it is recorded, unless `recorded_in` says
    otherwise (a follow-up a deal's answer opens stays where the deal was recorded).
    """
    due_at = window.due(start or scope.now, calendar_for(scope, debtor))
    team_id, channel = recorded_in or (scope.team_id, scope.channel)
    follow_up = FollowUp(
        team_id=team_id,
        channel=channel,
        kind=kind,
        debtor=debtor,
        creditor=creditor,
        what=what[:300],
        submission=submission,
        job_order=job_order,
        conversation=conversation,
        interview=interview,
        placement=placement,
        window=window.text,
        due_at=due_at,
        state=FollowUpState.OPEN,
        nudge_count=0,
        next_nudge_at=due_at,
        created_by_id=created_by.id,
        created_at=scope.now,
    )
    scope.session.add(follow_up)
    scope.session.flush()
    log_activity(scope, "opened", actor=created_by, follow_up=follow_up, window=window.text)
    return follow_up


def get_follow_up(scope: Scope, ref: str | int) -> FollowUp:
    """The follow-up with this ref, recorded in this workspace or owed by or to one of its
    members (a partner at another firm sees it from their own workspace); or UnknownRef."""
    number = ref if isinstance(ref, int) else parse_follow_up_ref(ref)
    follow_up = scope.session.get(FollowUp, number)
    if follow_up is None or not _seen_from(follow_up, scope.team_id):
        raise UnknownRef(f"There is no F-{number} in this workspace; `list` shows your refs.")
    return follow_up


def _seen_from(follow_up: FollowUp, team_id: str) -> bool:
    parties = (follow_up.debtor.team_id, follow_up.creditor.team_id)
    return follow_up.team_id == team_id or team_id in parties


def may_change(follow_up: FollowUp, actor: Member) -> bool:
    """A party, or an admin of the workspace where the follow-up was recorded."""
    if actor.id in {follow_up.debtor_id, follow_up.creditor_id}:
        return True
    return admin_of(actor, follow_up.team_id)


def resolve(
    scope: Scope,
    *,
    ref: str | int,
    actor_id: str,
    resolution: Resolution,
    note: str | None = None,
    seen: int | None = None,
) -> Resolved:
    """Close an open follow-up with an outcome, applying the partnership rules.

    `seen` is the version a button was shown at: if the follow-up changed since, nothing is done.
    """
    resolution = Resolution(resolution)
    if resolution in {Resolution.CANCELLED, Resolution.LAPSED}:
        raise InvalidInput("Use cancel to withdraw a follow-up.")
    follow_up, actor = _changeable(scope, ref, actor_id, seen)
    note = clean_note(note)
    _check_resolution(follow_up, actor, resolution, note)
    close_follow_up(scope, follow_up, actor, resolution, note)
    return Resolved(follow_up, _apply_rules(scope, follow_up, actor, resolution))


def owed_between(scope: Scope, *, debtor_id: str, creditor_id: str) -> list[FollowUp]:
    """What `debtor_id` still owes `creditor_id`, soonest due first (InvalidInput if nothing)."""
    creditor, debtor = get_member(scope, creditor_id), get_member(scope, debtor_id)
    owed = list(
        scope.session.scalars(
            select(FollowUp)
            .where(FollowUp.state == FollowUpState.OPEN)
            .where(FollowUp.debtor_id == debtor.id, FollowUp.creditor_id == creditor.id)
            # Hearing back from a partner is not their acceptance of terms in writing.
            .where(FollowUp.kind != FollowUpKind.ACCEPT_TERMS)
            .order_by(FollowUp.due_at, FollowUp.id)
        )
    )
    if not owed:
        raise InvalidInput(f"{debtor.name} owes you nothing open, so there is nothing to mark.")
    return owed


def heard(scope: Scope, *, actor_id: str, follow_ups: list[FollowUp]) -> list[FollowUp]:
    """The partner got back to me about these (each still open, owed to me): resolve them."""
    actor = get_member(scope, actor_id)
    for follow_up in follow_ups:
        if follow_up.creditor_id != actor.id:
            raise NotAllowed(
                f"Only {follow_up.creditor.name} can say they heard back on {follow_up.ref}."
            )
        close_follow_up(scope, follow_up, actor, Resolution.HEARD, None)
    return follow_ups


def snooze(
    scope: Scope, *, ref: str | int, actor_id: str, window: str, seen: int | None = None
) -> FollowUp:
    """Give the debtor more time, counted from the later of now and the current due time."""
    parsed = parse_window(window, date_order=date_order_of(scope))
    follow_up, actor = _changeable(scope, ref, actor_id, seen)

    def more_time() -> None:
        due = snoozed_due(scope, follow_up, parsed)
        if due <= follow_up.due_at:
            raise InvalidInput(
                f"{follow_up.ref} is already due later than that; snoozing gives more time, "
                f"e.g. `snooze {follow_up.ref} 1d`."
            )
        follow_up.due_at = follow_up.next_nudge_at = due
        follow_up.window = parsed.text
        log_activity(scope, "snoozed", actor=actor, follow_up=follow_up, window=parsed.text)

    change(scope, follow_up, actor, more_time)
    return follow_up


def snoozed_due(scope: Scope, follow_up: FollowUp, window: Window) -> datetime:
    """When a snooze by `window` makes a follow-up due (more time only if later than now's due)."""
    # "2d more" counts from the due time if that is still ahead; "by fri" means that Friday.
    start = max(scope.now, follow_up.due_at) if window.is_relative else scope.now
    return window.due(start, calendar_for(scope, follow_up.debtor))


def cancel(scope: Scope, *, ref: str | int, actor_id: str, reason: str | None = None) -> FollowUp:
    """Withdraw a follow-up that no longer matters."""
    follow_up, actor = _changeable(scope, ref, actor_id)
    close_follow_up(scope, follow_up, actor, Resolution.CANCELLED, clean_note(reason))
    if follow_up.kind is FollowUpKind.ACCEPT_TERMS:
        terms.withdraw_waiting(scope, follow_up)
    return follow_up


def lapse(scope: Scope, follow_up: FollowUp) -> FollowUp:
    """Stop nudging after the cap: the debtor did not respond (system action)."""
    require_open(scope, follow_up, None)
    close_follow_up(scope, follow_up, None, Resolution.LAPSED, None)
    if follow_up.kind is FollowUpKind.ACCEPT_TERMS:
        terms.withdraw_waiting(scope, follow_up)
    return follow_up


def _changeable(
    scope: Scope, ref: str | int, actor_id: str, seen: int | None = None
) -> tuple[FollowUp, Member]:
    follow_up = get_follow_up(scope, ref)
    actor = get_member(scope, actor_id)
    if not may_change(follow_up, actor):
        raise NotAllowed(
            f"Only {follow_up.debtor.name} or {follow_up.creditor.name} "
            f"(or a workspace admin) can change {follow_up.ref}."
        )
    require_open(scope, follow_up, actor)
    require_seen(scope, follow_up, actor, seen)
    return follow_up, actor


def _check_resolution(
    follow_up: FollowUp, actor: Member, resolution: Resolution, note: str | None
) -> None:
    if resolution in DEBTOR_ONLY and actor.id != follow_up.debtor_id:
        raise NotAllowed(f"Only {follow_up.debtor.name} can answer {follow_up.ref}.")
    deal_rules.check(follow_up, actor, resolution, note)
    if resolution is Resolution.HEARD and actor.id == follow_up.debtor_id:
        raise NotAllowed(
            f"Only {follow_up.creditor.name} can say they heard back on {follow_up.ref}."
        )
    if resolution in ANSWERS and follow_up.kind is not FollowUpKind.RESPOND:
        raise InvalidInput(
            f"{follow_up.ref} is not a submission awaiting an answer; mark it done instead."
        )
    if (
        follow_up.kind is FollowUpKind.RESPOND
        and actor.id == follow_up.debtor_id
        and resolution not in ANSWERS
    ):
        raise InvalidInput(
            f"{follow_up.ref} is a submission: answer it Interested, Need more info or Pass "
            f"(the buttons on its card or in `list`), so {follow_up.creditor.name} knows where "
            "it stands."
        )
    if resolution is Resolution.NEED_MORE_INFO and not note:
        raise InvalidInput("Say what you need to know, so the exporter can get it for you.")
    if resolution is Resolution.PASSED and not note:
        raise InvalidInput("Say why you pass, e.g. “salary too high”, so the exporter can adjust.")


def close_follow_up(
    scope: Scope, follow_up: FollowUp, actor: Member | None, how: Resolution, note: str | None
) -> None:
    """Move an open follow-up to its final state and log how it ended (compare-and-set)."""

    def close() -> None:
        follow_up.state = {
            Resolution.CANCELLED: FollowUpState.CANCELLED,
            Resolution.LAPSED: FollowUpState.LAPSED,
        }.get(how, FollowUpState.DONE)
        follow_up.resolution = how
        follow_up.resolution_note = note
        follow_up.resolved_at = scope.now
        follow_up.resolved_by_id = actor.id if actor else None
        follow_up.next_nudge_at = None
        log_activity(scope, how.value, actor=actor, follow_up=follow_up, note=note)

    change(scope, follow_up, actor, close)


def _apply_rules(
    scope: Scope, follow_up: FollowUp, actor: Member, resolution: Resolution
) -> list[FollowUp]:
    if follow_up.kind is FollowUpKind.PAY_SHARE and follow_up.placement is not None:
        follow_up.placement.received_at = scope.now
        return []
    submission = follow_up.submission
    if submission is None:
        return []
    if follow_up.kind is FollowUpKind.ACCEPT_TERMS:
        # The terms are agreed in writing: each submittal that waited on them goes to the
        # importer now, with the window the exporter gave it, counted from now.
        return [
            _follow_up_for(
                scope, waiting, FollowUpKind.RESPOND, waiting.exporter, follow_up, waiting.window
            )
            for waiting in terms.accept(scope, follow_up, actor)
        ]
    if resolution in ANSWERS:
        submission.outcome, submission.outcome_at = resolution, scope.now
        submission.outcome_reason = follow_up.resolution_note
    if resolution is Resolution.NEED_MORE_INFO:
        # Rule 3: the importer's question becomes the exporter's follow-up, in their words.
        asked = _follow_up_for(scope, submission, FollowUpKind.GET_INFO, actor, follow_up)
        asked.detail = follow_up.resolution_note
        return [asked]
    if follow_up.kind is FollowUpKind.GET_INFO and submission.outcome is Resolution.NEED_MORE_INFO:
        # The information arrived, so the importer owes an answer again; their new card
        # carries the question and the exporter's words.
        again = _follow_up_for(scope, submission, FollowUpKind.RESPOND, actor, follow_up)
        again.detail = follow_up.resolution_note
        return [again]
    return []


def _follow_up_for(
    scope: Scope,
    submission: Submission,
    kind: FollowUpKind,
    actor: Member,
    parent: FollowUp,
    window: str | None = None,
) -> FollowUp:
    exporter, importer = submission.exporter, submission.importer
    debtor, creditor = (
        (importer, exporter) if kind is FollowUpKind.RESPOND else (exporter, importer)
    )
    return open_follow_up(
        scope,
        kind=kind,
        debtor=debtor,
        creditor=creditor,
        created_by=actor,
        what=describe(kind, submission=submission, job_order=submission.job_order),
        window=window_or_default(scope, window),
        submission=submission,
        job_order=submission.job_order,
        recorded_in=(parent.team_id, parent.channel),  # the same deal, wherever answered
    )


def describe(
    kind: FollowUpKind, *, submission: Submission | None = None, job_order: JobOrder | None = None
) -> str:
    """The plain words for what is owed, e.g. “answer about Jane Doe for JO-12 Java Developer”."""
    job = f" for {job_order.ref} {job_order.title}" if job_order else ""
    candidate = submission.candidate if submission else "the candidate"
    return {
        FollowUpKind.RESPOND: f"answer about {candidate}{job}",
        FollowUpKind.GET_INFO: f"send the information asked for about {candidate}{job}",
        FollowUpKind.SEND_CANDIDATES: f"send candidates{job}",
        FollowUpKind.CALL_BACK: f"call back{job.replace(' for ', ' about ', 1)}",
        FollowUpKind.EMAIL_BACK: f"email back{job.replace(' for ', ' about ', 1)}",
        FollowUpKind.GET_BACK: f"get back{job.replace(' for ', ' about ', 1)}",
        FollowUpKind.ACCEPT_TERMS: f"accept the terms{job}",
        FollowUpKind.GIVE_FEEDBACK: f"feedback on {candidate} after the interview{job}",
        FollowUpKind.REPORT_PLACEMENT: (
            f"report the placement of {candidate}{job} (start date and fee)"
        ),
        FollowUpKind.PAY_SHARE: f"pay the share of the fee for {candidate}{job}",
        FollowUpKind.GUARANTEE: f"settle the guarantee for {candidate}{job}",
    }[kind]


def clip_note(text: str) -> str:
    """Someone's own words, kept whole up to the note limit (longer ones end with an ellipsis)."""
    text = tidy(text) or ""
    return text if len(text) <= MAX_NOTE else text[: MAX_NOTE - 1].rstrip() + "…"


def clean_note(note: str | None) -> str | None:
    """Collapse whitespace; empty means no note; refuse essays."""
    note = tidy(note)
    if not note:
        return None
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"Keep the note under {MAX_NOTE} characters.")
    return note
