"""Button clicks on cards, nudges and the Home tab."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot import ledger
from bot.errors import InvalidInput, NotAllowed
from bot.models import FollowUp, Resolution
from handlers.home import publish_home
from handlers.ids import ANSWER_ACTIONS, ANSWER_PREFIX, SNOOZE_ONE_DAY
from handlers.notify import Messenger
from handlers.render.cards import snoozed_notice
from handlers.render.modals import pass_modal
from handlers.render.words import when
from handlers.replies import answer, just_ack
from handlers.services import Services
from handlers.verbs import Reply, announce_outcome


def register(app: App, services: Services) -> None:
    """Listen for the answer and snooze buttons."""

    def on_answer(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        resolution = ANSWER_ACTIONS.get(action["action_id"])
        if resolution is None:
            return
        click = Click(services, client, body, action)
        reply = answer(lambda: click.resolve(resolution), what=action["action_id"])
        click.finish(reply, respond)

    def on_snooze(
        body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        click = Click(services, client, body, action)
        click.finish(answer(click.snooze, what="snooze"), respond)

    app.action(re.compile(f"^{ANSWER_PREFIX}"))(ack=just_ack, lazy=[on_answer])
    app.action(SNOOZE_ONE_DAY)(ack=just_ack, lazy=[on_snooze])


class Click:
    """One click by one person on one follow-up's button."""

    def __init__(
        self, services: Services, client: WebClient, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        self.services, self.client, self.body = services, client, body
        self.team_id: str = body["team"]["id"] if body.get("team") else body["user"]["team_id"]
        self.user_id: str = body["user"]["id"]
        self.value = str(action.get("value", ""))
        self.messenger = Messenger(services, client, self.team_id)

    @property
    def follow_up_id(self) -> int:
        """The follow-up the button is about; a mangled value is a stale-button message."""
        if not self.value.isdigit() or len(self.value) > 9:
            raise InvalidInput(
                "That button is out of date; `/followthrough list` shows what's open."
            )
        return int(self.value)

    def resolve(self, resolution: Resolution) -> Reply:
        """Write the answer, update cards in place and tell the other party."""
        self.services.know(self.client, self.team_id, self.user_id)
        if resolution is Resolution.PASSED:
            return self._ask_why()
        with self.services.scope(self.team_id) as scope:
            result = ledger.resolve(
                scope, ref=self.follow_up_id, actor_id=self.user_id, resolution=resolution
            )
            actor = ledger.get_member(scope, self.user_id)
        announce_outcome(self.messenger, result.follow_up, actor, result.opened)
        return Reply("")

    def snooze(self) -> Reply:
        """Give a day more, in the debtor's business time."""
        self.services.know(self.client, self.team_id, self.user_id)
        with self.services.scope(self.team_id) as scope:
            follow_up = ledger.snooze(
                scope, ref=self.follow_up_id, actor_id=self.user_id, window="1d"
            )
            actor = ledger.get_member(scope, self.user_id)
        other = follow_up.creditor if actor.id == follow_up.debtor_id else follow_up.debtor
        self.messenger.tell(other, snoozed_notice(follow_up, actor, other))
        return Reply(f"Snoozed {follow_up.ref}: now due {when(follow_up.due_at, actor)}.")

    def finish(self, reply: Reply, respond: Respond) -> None:
        """Say anything worth saying, and refresh the Home tab when the click came from it."""
        if reply.text:
            respond(text=reply.text, response_type="ephemeral", replace_original=False)
        if self.body.get("container", {}).get("type") == "view":
            publish_home(self.services, self.client, self.team_id, self.user_id)

    def _ask_why(self) -> Reply:
        with self.services.scope(self.team_id) as scope:
            follow_up = ledger.get_follow_up(scope, self.follow_up_id)
            _only_debtor(follow_up, ledger.get_member(scope, self.user_id).id)
            candidate = follow_up.submission.candidate if follow_up.submission else follow_up.what
        container = self.body.get("container", {})
        view = pass_modal(
            self.follow_up_id,
            candidate,
            channel=container.get("channel_id", ""),
            ts=container.get("message_ts", ""),
        )
        self.client.views_open(trigger_id=self.body["trigger_id"], view=view)
        return Reply("")


def _only_debtor(follow_up: FollowUp, member_id: int) -> None:
    if member_id != follow_up.debtor_id:
        raise NotAllowed(f"Only {follow_up.debtor.name} can answer {follow_up.ref}.")
    if not follow_up.is_open:
        raise NotAllowed(f"{follow_up.ref} is already {follow_up.state.value}.")
