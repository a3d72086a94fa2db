"""The per-workspace secret in the webhook URLs (calls and emails): created once, looked up per
delivery."""

from __future__ import annotations

import secrets

from sqlalchemy import select

from bot.ledger.members import ensure_workspace
from bot.ledger.scope import Scope
from bot.models import Workspace

CALL_PROVIDERS = ("twilio", "aircall")
EMAIL_PROVIDERS = ("postmark", "mailgun", "sendgrid")
PROVIDERS = CALL_PROVIDERS + EMAIL_PROVIDERS
PATH = "/webhooks/{evidence}/{provider}/{token}"


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
    evidence = "email" if provider in EMAIL_PROVIDERS else "calls"
    path = PATH.format(evidence=evidence, provider=provider, token=token)
    return (base or "").rstrip("/") + path


def inbound_target(scope: Scope, token: str) -> tuple[str, bool] | None:
    """The workspace whose webhook secret this is, and whether it keeps email bodies."""
    if not token or len(token) > 64:
        return None
    row = scope.session.execute(
        select(Workspace.team_id, Workspace.email_bodies).where(Workspace.inbound_token == token)
    ).first()
    return None if row is None else (row.team_id, bool(row.email_bodies))


def inbound_ignored(scope: Scope) -> int:
    """How many inbound emails came from nobody in the workspace."""
    workspace = scope.session.get(Workspace, scope.team_id)
    return workspace.inbound_ignored if workspace is not None else 0
