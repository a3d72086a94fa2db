"""The per-workspace secret in the call webhook URLs: created once, looked up per delivery."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from bot.ledger.members import ensure_workspace
from bot.ledger.scope import Scope
from bot.models import Workspace

PROVIDERS = ("twilio", "aircall")
PATH = "/webhooks/calls/{provider}/{token}"


def inbound_token(scope: Scope) -> str:
    """The workspace's webhook secret, created the first time it is asked for."""
    workspace = ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
    if workspace.inbound_token is None:
        workspace.inbound_token = secrets.token_urlsafe(24)
    return workspace.inbound_token


def team_with_token(scope: Scope, token: str) -> str | None:
    """The workspace whose webhook secret this is, or None."""
    if not token or len(token) > 64:
        return None
    return scope.session.scalar(select(Workspace.team_id).where(Workspace.inbound_token == token))


def webhook_url(base: str | None, provider: str, token: str) -> str:
    """The URL to paste into a provider's settings (a path alone when no base URL is set)."""
    path = PATH.format(provider=provider, token=token)
    return (base or "").rstrip("/") + path
