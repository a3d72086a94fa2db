"""Meeting people: who a Slack user is (users.info), asked only on first sight."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.errors import TryLater, UnknownMember
from bot.ledger import SlackProfile
from bot.ledger.emails import as_address
from bot.services import members
from handlers.context import Deps
from handlers.status import status_of

TOKEN_TROUBLE = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked"})


def meet(deps: Deps, team_id: str, user_ids: list[str]) -> None:
    """Make sure each user is a member, asking Slack (through this workspace's install) about
    those never seen and about members of other firms: Slack says whether this workspace
    sees them, and which firm is their home."""
    strangers = members.strangers(deps.core, team_id, user_ids)
    if not strangers:
        return
    client = deps.client(team_id)
    members.meet(deps.core, team_id, [fetch_profile(client, uid) for uid in strangers])


def fetch_profile(client: WebClient, user_id: str) -> SlackProfile:
    """Ask Slack who a user is; an unknown or deleted user is an UnknownMember error."""
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as err:
        if err.response.get("error") in {"user_not_found", "user_not_visible"}:
            raise UnknownMember(
                "I can't find that person in this workspace or a channel it shares with another "
                "firm; mention them with @name."
            ) from None
        status, error = err.response.status_code, str(err.response.get("error"))
        if status == 429 or status >= 500 or error in TOKEN_TROUBLE:
            # Busy, down, or the app was uninstalled: the request waits (a reinstall resumes it).
            raise TryLater(f"users.info: {error or status}") from err
        raise
    except (SlackClientError, OSError) as err:
        raise TryLater(f"users.info: {err}") from err
    return profile_of(user)


def profile_of(user: dict[str, object]) -> SlackProfile:
    """A Slack user object (users.info, user_change) as the core's profile, status included."""
    if user.get("deleted") or user.get("is_bot"):
        raise UnknownMember("That is a bot or a deactivated account; mention a recruiter instead.")
    profile = user.get("profile")
    real_name = profile.get("real_name") if isinstance(profile, dict) else None
    name = str(real_name or user.get("real_name") or user.get("name") or user.get("id"))
    timezone = user.get("tz")
    home = user.get("team_id")  # a partner at another firm: their own workspace
    return SlackProfile(
        user_id=str(user["id"]),
        name=name,
        timezone=timezone if isinstance(timezone, str) else None,
        is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        status=status_of(user),
        email=as_address(str(profile.get("email") or "")) if isinstance(profile, dict) else None,
        team_id=home if isinstance(home, str) and home else None,
    )
