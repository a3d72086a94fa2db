"""Methods called without a bot token: apps.connections.open and oauth.v2.access."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sandbox.errors import SlackError
from sandbox.oauth import check_client, client_credentials, oauth_v2_access
from sandbox.state import SandboxState

JSON = dict[str, Any]


class SocketLinks(Protocol):
    """Where apps.connections.open gets its WebSocket URLs from."""

    def issue_url(self, app_id: str) -> str:
        """Return a fresh single-use Socket Mode URL for the app."""
        ...


@dataclass(frozen=True)
class AppCall:
    """One app-level Web API call, handled while the state lock is held."""

    state: SandboxState
    args: JSON
    token: str | None
    authorization: str | None
    links: SocketLinks | None


AppHandler = Callable[[AppCall], JSON]


def connections_open(call: AppCall) -> JSON:
    """Give the app a Socket Mode URL; only the app-level (xapp-) token may ask."""
    state, token = call.state, call.token
    if not token:
        raise SlackError("not_authed")
    if token in state.revoked:
        raise SlackError("token_revoked")
    if token != state.seed.app_token:
        raise SlackError("not_allowed_token_type" if token in state.tokens else "invalid_auth")
    if call.links is None:
        raise SlackError("fatal_error", ["[ERROR] this stand-in serves no Socket Mode"])
    try:
        url = call.links.issue_url(state.seed.api_app_id)
    except RuntimeError as exc:
        raise SlackError("fatal_error", [f"[ERROR] {exc}"]) from exc
    return {"ok": True, "url": url}


def oauth_access(call: AppCall) -> JSON:
    """Exchange a code (or a refresh token) for a bot token, authenticated as the app."""
    client_id, client_secret = client_credentials(call.args, call.authorization)
    check_client(call.state.seed, client_id, client_secret)
    return oauth_v2_access(call.state, call.args)


APP_HANDLERS: dict[str, AppHandler] = {
    "apps.connections.open": connections_open,
    "oauth.v2.access": oauth_access,
}
