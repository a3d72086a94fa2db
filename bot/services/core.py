"""The core's unit of work: one transaction per request, which also records its messages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot import inbox
from bot.clock import Clock
from bot.config import Settings
from bot.db import URGENT
from bot.errors import LostClaim, TryLater, UserError
from bot.failures import is_outage
from bot.ledger import Scope, find_member
from bot.models import InboxState, Member
from bot.outbox import Message, Postbox, Reach, ReplyTo, Wording

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Origin:
    """Who asked, which recorded request this work completes, and where they see the answer."""

    team_id: str
    user_id: str | None = None
    request: inbox.Request | None = None
    reply: ReplyTo | None = None


@dataclass
class Unit:
    """One transaction: the ledger as of one instant, plus the messages it decides to send."""

    scope: Scope
    post: Postbox
    origin: Origin
    wording: Wording
    answered: bool = field(default=False)

    @property
    def session(self) -> Session:
        return self.scope.session

    def actor(self) -> Member | None:
        """The member who asked, if they are known."""
        if self.origin.user_id is None:
            return None
        return find_member(self.scope, self.origin.user_id)

    def answer(self, message: Message) -> None:
        """Tell the person who asked (only them, unless they asked in public)."""
        if self.origin.reply is None or self.origin.user_id is None:
            return
        self.post.reply(self.origin.reply, self.origin.user_id, message)
        self.answered = True


class Core:
    """The ledger's services as callers see them: each call is one transaction, begun here."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        settings: Settings,
        wording: Wording,
        *,
        reads: sessionmaker[Session] | None = None,
        posted: Callable[[], None] = lambda: None,
        reach: Reach | None = None,
    ) -> None:
        self.sessions, self.clock, self.settings, self.wording = sessions, clock, settings, wording
        self.reach = reach or Reach()  # which firms have the app: DMs, or a shared thread
        self.reads = reads or sessions
        self.posted = posted  # wakes the courier after a commit that put messages in the outbox
        self._finished: set[int] = set()  # requests closed by their own work (no settle needed)
        # (workspace, Slack user id) of members already met as members of that workspace: a
        # member is never deleted nor moved to another firm, so they need no look again.
        self.met: set[tuple[str, str]] = set()

    def run(self, origin: Origin, work: Callable[[Unit], T]) -> T | None:
        """Do `work` and complete the origin's request in one transaction.

        A user's mistake rolls it back and answers them with the fix; an outage raises TryLater
        (the request is kept); anything else is a bug: logged, the person told, never retried.
        """
        try:
            with self.sessions.begin() as session:
                unit = self._unit(session, origin)
                result = work(unit)
                self._finish(session, origin)
            self._finished_request(origin)
        except UserError as err:
            self._close(origin, self.wording.refusal(str(err)), InboxState.DONE, None)
            return None
        except LostClaim as err:
            log.warning("%s; leaving it to them", err)
            return None
        except SQLAlchemyError as err:
            if is_outage(err):
                raise TryLater(str(err).splitlines()[0]) from err
            self._bug(origin, err)
            return None
        except TryLater:
            raise
        except Exception as err:
            self._bug(origin, err)
            return None
        if unit.post.posted:
            self.posted()
        return result

    def refuse(self, origin: Origin, err: UserError) -> None:
        """A mistake found before any change: tell the person how to fix it, close the request."""
        self._close(origin, self.wording.refusal(str(err)), InboxState.DONE, None)

    def fail(self, origin: Origin, err: BaseException) -> None:
        """A bug found outside a unit of work: log it, tell the person, close the request."""
        self._bug(origin, err)

    def settle(self, origin: Origin) -> None:
        """Close the origin's request if its work did not (nothing in it changed the ledger)."""
        if origin.request is not None and origin.request.id in self._finished:
            self._finished.discard(origin.request.id)
        elif origin.request is not None:
            request = origin.request
            self.write(
                origin.team_id, lambda unit: inbox.settle(unit.session, request, now=unit.scope.now)
            )

    def answer(self, origin: Origin, message: Message) -> None:
        """Tell the person behind `origin` something, outside any recorded request."""
        self.write(origin.team_id, lambda unit: _answer(unit, origin, message))

    def write(self, team_id: str, work: Callable[[Unit], T], *, urgent: bool = False) -> T:
        """A change that completes no request of its own (first sight, a reinstall); `urgent`
        when someone waits on it (an acknowledgement), so it goes before background writes."""
        try:
            with self.sessions() as session, session.begin():
                if urgent:
                    session.connection(execution_options={URGENT: True})
                unit = self._unit(session, Origin(team_id))
                result = work(unit)
        except SQLAlchemyError as err:
            if is_outage(err):
                raise TryLater(str(err).splitlines()[0]) from err
            raise
        if unit.post.posted:
            self.posted()
        return result

    def read(self, team_id: str, work: Callable[[Scope], T]) -> T:
        """Answer a question from the ledger without changing it (outages raise TryLater)."""
        try:
            with self.reads.begin() as session:
                return work(Scope(session, team_id, self.clock.now(), self.settings))
        except SQLAlchemyError as err:
            if is_outage(err):
                raise TryLater(str(err).splitlines()[0]) from err
            raise

    def _finished_request(self, origin: Origin) -> None:
        if origin.request is not None:
            self._finished.add(origin.request.id)

    def _unit(self, session: Session, origin: Origin) -> Unit:
        now = self.clock.now()
        scope = Scope(session, origin.team_id, now, self.settings, _channel_of(origin))
        post = Postbox(session, origin.team_id, now, self.reach)
        return Unit(scope, post, origin, self.wording)

    def _finish(self, session: Session, origin: Origin) -> None:
        if origin.request is not None:
            inbox.finish(session, origin.request, now=self.clock.now())

    def _bug(self, origin: Origin, err: BaseException) -> None:
        request = origin.request.id if origin.request else "-"
        log.error("failed on request %s from %s: %r", request, origin.team_id, err, exc_info=err)
        self._close(origin, self.wording.apology(), InboxState.FAILED, repr(err)[:500])

    def _close(
        self, origin: Origin, message: Message, state: InboxState, error: str | None
    ) -> None:
        """Answer the person and close their request, in a transaction of its own."""
        private = (
            replace(origin, reply=replace(origin.reply, public=False, replace=False))
            if origin.reply
            else origin
        )
        try:
            with self.sessions.begin() as session:
                unit = self._unit(session, private)
                unit.answer(message)
                if origin.request is not None:
                    now = self.clock.now()
                    inbox.finish(session, origin.request, now=now, state=state, error=error)
            self._finished_request(origin)
        except LostClaim as err:
            log.warning("%s; leaving it to them", err)
            return
        except SQLAlchemyError as err:
            if is_outage(err):
                raise TryLater(str(err).splitlines()[0]) from err
            raise
        if unit.post.posted:
            self.posted()


def _channel_of(origin: Origin) -> str | None:
    """The channel a request was made in; None for DMs (a follow-up's reminders can fall back
    to a channel's thread, never to someone else's DM)."""
    channel = origin.reply.channel if origin.reply is not None else None
    return channel if channel and channel.startswith(("C", "G")) else None


def _answer(unit: Unit, origin: Origin, message: Message) -> None:
    if origin.user_id is not None:
        to = origin.reply or ReplyTo(origin.user_id)
        unit.post.reply(to, origin.user_id, message)
