"""The port through which the core has its messages worded (implemented by the Slack layer)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from bot.ledger.queries import Page
from bot.ledger.stats import Scorecard
from bot.models import Conversation, FollowUp, JobOrder, Member, Placement, Submission
from bot.outbox.message import Message


class Wording(Protocol):
    """Every message the core decides to send, worded for its reader."""

    def card(self, follow_up: FollowUp, now: datetime) -> Message:
        """Tell the debtor what they owe, with one-click answers."""
        ...

    def closed_card(self, follow_up: FollowUp, reader: Member) -> Message:
        """The same card once the follow-up is closed: the outcome instead of buttons."""
        ...

    def outcome_notice(self, follow_up: FollowUp, actor: Member | None, reader: Member) -> Message:
        """Tell a party what happened to a follow-up."""
        ...

    def heard_notice(self, follow_ups: list[FollowUp], actor: Member, reader: Member) -> Message:
        """The creditor heard back about these: one line for the debtor."""
        ...

    def reply_relayed(self, follow_up: FollowUp, replier: Member, words: str) -> Message:
        """The importer's own words about a submission, for the exporter waiting on it."""
        ...

    def snoozed_notice(self, follow_up: FollowUp, actor: Member, reader: Member) -> Message:
        """Tell a party that a follow-up got more time."""
        ...

    def call_notice(self, follow_up: FollowUp, reader: Member) -> Message:
        """Tell a party a phone system's call closed a follow-up, and how to undo that."""
        ...

    def reopened_notice(
        self, follow_up: FollowUp, actor: Member, reader: Member, evidence: str = "call"
    ) -> Message:
        """Tell a party that a follow-up closed by a call (or an email) is open again."""
        ...

    def email_notice(self, follow_up: FollowUp, reader: Member) -> Message:
        """Tell a party an email an inbound-email service saw closed a follow-up, and the undo."""
        ...

    def vacation_from_email(self, member: Member, back_on: date) -> Message:
        """Tell a member their out-of-office reply set their vacation, and how to undo it."""
        ...

    def interview_notice(self, feedback: FollowUp, reader: Member) -> Message:
        """Tell the exporter an interview of their candidate is set, and when feedback is due."""
        ...

    def offer_notice(self, report: FollowUp, actor: Member, reader: Member) -> Message:
        """Tell the exporter the candidate accepted the offer, and when the report is due."""
        ...

    def placed_notice(self, placement: Placement, reader: Member) -> Message:
        """Tell the exporter a placement was reported: its ref, start date, fee and share."""
        ...

    def paid_notice(self, owed: FollowUp, reader: Member) -> Message:
        """Tell the exporter the client paid and their share is due, with a Received button."""
        ...

    def falloff_notice(
        self, placement: Placement, actor: Member, owed: FollowUp | None, reader: Member
    ) -> Message:
        """Tell a partner a placement fell off, and what the guarantee now asks."""
        ...

    def guarantee_note(self, placement: Placement, reader: Member) -> Message:
        """A week before a placement's guarantee ends, tell each partner."""
        ...

    def duplicate_notice(
        self, submission: Submission, first: Submission, reader: Member
    ) -> Message:
        """Tell a party a candidate was submitted for the same client before, by whom, when."""
        ...

    def logged_notice(
        self, conversation: Conversation, follow_up: FollowUp | None, reader: Member
    ) -> Message:
        """Tell the partner that a conversation with them was logged (and who owes what)."""
        ...

    def reminder(
        self,
        debtor: Member,
        follow_ups: list[FollowUp],
        numbers: list[int],
        max_nudges: int,
        now: datetime,
    ) -> Message:
        """One nudge batching everything overdue that a debtor owes."""
        ...

    def lapse_notice(self, creditor: Member, follow_ups: list[FollowUp], reminders: int) -> Message:
        """Tell the waiting partner that nudging stopped without an answer."""
        ...

    def away_notice(
        self, creditor: Member, debtor: Member, follow_ups: list[FollowUp], back: datetime
    ) -> Message:
        """Tell the waiting partner, once a spell, that the debtor is away and reminders wait."""
        ...

    def digest(
        self,
        member: Member,
        owed: Page,
        owed_to_me: Page,
        card: Scorecard,
        now: datetime,
    ) -> Message:
        """The weekly digest: what they owe, what is owed to them, their scorecard."""
        ...

    def job_card(
        self, job: JobOrder, *, closed_by: Member | None = None, note: str | None = None
    ) -> Message:
        """A job order as the job channel shows it: open with a Submit button, or closed."""
        ...

    def partner_not_installed(
        self, follow_up: FollowUp, firm: str, channel: str | None, install_url: str | None
    ) -> Message:
        """The debtor's firm has no install: where they are reminded instead, and how to fix it."""
        ...

    def refusal(self, text: str) -> Message:
        """A one-line fix-it answer to a request that could not be carried out."""
        ...

    def apology(self) -> Message:
        """Something broke on our side; the person is told it was logged."""
        ...
