"""Modal submissions: verb forms, the profile form, the pass reason and tracked messages."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import ledger
from bot.ledger.messages import link_message
from bot.models import MessagePurpose, Resolution
from handlers.forms import read_state, request_from_form
from handlers.grammar import Request, Verb
from handlers.ids import MODAL_PREFIX, PASS_REASON, SHORTCUT_TRACK
from handlers.notify import Messenger
from handlers.profile import describe_profile
from handlers.replies import answer
from handlers.services import Services
from handlers.verbs import Invocation, Reply, announce_outcome, run


def register(app: App, services: Services) -> None:
    """Listen for every modal Followthrough opens."""

    def check_form(ack: Ack, view: dict[str, Any]) -> None:
        _name, _request, errors = _read_form(view)
        if errors:
            ack(response_action="errors", errors=errors)  # shown beside the fields
            return
        ack()

    def on_form(body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        name, request, errors = _read_form(view)
        if errors:
            return
        form = Form(services, client, body, view)
        if request.verb is Verb.PROFILE:
            fields = read_state(view)
            reply = answer(lambda: form.save_profile(fields), what="the profile form")
        else:
            reply = answer(lambda: form.run(request, track=name == SHORTCUT_TRACK), what=name)
        form.tell(reply)

    def check_reason(ack: Ack, view: dict[str, Any]) -> None:
        if not read_state(view).get("reason"):
            ack(response_action="errors", errors={"reason": "Say why, so the exporter can adjust."})
            return
        ack()

    def on_pass(body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        reason = read_state(view).get("reason")
        if reason:
            form = Form(services, client, body, view)
            form.tell(answer(lambda: form.pass_with(reason), what="a pass"))

    app.view(re.compile(f"^{MODAL_PREFIX}"))(ack=check_form, lazy=[on_form])
    app.view(PASS_REASON)(ack=check_reason, lazy=[on_pass])


def _read_form(view: dict[str, Any]) -> tuple[str, Request, dict[str, str]]:
    name = view["callback_id"].removeprefix(MODAL_PREFIX)
    verb = Verb.TALK if name == SHORTCUT_TRACK else Verb(name)
    request, errors = request_from_form(verb, read_state(view))
    return name, request, errors


class Form:
    """One submitted modal: who sent it, and where to answer them."""

    def __init__(
        self, services: Services, client: WebClient, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        self.services, self.client = services, client
        self.team_id: str = body["team"]["id"]
        self.user_id: str = body["user"]["id"]
        self.metadata: dict[str, Any] = json.loads(view.get("private_metadata") or "{}")
        self.messenger = Messenger(services, client, self.team_id)

    def run(self, request: Request, *, track: bool) -> Reply:
        """Carry out the form's verb; a tracked message is linked to the new follow-up."""
        reply = run(request, Invocation(self.messenger, self.user_id))
        if track and reply.follow_up is not None:
            with self.services.scope(self.team_id) as scope:
                link_message(
                    scope,
                    reply.follow_up,
                    purpose=MessagePurpose.TRACKED,
                    channel=self.metadata["track_channel"],
                    ts=self.metadata["track_ts"],
                )
        return reply

    def save_profile(self, fields: dict[str, str | None]) -> Reply:
        """Save every profile field at once (all checked before any is written)."""
        vacation = fields.get("vacation_until")
        with self.services.scope(self.team_id) as scope:
            member = ledger.update_profile(
                scope,
                self.user_id,
                specializations=fields.get("specializations") or "",
                working_hours=fields.get("working_hours"),
                holiday_country=fields.get("holiday_country"),
                vacation_until=date.fromisoformat(vacation) if vacation else None,
                clear_vacation=not vacation,
            )
            return Reply("Saved. " + describe_profile(member, scope.settings))

    def pass_with(self, reason: str) -> Reply:
        """The importer passes, with the reason the exporter will read."""
        with self.services.scope(self.team_id) as scope:
            result = ledger.resolve(
                scope,
                ref=int(self.metadata["follow_up"]),
                actor_id=self.user_id,
                resolution=Resolution.PASSED,
                note=reason,
            )
            actor = ledger.get_member(scope, self.user_id)
        announce_outcome(self.messenger, result.follow_up, actor, result.opened)
        return Reply("")

    def tell(self, reply: Reply) -> None:
        """Answer ephemerally where the form was opened, or by DM when that is not possible."""
        if not reply.text:
            return
        channel = self.metadata.get("channel")
        if channel:
            try:
                self.client.chat_postEphemeral(channel=channel, user=self.user_id, text=reply.text)
                return
            except SlackApiError:
                pass  # e.g. a DM between two people, where the bot is not a member
        self.client.chat_postMessage(channel=self.user_id, text=reply.text, blocks=reply.blocks)
