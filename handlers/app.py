"""The Bolt app: one workspace, every listener, and no traceback ever shown to Slack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk import WebClient

from handlers import actions, commands, events, shortcuts, views
from handlers.replay import SeenSignatures
from handlers.services import Services

log = logging.getLogger(__name__)

OTHER_WORKSPACE = (
    "This Followthrough install serves another workspace; ask your Slack admin to install it here."
)


def build_app(
    services: Services,
    *,
    client: WebClient,
    team_id: str,
    signing_secret: str,
    listener_executor: Executor | None = None,
) -> App:
    """Wire every listener to the core; the bot token is the client's, installed in `team_id`."""
    app = App(
        client=client,
        signing_secret=signing_secret,
        token_verification_enabled=False,  # auth.test just answered for this token
        # Acks run on the request thread; the work after them runs on the listener pool, so a
        # busy pool or a slow database never delays an ack.
        process_before_response=True,
        listener_executor=listener_executor,
        logger=logging.getLogger("followthrough.bolt"),
    )
    app.use(_no_replays(SeenSignatures()))
    app.use(_only_workspace(team_id))
    app.use(_each_event_once(services))
    for area in (commands, actions, views, shortcuts, events):
        area.register(app, services)
    app.error(_log_error)
    return app


def _no_replays(seen: SeenSignatures) -> Callable[..., BoltResponse | None]:
    def no_replays(request: BoltRequest, next: Callable[[], None]) -> BoltResponse | None:
        # Runs after Bolt verified the signature, so only genuine requests are remembered.
        # Slack's own event retries are exempt: events are handled once by their event id.
        signature = (request.headers.get("x-slack-signature") or [""])[0]
        retry = bool(request.headers.get("x-slack-retry-num"))
        if signature and not retry and not seen.first_time(signature):
            log.warning("refused a replayed request")
            return BoltResponse(status=401, body="")
        next()
        return None

    return no_replays


def _only_workspace(team_id: str) -> Callable[..., BoltResponse | None]:
    def only_workspace(
        body: dict[str, Any], context: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        sender = context.get("team_id")
        if sender is None or sender == team_id:
            next()
            return None
        log.warning("refused a request from workspace %s (installed in %s)", sender, team_id)
        if "command" in body or body.get("type") in {"message_action", "shortcut"}:
            return BoltResponse(status=200, body=OTHER_WORKSPACE)
        return BoltResponse(status=200, body="")

    return only_workspace


def _each_event_once(services: Services) -> Callable[..., BoltResponse | None]:
    def each_event_once(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        event_id = body.get("event_id")
        is_event = body.get("type") == "event_callback" and event_id
        if is_event and not services.first_sighting(str(body.get("team_id")), str(event_id)):
            log.info("ignored a retry of event %s", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    return each_event_once


def _log_error(error: Exception, body: dict[str, Any]) -> None:
    kind = body.get("type") or ("command" if "command" in body else "request")
    log.error("unhandled error in a %s listener: %r", kind, error, exc_info=error)
