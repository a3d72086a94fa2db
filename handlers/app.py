"""The Bolt app: every listener records its request before acknowledging it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.oauth import OAuthFlow
from slack_sdk import WebClient

from bot.errors import TryLater
from handlers import actions, commands, events, job_board, shortcuts, views
from handlers.context import DEPS, Deps
from handlers.installs import TeamAuthorize, not_installed
from handlers.intake import ORG_WIDE, UNAVAILABLE, team_of

log = logging.getLogger(__name__)


def build_app(
    deps: Deps, *, client: WebClient | None = None, oauth_flow: OAuthFlow | None = None
) -> App:
    """Wire every listener; requests reaching it were verified by the web front or the socket.

    With `oauth_flow` (a network of firms) each request is authorized by its team's installation.
    """
    app = App(
        client=client,
        oauth_flow=oauth_flow,
        authorize=TeamAuthorize(deps) if oauth_flow is not None else None,
        # Signatures (and replays) are checked before Bolt parses anything: see handlers.web.
        request_verification_enabled=False,
        token_verification_enabled=False,
        ignoring_self_events_enabled=True,
        # Listeners only record and acknowledge, on the request thread; workers do the rest.
        process_before_response=True,
        logger=logging.getLogger("followthrough.bolt"),
    )
    app.use(_with_deps(deps))
    app.use(_only_installed(deps))
    for area in (commands, actions, job_board, views, shortcuts, events):
        area.register(app)
    app.error(_log_error)
    return app


def _with_deps(deps: Deps) -> Callable[..., None]:
    def with_deps(context: BoltContext, next: Callable[[], None]) -> None:
        context[DEPS] = deps
        next()

    return with_deps


def _only_installed(deps: Deps) -> Callable[..., BoltResponse | None]:
    def only_installed(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        team_id = team_of(body)
        try:
            installed = team_id is not None and deps.clients(team_id) is not None
        except TryLater:  # which installation is unknown while the database is away
            return UNAVAILABLE
        if installed:
            next()
            return None
        if team_id is None:
            log.warning("refused a request without a workspace (an organization-wide install)")
            refusal = ORG_WIDE
        else:
            log.warning("refused a request from workspace %s, where it is not installed", team_id)
            refusal = not_installed(deps.install_url)
        if "command" in body or body.get("type") in {"message_action", "shortcut"}:
            return BoltResponse(status=200, body=refusal)
        return BoltResponse(status=200, body="")

    return only_installed


def _log_error(error: Exception, body: dict[str, Any]) -> None:
    kind = body.get("type") or ("command" if "command" in body else "request")
    log.error("unhandled error in a %s listener: %r", kind, error, exc_info=error)
