"""Telling partners: DM cards with answers, one-line notices, and cards updated in place."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.ledger.messages import link_message, messages_about
from bot.models import FollowUp, Member, MessagePurpose
from handlers.render.cards import closed_card, debtor_card
from handlers.services import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Messenger:
    """Posts on the bot's behalf after the ledger committed: failures are logged, never raised.

    Whatever goes wrong here, what the user asked for is already saved, so it must not turn into
    a "nothing was saved" reply.
    """

    services: Services
    client: WebClient
    team_id: str

    def send_card(self, follow_up: FollowUp) -> bool:
        """DM the debtor what they owe, with buttons, and remember the card."""
        text, blocks = debtor_card(follow_up, self.services.clock.now())
        posted = self._post(follow_up.debtor, text, blocks)
        if posted is None:
            return False
        channel, ts = posted
        with _logged("remember the card", follow_up), self.services.scope(self.team_id) as scope:
            link_message(scope, follow_up, purpose=MessagePurpose.CARD, channel=channel, ts=ts)
        return True

    def tell(self, member: Member, text: str) -> bool:
        """DM one line to a member."""
        return self._post(member, text, None) is not None

    def close_cards(self, follow_up: FollowUp) -> None:
        """Replace the buttons on every card about a closed follow-up with its outcome."""
        cards: list[tuple[str, str]] = []
        with _logged("find the cards", follow_up), self.services.scope(self.team_id) as scope:
            cards = messages_about(scope, follow_up, MessagePurpose.CARD)
        text, blocks = closed_card(follow_up, follow_up.debtor)
        for channel, ts in cards:
            try:
                self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
            except SlackApiError as err:
                log.warning(
                    "could not update card %s/%s for %s: %s", channel, ts, follow_up.ref, err
                )

    def _post(
        self, member: Member, text: str, blocks: list[dict[str, object]] | None
    ) -> tuple[str, str] | None:
        active = True
        with _logged("check the workspace", None):
            active = self.services.is_active(self.team_id)
        if not active:
            return None
        try:
            response = self.client.chat_postMessage(
                channel=member.slack_user_id, text=text, blocks=blocks, unfurl_links=False
            )
        except SlackApiError as err:
            log.warning("could not DM %s in %s: %s", member.slack_user_id, self.team_id, err)
            return None
        return str(response["channel"]), str(response["ts"])


@contextmanager
def _logged(what: str, follow_up: FollowUp | None) -> Iterator[None]:
    try:
        yield
    except SQLAlchemyError as err:
        ref = follow_up.ref if follow_up is not None else "-"
        log.warning("could not %s (%s) after saving: %s", what, ref, str(err).splitlines()[0])
