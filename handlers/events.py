"""Events: replies and ✅ on tracked messages, App Home, profile changes and uninstalls."""

from __future__ import annotations

import logging
from contextlib import suppress
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot import ledger
from bot.errors import UserError
from bot.ledger.messages import deactivate_workspace, follow_ups_about
from bot.models import FollowUp, Resolution
from handlers.home import publish_home
from handlers.notify import Messenger
from handlers.replies import just_ack
from handlers.services import Services, profile_of
from handlers.verbs import announce_outcome

log = logging.getLogger(__name__)

DONE_REACTIONS = frozenset({"white_check_mark", "heavy_check_mark", "ballot_box_with_check"})


def register(app: App, services: Services) -> None:
    """Listen for the events in the manifest."""

    def on_message(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        thread, user = event.get("thread_ts"), event.get("user")
        if event.get("subtype") or event.get("bot_id") or not thread or not user:
            return
        reason = "replied in the thread"
        _resolve_on(services, client, context["team_id"], event["channel"], thread, user, reason)

    def on_reaction(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        item = event.get("item", {})
        if event.get("reaction") not in DONE_REACTIONS or item.get("type") != "message":
            return
        channel, ts, user = item["channel"], item["ts"], event["user"]
        _resolve_on(services, client, context["team_id"], channel, ts, user, "reacted ✅")

    def on_home(event: dict[str, Any], client: WebClient, context: dict[str, Any]) -> None:
        if event.get("tab", "home") == "home":
            publish_home(services, client, context["team_id"], event["user"])

    def on_user_change(event: dict[str, Any], context: dict[str, Any]) -> None:
        with suppress(UserError):  # a bot or a deactivated account: nothing to refresh
            services.refresh(context["team_id"], profile_of(event["user"]))

    def on_goodbye(context: dict[str, Any]) -> None:
        with services.sessions.begin() as session:
            deactivate_workspace(session, team_id=context["team_id"])
        log.info("stopped delivery to workspace %s", context["team_id"])

    listeners = {
        "message": on_message,
        "reaction_added": on_reaction,
        "app_home_opened": on_home,
        "user_change": on_user_change,
        "app_uninstalled": on_goodbye,
        "tokens_revoked": on_goodbye,
    }
    for event_type, listener in listeners.items():
        app.event(event_type)(ack=just_ack, lazy=[listener])


def _resolve_on(
    services: Services,
    client: WebClient,
    team_id: str,
    channel: str,
    ts: str,
    user_id: str,
    reason: str,
) -> None:
    """The debtor answered on a tracked message: close what they owe there."""
    with services.scope(team_id) as scope:
        member = ledger.find_member(scope, user_id)
        if member is None:
            return
        owed = [
            f for f in follow_ups_about(scope, channel=channel, ts=ts) if f.debtor_id == member.id
        ]
        closed: list[FollowUp] = []
        opened: dict[int, list[FollowUp]] = {}
        for follow_up in owed:
            result = ledger.resolve(
                scope, ref=follow_up.id, actor_id=user_id, resolution=Resolution.DONE, note=reason
            )
            closed.append(result.follow_up)
            opened[follow_up.id] = result.opened
    messenger = Messenger(services, client, team_id)
    for follow_up in closed:
        announce_outcome(messenger, follow_up, member, opened[follow_up.id])
