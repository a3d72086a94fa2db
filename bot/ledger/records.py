"""Recording what happened: job orders, submissions and conversations."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import or_, select

from bot.errors import InvalidInput
from bot.ledger.activity import log_activity
from bot.ledger.followups import (
    clean_note,
    close_follow_up,
    describe,
    open_follow_up,
    window_or_default,
)
from bot.ledger.jobs import get_job_order, job_by_words, require_open_job
from bot.ledger.members import get_member
from bot.ledger.ownership import candidate_contact, candidate_key, first_submittal
from bot.ledger.scope import Scope
from bot.ledger.terms import (
    accepted_terms,
    awaiting_acceptance,
    check_terms,
    deal_defaults,
    has_terms,
)
from bot.ledger.tidy import tidy
from bot.models import (
    Conversation,
    ConversationKind,
    FollowUp,
    FollowUpKind,
    FollowUpState,
    JobOrder,
    JobOrderStatus,
    Member,
    Resolution,
    Submission,
)

MAX_NAME = 200
QUALIFY_FIRST_TIP = (
    "Tip: top partners call the importer to qualify the job first; "
    "log it next time with `call @partner about JO-…`."
)


class OwedBy(StrEnum):
    """Who owes the next move after a conversation."""

    PARTNER = "partner"
    CALLER = "caller"
    NOBODY = "nobody"


@dataclass
class SubmissionRecorded:
    """A new submission, the importer's follow-up, and what the rules did about it.

    Under terms the exporter has not accepted yet, `follow_up` is instead the exporter's own
    follow-up to accept them (`joined` when an earlier submittal already opened it).
    """

    submission: Submission
    follow_up: FollowUp
    fulfilled: list[FollowUp] = field(default_factory=list)
    tip: str | None = None
    joined: bool = False
    first: Submission | None = None  # an earlier submittal of the candidate, which owns them

    @property
    def awaits_terms(self) -> bool:
        """The importer is asked only once the exporter accepts the job order's terms."""
        return self.follow_up.kind is FollowUpKind.ACCEPT_TERMS


@dataclass
class ConversationRecorded:
    """A logged conversation and the follow-up it created, if anyone owes anything."""

    conversation: Conversation
    follow_up: FollowUp | None


def record_job_order(
    scope: Scope,
    *,
    importer_id: str,
    title: str,
    client: str | None = None,
    location: str | None = None,
    fee_percent: float | None = None,
    split_importer: int | None = None,
    guarantee_days: int | None = None,
    terms_note: str | None = None,
) -> JobOrder:
    """Post an importer's opening; the split is the importer's share of the fee, in percent.

    Terms it doesn't name are the workspace's defaults, written into the job order: the terms
    an exporter accepts are the ones posted, whatever the defaults become later.
    """
    importer = get_member(scope, importer_id)
    title = _required_text(title, "the job title", "job Senior Java Developer")
    if fee_percent is not None and not 0 < fee_percent <= 100:
        raise InvalidInput("The fee is a percentage between 0 and 100, e.g. `fee 25%`.")
    if split_importer is not None and not 0 < split_importer < 100:
        raise InvalidInput(
            "Write the split as whole percentages that add up to 100, yours first, "
            "e.g. `split 60/40`."
        )
    check_terms(None, None, guarantee_days)
    defaults = deal_defaults(scope)
    split_importer = split_importer if split_importer is not None else defaults.split_importer
    fee_percent = fee_percent if fee_percent is not None else defaults.fee_percent
    guarantee_days = guarantee_days if guarantee_days is not None else defaults.guarantee_days
    job_order = JobOrder(
        team_id=scope.team_id,
        importer=importer,
        title=title,
        client=_optional_text(client),
        location=_optional_text(location),
        fee_percent=fee_percent,
        split_importer=split_importer,
        guarantee_days=guarantee_days,
        terms_note=clean_note(terms_note),
        status=JobOrderStatus.OPEN,
        created_at=scope.now,
    )
    scope.session.add(job_order)
    scope.session.flush()
    log_activity(scope, "job_posted", actor=importer, job_order=job_order.ref, title=title)
    return job_order


def record_submission(
    scope: Scope,
    *,
    exporter_id: str,
    importer_id: str,
    candidate: str,
    job: str | int | None = None,
    window: str | None = None,
    note: str | None = None,
    job_title: str | None = None,
) -> SubmissionRecorded:
    """The exporter presents a candidate; the importer now owes a response.

    The job order is named by its ref, or by words of its title among the importer's open ones.
    A job order with split terms the exporter has not accepted holds the submittal: the
    exporter owes the acceptance first, and the importer's clock starts then.
    """
    exporter, importer = _two_parties(scope, exporter_id, importer_id, "submit a candidate to")
    candidate = _required_text(candidate, "the candidate's name", "submit @dana Jane Doe")
    job_order = get_job_order(scope, job) if job is not None else None
    if job_order is None and job_title:
        job_order = job_by_words(scope, importer, job_title)
    if job_order is not None and job_order.importer_id != importer.id:
        raise InvalidInput(
            f"{job_order.ref} is {job_order.importer.name}'s job order, not {importer.name}'s; "
            "submit to its importer."
        )
    if job_order is not None:
        require_open_job(scope, job_order)
    agreed = window_or_default(scope, window)
    submission = Submission(
        team_id=scope.team_id,
        exporter=exporter,
        importer=importer,
        job_order=job_order,
        candidate=candidate,
        note=clean_note(note),
        candidate_key=candidate_key(candidate),
        candidate_contact=candidate_contact(candidate, note),
        created_at=scope.now,
    )
    scope.session.add(submission)
    scope.session.flush()
    first = first_submittal(scope, submission)
    if first is not None:
        log_activity(scope, "duplicate", actor=exporter, submission=submission.id, first=first.id)
    tip = None if _have_talked(scope, exporter, importer, job_order) else QUALIFY_FIRST_TIP
    fulfilled = _fulfil_promised_candidates(scope, exporter, importer, job_order, candidate)
    if job_order is not None and has_terms(job_order):
        submission.terms = accepted_terms(scope, job_order, exporter)
        if submission.terms is None:
            submission.window = agreed.text
            pending = awaiting_acceptance(scope, job_order, exporter)
            joined = pending is not None
            if pending is None:
                pending = open_follow_up(
                    scope,
                    kind=FollowUpKind.ACCEPT_TERMS,
                    debtor=exporter,
                    creditor=importer,
                    created_by=exporter,
                    what=describe(FollowUpKind.ACCEPT_TERMS, job_order=job_order),
                    window=window_or_default(scope, None),
                    submission=submission,
                    job_order=job_order,
                )
            log_activity(scope, "submitted", actor=exporter, follow_up=pending, candidate=candidate)
            return SubmissionRecorded(submission, pending, fulfilled, tip, joined, first)
    follow_up = open_follow_up(
        scope,
        kind=FollowUpKind.RESPOND,
        debtor=importer,
        creditor=exporter,
        created_by=exporter,
        what=describe(FollowUpKind.RESPOND, submission=submission, job_order=job_order),
        window=agreed,
        submission=submission,
        job_order=job_order,
    )
    return SubmissionRecorded(submission, follow_up, fulfilled, tip, first=first)


