"""Writing messages into the outbox, inside the transaction of the change they describe."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import (
    Delivery,
    FollowUp,
    Member,
    MessageKind,
    MessagePurpose,
    MessageState,
    OutboxMessage,
)
from bot.outbox.message import Message, ReplyTo
from bot.outbox.reach import Reach, addressed, place_of


class Postbox:
    """The outbox as one unit of work sees it: whatever is put here is sent after the commit."""

    def __init__(
        self, session: Session, team_id: str, now: datetime, reach: Reach | None = None
    ) -> None:
        self.session, self.team_id, self.now = session, team_id, now
        self.reach = reach or Reach()
        self.posted: list[OutboxMessage] = []

    def can_dm(self, member: Member) -> bool:
        """Whether the member's own firm has the app installed (a DM reaches them)."""
        return self.reach.installed(member.team_id)

    def dm(
        self,
        member: Member,
        message: Message,
        kind: MessageKind,
        *,
        link: tuple[MessagePurpose, Sequence[int]] | None = None,
        not_before: datetime | None = None,
        about_version: int | None = None,
        about: FollowUp | None = None,
    ) -> OutboxMessage | None:
        """A direct message from the bot to a member (to their user id: no conversations.open),
        through their own firm's install. A member whose firm has not installed the app is
        mentioned instead in the thread where `about` was recorded; None if there is none."""
        if not self.can_dm(member):
            return self._in_thread(member, message, kind, about, link, not_before, about_version)
        return self._put(
            kind,
            Delivery.POST,
            member.slack_user_id,
            message,
            team_id=member.team_id,
            recipient_id=member.id,
            link=link,
            not_before=not_before,
            about_version=about_version,
        )

    def _in_thread(
        self,
        member: Member,
        message: Message,
        kind: MessageKind,
        about: FollowUp | None,
        link: tuple[MessagePurpose, Sequence[int]] | None,
        not_before: datetime | None,
        about_version: int | None,
    ) -> OutboxMessage | None:
        place = place_of(self.session, about) if about is not None else None
        if place is None:
            return None
        text, blocks = addressed(member.slack_user_id, message.text, message.blocks)
        return self._put(
            kind,
            Delivery.POST,
            place.channel,
            Message(text, blocks),
            team_id=place.team_id,
            recipient_id=member.id,
            thread_ts=place.thread_ts,
            link=link,
            not_before=not_before,
            about_version=about_version,
        )

    def reply(self, to: ReplyTo, user_id: str, message: Message) -> OutboxMessage:
        """The answer to a request, seen only by the person who asked (unless `to.public`)."""
        if to.public:
            return self._put(
                MessageKind.REPLY, Delivery.POST, to.channel, message, thread_ts=to.thread_ts
            )
        if to.response_url:
            return self._put(
                MessageKind.REPLY,
                Delivery.RESPOND,
                to.channel,
                message,
                user_id=user_id,
                response_url=to.response_url,
                replace_original=to.replace,
            )
        if to.channel == user_id:
            return self._put(MessageKind.REPLY, Delivery.POST, user_id, message)
        return self._put(
            MessageKind.REPLY,
            Delivery.EPHEMERAL,
            to.channel,
            message,
            user_id=user_id,
            thread_ts=to.thread_ts,
        )

    def announce(self, channel: str, message: Message) -> OutboxMessage:
        """A message for everyone in a channel (a job order in the job channel)."""
        return self._put(MessageKind.JOB_ORDER, Delivery.POST, channel, message)

    def update(
        self, channel: str, ts: str, message: Message, *, team_id: str | None = None
    ) -> OutboxMessage:
        """Replace a message the bot posted earlier (a card whose follow-up was answered),
        through the install that posted it (`team_id`)."""
        return self._put(
            MessageKind.CARD_UPDATE,
            Delivery.UPDATE,
            channel,
            message,
            team_id=team_id,
            target_ts=ts,
        )

    def revise(self, message_id: int, message: Message) -> None:
        """Say a message of ours again: re-worded while it waits, updated in place once sent."""
        reworded = self.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == message_id, OutboxMessage.state == MessageState.PENDING)
            .values(text=message.text, blocks=message.blocks)
            .returning(OutboxMessage.id)
            .execution_options(synchronize_session=False)
        ).first()
        if reworded is not None:
            return
        sent = self.session.execute(
            select(OutboxMessage.sent_channel, OutboxMessage.sent_ts, OutboxMessage.team_id).where(
                OutboxMessage.id == message_id, OutboxMessage.state == MessageState.SENT
            )
        ).first()
        if sent is not None and sent.sent_channel and sent.sent_ts:
            self.update(sent.sent_channel, sent.sent_ts, message, team_id=sent.team_id)

    def _put(
        self,
        kind: MessageKind,
        delivery: Delivery,
        channel: str,
        message: Message,
        *,
        team_id: str | None = None,
        recipient_id: int | None = None,
        user_id: str | None = None,
        thread_ts: str | None = None,
        target_ts: str | None = None,
        response_url: str | None = None,
        replace_original: bool = False,
        link: tuple[MessagePurpose, Sequence[int]] | None = None,
        not_before: datetime | None = None,
        about_version: int | None = None,
    ) -> OutboxMessage:
        row = OutboxMessage(
            team_id=team_id or self.team_id,
            key=uuid.uuid4().hex,
            kind=kind,
            delivery=delivery,
            channel=channel,
            user_id=user_id,
            thread_ts=thread_ts,
            target_ts=target_ts,
            response_url=response_url,
            replace_original=replace_original,
            recipient_id=recipient_id,
            text=message.text,
            blocks=message.blocks,
            link_purpose=link[0] if link else None,
            link_follow_ups=list(link[1]) if link else None,
            about_version=about_version,
            state=MessageState.PENDING,
            attempts=0,
            not_before=max(not_before, self.now) if not_before else self.now,
            created_at=self.now,
        )
        self.session.add(row)
        self.posted.append(row)
        return row
