"""The `/followthrough` slash command and `@Followthrough …` mentions."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import ledger
from bot.errors import UserError
from handlers.grammar import Request, Verb, parse
from handlers.ids import COMMAND
from handlers.notify import Messenger
from handlers.render.modals import verb_modal
from handlers.replies import answer, just_ack
from handlers.services import Services
from handlers.verbs import Invocation, Reply, run

_BOT_MENTION = re.compile(r"^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")


def register(app: App, services: Services) -> None:
    """Listen for the slash command and for mentions of the bot in channels."""

    def acknowledge(ack: Ack, command: dict[str, Any]) -> None:
        try:
            parse(command.get("text", ""))
        except UserError as err:
            ack(text=str(err))  # a typing mistake needs no database: answer in the ack itself
            return
        ack()

    def slash_command(command: dict[str, Any], client: WebClient, respond: Respond) -> None:
        try:
            request = parse(command.get("text", ""))
        except UserError:
            return  # already answered in the ack
        team_id, user_id = command["team_id"], command["user_id"]
        who = Invocation(Messenger(services, client, team_id), user_id)
        if _wants_form(request):
            reply = answer(lambda: _open_form(who, request, command), what="a form")
            if reply.text:
                respond(text=reply.text, response_type="ephemeral")
            return
        reply = answer(lambda: run(request, who), what=f"/followthrough {request.verb.value}")
        respond(
            text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False
        )

    def mention(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        text = _BOT_MENTION.sub("", event.get("text", ""), count=1)
        who = Invocation(Messenger(services, client, context["team_id"]), event["user"])
        reply = answer(lambda: _mentioned(text, who), what="a mention")
        thread = event.get("thread_ts") or event["ts"]
        if reply.refused:
            client.chat_postEphemeral(
                channel=event["channel"], user=event["user"], thread_ts=thread, text=reply.text
            )
            return
        client.chat_postMessage(
            channel=event["channel"], thread_ts=thread, text=reply.text, blocks=reply.blocks
        )

    app.command(COMMAND)(ack=acknowledge, lazy=[slash_command])
    app.event("app_mention")(ack=just_ack, lazy=[mention])


def _mentioned(text: str, who: Invocation) -> Reply:
    request = parse(text)
    if _wants_form(request):
        return Reply(
            "That needs more detail here; try `/followthrough "
            + request.verb.value
            + "` for a form."
        )
    return run(request, who)


def _wants_form(request: Request) -> bool:
    return bool(request.missing) or (request.verb is Verb.PROFILE and not request.args)


def _open_form(who: Invocation, request: Request, command: dict[str, Any]) -> Reply:
    member = None
    if request.verb is Verb.PROFILE:
        who.services.know(who.messenger.client, who.team_id, who.user_id)
        with who.services.scope(who.team_id) as scope:
            member = ledger.get_member(scope, who.user_id)
    view = verb_modal(request, channel=command.get("channel_id"), member=member)
    who.messenger.client.views_open(trigger_id=command["trigger_id"], view=view)
    return Reply("")
