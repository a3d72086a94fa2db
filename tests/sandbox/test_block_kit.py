"""Block Kit validation in messages and views, and the visible-text helpers."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from sandbox import SlackStandIn, button_labels, visible_text


def _section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def _button(label: str, action_id: str) -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id}


def _rejected(slack: SlackStandIn, blocks: list[dict[str, Any]]) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as caught:
        slack.client().chat_postMessage(channel="C0GENERAL", text="fallback", blocks=blocks)
    data = caught.value.response.data
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("blocks", "needle"),
    [
        ([{"type": "divider"}] * 51, "no more than 50 items"),
        ([_section("x" * 3001)], "less than 3001 characters"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}], "151"),
        ([{"type": "actions", "elements": [_button("x" * 76, "a")]}], "less than 76"),
        (
            [{"type": "actions", "elements": [_button("Yes", "same"), _button("No", "same")]}],
            "action_id `same` is already used",
        ),
        ([_section("a", "dup"), _section("b", "dup")], "block_id `dup` is already used"),
        ([{"type": "carrot"}], "unsupported block type `carrot`"),
        ([{**_section("a"), "colour": "red"}], "unknown field `colour`"),
        ([{"type": "section"}], "text or fields attribute must be specified"),
        ([{"type": "header", "text": {"type": "mrkdwn", "text": "*h*"}}], "plain_text"),
    ],
)
def test_invalid_blocks_are_rejected(
    slack: SlackStandIn, blocks: list[dict[str, Any]], needle: str
) -> None:
    data = _rejected(slack, blocks)
    assert data["error"] == "invalid_blocks"
    assert any(needle in m for m in data["response_metadata"]["messages"]), data


def test_rejection_names_the_place(slack: SlackStandIn) -> None:
    data = _rejected(slack, [_section("ok"), {"type": "actions", "elements": [_button("", "a")]}])
    assert (
        "[json-pointer:/blocks/1/elements/0/text/text]" in data["response_metadata"]["messages"][0]
    )


def test_blocks_as_form_encoded_json_text(slack: SlackStandIn) -> None:
    client = slack.client()
    blocks = '[{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]'
    assert client.api_call("chat.postMessage", data={"channel": "C0SPLITS", "blocks": blocks})["ok"]
    with pytest.raises(SlackApiError, match="invalid_blocks_format"):
        client.api_call("chat.postMessage", data={"channel": "C0SPLITS", "blocks": "[{"})


def test_missing_ids_are_filled_like_slack_does(slack: SlackStandIn) -> None:
    blocks = [
        _section("hi"),
        {
            "type": "actions",
            "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Go"}}],
        },
    ]
    slack.client().chat_postMessage(channel="U0SAM", text="hi", blocks=blocks)
    (message,) = slack.dms_to("U0SAM")
    assert message.blocks is not None
    assert all(b["block_id"] for b in message.blocks)
    assert message.blocks[1]["elements"][0]["action_id"]


def _modal(title: str, blocks: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": title},
        "blocks": blocks,
        **extra,
    }


@pytest.mark.parametrize(
    ("view", "needle"),
    [
        (_modal("x" * 25, [_section("a")]), "/view/title/text"),
        (_modal("ok", [{"type": "divider"}] * 101), "no more than 100 items"),
        (
            _modal(
                "ok",
                [
                    {
                        "type": "input",
                        "label": {"type": "plain_text", "text": "Amount"},
                        "element": {"type": "plain_text_input", "action_id": "a"},
                    }
                ],
            ),
            "/view/submit",
        ),
        (_modal("ok", [_section("a")], colour="red"), "unknown field `colour`"),
        ({"type": "home", "blocks": [_section("a")]}, "/view/type"),
    ],
)
def test_invalid_views_are_rejected(slack: SlackStandIn, view: dict[str, Any], needle: str) -> None:
    trigger = slack.issue_trigger("U0ERIN")
    with pytest.raises(SlackApiError) as caught:
        slack.client().views_open(trigger_id=trigger, view=view)
    assert caught.value.response["error"] == "invalid_arguments"
    messages = caught.value.response["response_metadata"]["messages"]
    assert any(needle in m for m in messages), messages


def test_home_tab_allows_100_blocks_but_not_101(slack: SlackStandIn) -> None:
    client = slack.client()
    home = {"type": "home", "blocks": [{"type": "divider"}] * 100}
    assert client.views_publish(user_id="U0ERIN", view=home)["ok"]
    with pytest.raises(SlackApiError, match="invalid_arguments"):
        client.views_publish(user_id="U0ERIN", view={**home, "blocks": home["blocks"] * 2})


def test_visible_text_flattens_what_people_read() -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Debts"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Dana* owes you $500"},
            "fields": [{"type": "mrkdwn", "text": "Due: Friday"}],
            "accessory": _button("Remind", "remind"),
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Created by Erin"}]},
        {"type": "actions", "elements": [_button("Mark paid", "paid"), _button("Dispute", "no")]},
    ]
    assert visible_text("fallback", blocks).splitlines() == [
        "Debts",
        "*Dana* owes you $500",
        "Due: Friday",
        "Remind",
        "Created by Erin",
        "Mark paid",
        "Dispute",
    ]
    assert button_labels(blocks) == ["Remind", "Mark paid", "Dispute"]
    assert visible_text("just text", None) == "just text"
