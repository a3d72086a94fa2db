"""Which bot token each team's installation uses now, pending OAuth codes and rotating tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

# Slack's OAuth v2 guide: a temporary authorization code expires ten minutes after it is issued.
CODE_TTL = 600.0
# Slack's token rotation guide: rotating access tokens expire every twelve hours.
ROTATION_TTL = 43_200
DEFAULT_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "channels:read",
    "chat:write",
    "commands",
    "im:history",
    "im:write",
    "reactions:read",
    "users:read",
)


@dataclass
class Grant:
    """An authorization code handed to the app's redirect URL after a member approved it."""

    team_id: str
    user_id: str
    scopes: tuple[str, ...]
    redirect_uri: str | None
    issued_at: float


@dataclass
class Installs:
    """Installation state; SandboxState holds one and guards it with its lock."""

    current: dict[str, str]  # team id -> the bot token its installation uses now
    grants: dict[str, Grant] = field(default_factory=dict)  # code -> grant (removed once used)
    refresh: dict[str, str] = field(default_factory=dict)  # refresh token -> team id
    expiry: dict[str, float] = field(default_factory=dict)  # rotating access token -> expiry
    scopes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # team id -> bot scopes

    def expired(self, token: str, now: float) -> bool:
        """True once a rotating access token has outlived its twelve hours."""
        expiry = self.expiry.get(token)
        return expiry is not None and now >= expiry

    def scopes_of(self, team_id: str) -> tuple[str, ...]:
        """The bot scopes a team granted (the default set for seeded installations)."""
        return self.scopes.get(team_id, DEFAULT_SCOPES)
