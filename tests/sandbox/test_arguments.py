"""Argument names and required arguments, checked against Slack's Web API description."""

from __future__ import annotations

import importlib.util
import inspect
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox import SlackStandIn
from sandbox.args import method_table

REPO = Path(__file__).resolve().parents[2]


def _error(call: Any) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as caught:
        call()
    data = caught.value.response.data
    assert isinstance(data, dict)
    return data


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen", REPO / "scripts" / "gen_slack_methods.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_unknown_argument_is_rejected_with_an_explanation(slack: SlackStandIn) -> None:
    data = _error(lambda: slack.client().chat_postMessage(channel="C0GENERAL", text="x", colour=1))
    assert data["error"] == "invalid_arguments"
    messages = data["response_metadata"]["messages"]
    assert any("colour" in m and "chat.postMessage" in m for m in messages)


@pytest.mark.parametrize(
    ("method", "args", "error"),
    [
        ("chat.postMessage", {"text": "hi"}, "channel_not_found"),
        ("chat.postEphemeral", {"channel": "C0GENERAL", "text": "hi"}, "user_not_found"),
        ("chat.update", {"channel": "C0GENERAL", "text": "hi"}, "message_not_found"),
        ("chat.getPermalink", {"channel": "C0GENERAL"}, "message_not_found"),
        ("views.open", {"view": {"type": "modal"}}, "invalid_arguments"),
        ("views.publish", {"view": {"type": "home", "blocks": []}}, "invalid_arguments"),
    ],
)
def test_missing_required_argument(
    slack: SlackStandIn, method: str, args: dict[str, Any], error: str
) -> None:
    data = _error(lambda: slack.client().api_call(method, json=args))
    assert data["error"] == error
    if error == "invalid_arguments":
        assert "missing required field" in data["response_metadata"]["messages"][0]


def test_token_and_team_id_are_accepted_everywhere(slack: SlackStandIn) -> None:
    client = WebClient(token=slack.token(), base_url=slack.api_url, team_id="T0ACME")
    assert client.users_info(user="U0ERIN")["ok"]
    assert client.api_call("auth.test", params={"token": slack.token()})["ok"]


def test_every_argument_webclient_can_send_is_known() -> None:
    table = method_table()
    for method, entry in table["methods"].items():
        known = {*entry["required"], *entry["optional"], *table["always_allowed"]}
        func = getattr(WebClient, method.replace(".", "_"))
        # apps_connections_open sends its `app_token` argument as `token`.
        names = set(inspect.signature(func).parameters) - {"self", "kwargs", "app_token"}
        assert names <= known, (method, names - known)


def test_newer_arguments_are_accepted(slack: SlackStandIn) -> None:
    client = slack.client()
    posted = client.chat_postMessage(
        channel="C0GENERAL", text="x", metadata={"event_type": "t", "event_payload": {}}
    )
    client.conversations_history(channel="C0GENERAL", include_all_metadata=True)
    client.chat_update(channel="C0GENERAL", ts=posted["ts"], text="y", metadata=None)


def test_committed_table_matches_the_generator(slack_reference: Path) -> None:
    spec_path = slack_reference / "web-api" / "slack_web_openapi_v2_without_examples.json"
    generator = _generator()
    table = generator.build_table(json.loads(spec_path.read_text(encoding="utf-8")))
    assert table == method_table()
    assert generator.sdk_gaps(table) == []


def test_required_lists_come_from_the_description() -> None:
    methods = method_table()["methods"]
    assert methods["chat.postMessage"]["required"] == ["channel"]
    assert methods["chat.postEphemeral"]["required"] == ["channel", "user"]
    assert methods["views.open"]["required"] == ["trigger_id", "view"]
    assert "metadata" in methods["chat.postMessage"]["optional"]
    assert "include_all_metadata" in methods["conversations.history"]["optional"]
