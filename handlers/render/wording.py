"""The core's Wording port, in Block Kit: every message the core decides to send."""

from __future__ import annotations

from datetime import date, datetime

from bot.ledger import Page, Scorecard
from bot.models import Conversation, FollowUp, JobOrder, Member, Placement, Submission
from bot.outbox import Message
from handlers.render import (
    calls,
    cards,
    emails,
    interviews,
    jobs,
    network,
    nudges,
    placements,
    terms,
)
from handlers.render.escape import shown
from handlers.render.words import mention, zoned

APOLOGY = (
    "Something went wrong on Followthrough's side and it has been logged; nothing was "
    "changed. Please try again, or check with `/followthrough list`."
)


class SlackWording:
    """Words and blocks for cards, notices, reminders, lapse notices, digests and refusals."""

    def card(self, follow_up: FollowUp, now: datetime) -> Message:
        return Message(*cards.debtor_card(follow_up, now))

    def closed_card(self, follow_up: FollowUp, reader: Member) -> Message:
        return Message(*cards.closed_card(follow_up, reader))

    def outcome_notice(self, follow_up: FollowUp, actor: Member | None, reader: Member) -> Message:
        return Message(cards.outcome_notice(follow_up, actor, reader))

    def heard_notice(self, follow_ups: list[FollowUp], actor: Member, reader: Member) -> Message:
        return Message(cards.heard_notice(follow_ups, actor))

    def reply_relayed(self, follow_up: FollowUp, replier: Member, words: str) -> Message:
        return Message(cards.reply_relayed(follow_up, replier, words))

    def snoozed_notice(self, follow_up: FollowUp, actor: Member, reader: Member) -> Message:
        return Message(cards.snoozed_notice(follow_up, actor, reader))

    def call_notice(self, follow_up: FollowUp, reader: Member) -> Message:
        return calls.call_notice_card(follow_up, reader)

    def reopened_notice(
        self, follow_up: FollowUp, actor: Member, reader: Member, evidence: str = "call"
    ) -> Message:
        return Message(calls.reopened_notice(follow_up, actor, evidence))

    def email_notice(self, follow_up: FollowUp, reader: Member) -> Message:
        return emails.email_notice_card(follow_up, reader)

    def vacation_from_email(self, member: Member, back_on: date) -> Message:
        return Message(emails.vacation_from_email(member, back_on))

    def interview_notice(self, feedback: FollowUp, reader: Member) -> Message:
        return Message(interviews.interview_notice(feedback, reader))

    def offer_notice(self, report: FollowUp, actor: Member, reader: Member) -> Message:
        return Message(placements.offer_notice(report, actor, reader))

    def placed_notice(self, placement: Placement, reader: Member) -> Message:
        return Message(placements.placed_notice(placement, reader))

    def paid_notice(self, owed: FollowUp, reader: Member) -> Message:
        return placements.paid_notice(owed, reader)

    def falloff_notice(
        self, placement: Placement, actor: Member, owed: FollowUp | None, reader: Member
    ) -> Message:
        return Message(placements.falloff_notice(placement, actor, owed, reader))

    def guarantee_note(self, placement: Placement, reader: Member) -> Message:
        return Message(placements.guarantee_note(placement, reader))

    def duplicate_notice(
        self, submission: Submission, first: Submission, reader: Member
    ) -> Message:
        return Message(terms.duplicate_words(submission, first, reader))

    def logged_notice(
        self, conversation: Conversation, follow_up: FollowUp | None, reader: Member
    ) -> Message:
        kind = conversation.kind.value
        caller = mention(conversation.caller)
        if follow_up is None:
            return Message(f"{caller} logged a {kind} with you. Nothing is owed.")
        return Message(
            f"{caller} logged a {kind} with you. {follow_up.ref} · they owe you: "
            f"*{shown(follow_up.what)}*, due {zoned(follow_up.due_at, reader)}."
        )

    def reminder(
        self,
        debtor: Member,
        follow_ups: list[FollowUp],
        numbers: list[int],
        max_nudges: int,
        now: datetime,
    ) -> Message:
        return Message(*nudges.reminder(debtor, follow_ups, numbers, max_nudges, now))

    def lapse_notice(self, creditor: Member, follow_ups: list[FollowUp], reminders: int) -> Message:
        return Message(*nudges.lapse_notice(creditor, follow_ups, reminders))

    def away_notice(
        self, creditor: Member, debtor: Member, follow_ups: list[FollowUp], back: datetime
    ) -> Message:
        return Message(nudges.away_notice(creditor, debtor, follow_ups, back))

    def digest(
        self,
        member: Member,
        owed: Page,
        owed_to_me: Page,
        card: Scorecard,
        now: datetime,
    ) -> Message:
        return Message(*nudges.digest(member, owed, owed_to_me, card, now))

    def partner_not_installed(
        self, follow_up: FollowUp, firm: str, channel: str | None, install_url: str | None
    ) -> Message:
        return Message(network.not_installed(follow_up, firm, channel, install_url))

    def job_card(
        self, job: JobOrder, *, closed_by: Member | None = None, note: str | None = None
    ) -> Message:
        return Message(*jobs.job_card(job, closed_by=closed_by, note=note))

    def refusal(self, text: str) -> Message:
        return Message(shown(text))

    def apology(self) -> Message:
        return Message(APOLOGY)
