"""Writing messages into the outbox, inside the transaction of the change they describe."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import (
    Delivery,
    Member,
    MessageKind,
    MessagePurpose,
    MessageState,
    OutboxMessage,
)
from bot.outbox.message import Message, ReplyTo


class Postbox:
    """The outbox as one unit of work sees it: whatever is put here is sent after the commit."""

    def __init__(self, session: Session, team_id: str, now: datetime) -> None:
        self.session, self.team_id, self.now = session, team_id, now
        self.posted: list[OutboxMessage] = []

    def dm(
        self,
        member: Member,
        message: Message,
        kind: MessageKind,
        *,
        link: tuple[MessagePurpose, Sequence[int]] | None = None,
        not_before: datetime | None = None,
        about_version: int | None = None,
    ) -> OutboxMessage:
        """A direct message from the bot to a member (to their user id: no conversations.open)."""
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

    def update(self, channel: str, ts: str, message: Message) -> OutboxMessage:
        """Replace a message the bot posted earlier (a card whose follow-up was answered)."""
        return self._put(MessageKind.CARD_UPDATE, Delivery.UPDATE, channel, message, target_ts=ts)

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
            select(OutboxMessage.sent_channel, OutboxMessage.sent_ts).where(
                OutboxMessage.id == message_id, OutboxMessage.state == MessageState.SENT
            )
        ).first()
        if sent is not None and sent.sent_channel and sent.sent_ts:
            self.update(sent.sent_channel, sent.sent_ts, message)

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
