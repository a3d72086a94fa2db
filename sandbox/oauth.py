"""OAuth v2: codes from a member approving the app, oauth.v2.access, reinstalls and rotation."""

from __future__ import annotations

import base64
import binascii
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from sandbox.args import text_arg
from sandbox.errors import SlackError
from sandbox.installs import CODE_TTL, DEFAULT_SCOPES, ROTATION_TTL, Grant
from sandbox.seed import Seed
from sandbox.state import SandboxState

JSON = dict[str, Any]


def issue_code(
    state: SandboxState,
    team_id: str,
    user_id: str,
    scopes: Iterable[str] = DEFAULT_SCOPES,
    redirect_uri: str | None = None,
) -> str:
    """A member of `team_id` approves the app: return the code Slack gives the redirect URL."""
    ws = state.workspace(team_id)
    ws.member(user_id)
    code = f"{state.ids.serial()}.{secrets.token_hex(16)}"
    state.installs.grants[code] = Grant(
        team_id, user_id, tuple(scopes), redirect_uri, state.clock()
    )
    return code


def client_credentials(args: Mapping[str, Any], authorization: str | None) -> tuple[str, str]:
    """client_id and client_secret from HTTP Basic auth (as slack_sdk sends them) or the form."""
    if authorization and authorization.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise SlackError("invalid_client_id") from exc
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    return text_arg(args, "client_id") or "", text_arg(args, "client_secret") or ""


def check_client(seed: Seed, client_id: str, client_secret: str) -> None:
    """Raise oauth.v2.access's errors for a wrong client id or secret."""
    if not client_id or client_id != seed.client_id:
        raise SlackError("invalid_client_id")
    if client_secret != seed.client_secret:
        raise SlackError("bad_client_secret")


def oauth_v2_access(state: SandboxState, args: Mapping[str, Any]) -> JSON:
    """Answer oauth.v2.access for the authorization_code or refresh_token grant."""
    grant_type = text_arg(args, "grant_type") or "authorization_code"
    if grant_type == "refresh_token":
        return _refresh(state, text_arg(args, "refresh_token") or "")
    if grant_type != "authorization_code":
        raise SlackError("invalid_grant_type")
    return _exchange(state, text_arg(args, "code") or "", text_arg(args, "redirect_uri"))


def _exchange(state: SandboxState, code: str, redirect_uri: str | None) -> JSON:
    grant = state.installs.grants.get(code)
    if grant is None or state.clock() - grant.issued_at > CODE_TTL:
        raise SlackError("invalid_code")
    if grant.redirect_uri is not None and redirect_uri != grant.redirect_uri:
        raise SlackError("bad_redirect_uri")
    del state.installs.grants[code]
    body = _install(state, grant.team_id, grant.scopes)
    # No user scopes are requested, so authed_user carries only the installer's id.
    body["authed_user"] = {"id": grant.user_id}
    return body


def _install(state: SandboxState, team_id: str, scopes: tuple[str, ...]) -> JSON:
    """(Re)install the app in a team: a new bot token replaces every earlier one."""
    ws = state.workspace(team_id)
    state.revoke_team_tokens(team_id)
    for refresh, team in list(state.installs.refresh.items()):
        if team == team_id:
            del state.installs.refresh[refresh]
    ws.installed = True
    state.installs.scopes[team_id] = scopes
    return _token_body(state, team_id)


def _refresh(state: SandboxState, refresh_token: str) -> JSON:
    team_id = state.installs.refresh.pop(refresh_token, None)
    if team_id is None or not state.workspace(team_id).installed:
        raise SlackError("invalid_refresh_token")
    return _token_body(state, team_id)


def _token_body(state: SandboxState, team_id: str) -> JSON:
    """Issue a bot token (rotating if the app has rotation on) and describe it like Slack."""
    ws = state.workspace(team_id)
    rotating = state.seed.token_rotation
    prefix = "xoxe.xoxb-1" if rotating else "xoxb"
    token = f"{prefix}-{team_id}-{state.ids.serial()}-{secrets.token_hex(12)}"
    state.tokens[token] = team_id
    state.installs.current[team_id] = token
    body: JSON = {
        "ok": True,
        "app_id": state.seed.api_app_id,
        "scope": ",".join(state.installs.scopes_of(team_id)),
        "token_type": "bot",
        "access_token": token,
        "bot_user_id": ws.bot_user_id,
        "team": {"id": ws.id, "name": ws.team.name},
        "enterprise": None,
        "is_enterprise_install": False,
    }
    if rotating:
        refresh = f"xoxe-1-{state.ids.serial()}-{secrets.token_hex(16)}"
        state.installs.refresh[refresh] = team_id
        state.installs.expiry[token] = state.clock() + ROTATION_TTL
        body.update(refresh_token=refresh, expires_in=ROTATION_TTL)
    return body
