"""manifest.yml and the code stay in step, both ways."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from slack_bolt import BoltRequest, BoltResponse

from bot.config import REDIRECT_PATH
from followthrough.installations import BOT_SCOPES
from handlers.ids import JOB_PICK
from handlers.web import EVENTS_PATH
from tests.e2e.harness import Bot

MANIFEST = Path(__file__).resolve().parents[2] / "manifest.yml"

# Event types Slack can send a bot; a listener for anything else would be a typo.
KNOWN_EVENTS = [
    "app_home_opened",
    "app_mention",
    "app_rate_limited",
    "app_uninstalled",
    "channel_archive",
    "channel_created",
    "channel_rename",
    "file_shared",
    "member_joined_channel",
    "member_left_channel",
    "message",
    "pin_added",
    "reaction_added",
    "reaction_removed",
    "team_join",
    "tokens_revoked",
    "user_change",
    "user_status_changed",
]


def manifest() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(MANIFEST.read_text())
    return loaded


def event_body(event_type: str) -> dict[str, Any]:
    event = {"type": event_type, "user": "U0ERIN", "channel": "C0SPLITS", "ts": "1.0"}
    return {"type": "event_callback", "team_id": "T0ACME", "event": event}


def handled(bot: Bot, body: dict[str, Any]) -> list[str]:
    """The names of the app's listeners whose matchers accept this request body."""
    request, response = BoltRequest(body=body, mode="socket_mode"), BoltResponse(status=200)
    return [
        listener.ack_function.__name__
        for listener in bot.runtime.app._listeners
        if listener.matches(req=request, resp=response)
    ]


def declared() -> tuple[set[str], set[str], set[str]]:
    features, settings = manifest()["features"], manifest()["settings"]
    return (
        {command["command"] for command in features["slash_commands"]},
        {shortcut["callback_id"] for shortcut in features["shortcuts"]},
        {event.split(".")[0] for event in settings["event_subscriptions"]["bot_events"]},
    )


def test_everything_in_the_manifest_has_a_listener(bot: Bot) -> None:
    commands, shortcuts, events = declared()
    for command in commands:
        assert handled(bot, {"command": command, "text": ""}), command
    for callback_id in shortcuts:
        assert handled(bot, {"type": "message_action", "callback_id": callback_id}), callback_id
    for event_type in events:
        assert handled(bot, event_body(event_type)), event_type


def test_every_listener_is_in_the_manifest(bot: Bot) -> None:
    commands, shortcuts, events = declared()
    listening = {
        name
        for event_type in KNOWN_EVENTS
        for name in handled(bot, event_body(event_type))
        if event_type not in events
    }
    assert listening == set(), f"listeners for events missing from the manifest: {listening}"
    assert not handled(bot, {"command": "/something-else", "text": ""})
    assert not handled(bot, {"type": "message_action", "callback_id": "another_shortcut"})
    assert commands == {"/followthrough"}
    assert shortcuts == {"track_follow_through"}


def test_the_manifest_is_ready_to_create_the_app() -> None:
    data = manifest()
    assert data["settings"]["socket_mode_enabled"] is True
    assert data["settings"]["interactivity"]["is_enabled"] is True
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert data["features"]["app_home"]["messages_tab_enabled"] is True
    assert data["features"]["slash_commands"][0]["should_escape"] is True
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "users:read", "im:history", "reactions:read"} <= scopes


def test_the_job_menu_loads_its_options_from_the_request_url(bot: Bot) -> None:
    interactivity = manifest()["settings"]["interactivity"]
    assert interactivity["message_menu_options_url"].endswith(EVENTS_PATH)
    suggestion = {"type": "block_suggestion", "action_id": JOB_PICK, "value": "java"}
    assert handled(bot, suggestion) == ["suggest_jobs"]
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert {"channels:read", "groups:read"} <= scopes  # is the bot in the job channel?


def test_the_manifest_lets_other_firms_install_through_oauth() -> None:
    oauth = manifest()["oauth_config"]
    [redirect] = oauth["redirect_urls"]
    assert redirect.startswith("https://")
    assert redirect.endswith(REDIRECT_PATH)
    assert tuple(oauth["scopes"]["bot"]) == BOT_SCOPES  # what the install page asks for
    assert "user" not in oauth["scopes"]  # a bot-only install: no user tokens to keep
    rotation = manifest()["settings"]["token_rotation_enabled"]
    assert rotation is False  # a single SLACK_BOT_TOKEN is not refreshed; a network may turn it on
    assert {"app_uninstalled", "tokens_revoked"} <= declared()[2]