def record_conversation(
    scope: Scope,
    *,
    caller_id: str,
    partner_id: str,
    kind: ConversationKind,
    job: str | int | None = None,
    note: str | None = None,
    owed_by: OwedBy = OwedBy.PARTNER,
    promise: FollowUpKind | None = None,
    window: str | None = None,
) -> ConversationRecorded:
    """Log a call, email or talk; whoever owes the next move gets a follow-up."""
    caller, partner = _two_parties(scope, caller_id, partner_id, "log a conversation with")
    job_order = get_job_order(scope, job) if job is not None else None
    agreed = window_or_default(scope, window) if owed_by is not OwedBy.NOBODY else None
    conversation = Conversation(
        team_id=scope.team_id,
        kind=kind,
        caller=caller,
        partner=partner,
        job_order=job_order,
        note=clean_note(note),
        created_at=scope.now,
    )
    scope.session.add(conversation)
    scope.session.flush()
    log_activity(scope, f"logged_{kind.value}", actor=caller, partner=partner.slack_user_id)
    if agreed is None:
        return ConversationRecorded(conversation, None)
    debtor, creditor = (partner, caller) if owed_by is OwedBy.PARTNER else (caller, partner)
    owed = promise or _reply_kind(kind)
    follow_up = open_follow_up(
        scope,
        kind=owed,
        debtor=debtor,
        creditor=creditor,
        created_by=caller,
        what=describe(owed, job_order=job_order),
        window=agreed,
        job_order=job_order,
        conversation=conversation,
    )
    return ConversationRecorded(conversation, follow_up)


def _reply_kind(kind: ConversationKind) -> FollowUpKind:
    return {
        ConversationKind.CALL: FollowUpKind.CALL_BACK,
        ConversationKind.EMAIL: FollowUpKind.EMAIL_BACK,
        ConversationKind.TALK: FollowUpKind.GET_BACK,
    }[kind]


def _two_parties(scope: Scope, actor_id: str, partner_id: str, verb: str) -> tuple[Member, Member]:
    actor, partner = get_member(scope, actor_id), get_member(scope, partner_id)
    if actor.id == partner.id:
        raise InvalidInput(f"You can't {verb} yourself; mention your partner with @name.")
    return actor, partner


def _have_talked(
    scope: Scope, exporter: Member, importer: Member, job_order: JobOrder | None
) -> bool:
    pair = or_(
        (Conversation.caller_id == exporter.id) & (Conversation.partner_id == importer.id),
        (Conversation.caller_id == importer.id) & (Conversation.partner_id == exporter.id),
    )
    query = select(Conversation.id).where(Conversation.team_id == scope.team_id, pair)
    if job_order is not None:
        query = query.where(Conversation.job_order_id == job_order.id)
    return scope.session.scalar(query.limit(1)) is not None


def _fulfil_promised_candidates(
    scope: Scope, exporter: Member, importer: Member, job_order: JobOrder | None, candidate: str
) -> list[FollowUp]:
    # Rule 2: submitting is how an exporter keeps a promise to send candidates.
    job_match = (
        FollowUp.job_order_id == job_order.id if job_order else FollowUp.job_order_id.is_(None)
    )
    ids = scope.session.scalars(
        select(FollowUp.id).where(
            FollowUp.team_id == scope.team_id,
            FollowUp.debtor_id == exporter.id,
            FollowUp.state == FollowUpState.OPEN,
            FollowUp.kind == FollowUpKind.SEND_CANDIDATES,
            FollowUp.creditor_id == importer.id,
            job_match,
        )
    ).all()
    promised = [f for f in (scope.session.get(FollowUp, i) for i in ids) if f is not None]
    for follow_up in promised:
        close_follow_up(scope, follow_up, exporter, Resolution.DONE, f"submitted {candidate}")
    return promised


def _required_text(value: str | None, what: str, example: str) -> str:
    cleaned = tidy(value)
    if not cleaned:
        raise InvalidInput(f"Give {what}, e.g. `{example}`.")
    if len(cleaned) > MAX_NAME:
        raise InvalidInput(f"Keep {what} under {MAX_NAME} characters.")
    return cleaned


def _optional_text(value: str | None) -> str | None:
    return tidy(value) or None
