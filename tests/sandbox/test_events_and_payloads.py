"""What people do, delivered as events; and payload shapes checked against Slack's samples."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

import pytest
from slack_bolt import BoltRequest, BoltResponse

from sandbox import SlackStandIn

if TYPE_CHECKING:
    from tests.sandbox.conftest import BoltHarness

JSON = dict[str, Any]
Sample = Callable[[str], JSON]

MODAL = {
    "type": "modal",
    "callback_id": "v",
    "notify_on_close": True,
    "title": {"type": "plain_text", "text": "T"},
    "submit": {"type": "plain_text", "text": "OK"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x"}}],
}


@pytest.fixture
def bodies(bolt: BoltHarness) -> list[JSON]:
    """Every request body the Bolt app receives, parsed."""
    seen: list[JSON] = []

    @bolt.app.middleware
    def capture(req: BoltRequest, resp: BoltResponse, next: Any) -> Any:
        seen.append(req.body)
        return next()

    for event in ("message", "reaction_added", "app_home_opened", "user_change", "app_mention"):
        bolt.app.event(event)(lambda: None)
    for event in ("app_uninstalled", "tokens_revoked"):
        bolt.app.event(event)(lambda: None)
    return seen


def _follows(sample: Any, actual: Any, path: str = "") -> list[str]:
    """Keys in `actual` that the sample does not have (empty sample objects match anything)."""
    if isinstance(sample, dict) and isinstance(actual, dict):
        if not sample:
            return []
        wrong = [f"{path}/{k}" for k in actual if k not in sample]
        for key in set(actual) & set(sample):
            wrong += _follows(sample[key], actual[key], f"{path}/{key}")
        return wrong
    if isinstance(sample, list) and isinstance(actual, list) and sample:
        by_type = {s.get("type"): s for s in sample if isinstance(s, dict)}
        wrong = []
        for i, item in enumerate(actual):
            match = by_type.get(item.get("type")) if isinstance(item, dict) else sample[0]
            wrong += _follows(match if match is not None else {}, item, f"{path}/{i}")
        return wrong
    return []


def _event_sample(payload_sample: Sample, name: str) -> JSON:
    """An event sample; older samples predate the context_* keys Slack now adds everywhere."""
    sample = payload_sample(f"events/{name}")
    sample.setdefault("context_team_id", "")
    sample.setdefault("context_enterprise_id", "")
    return sample


def test_user_message_and_thread_reply_events(
    bolt: BoltHarness, slack: SlackStandIn, bodies: list[JSON]
) -> None:
    parent = slack.client().chat_postMessage(channel="U0DANA", text="You owe $5")["ts"]
    typed = bolt.driver.post_message("U0DANA", "U0DANA", "which one?")
    reply = bolt.driver.reply_in_thread("U0DANA", "D0DANA", parent, "paid it")
    assert typed.responses[0].status == reply.responses[0].status == 200
    first, second = bodies[0]["event"], bodies[1]["event"]
    assert (first["type"], first["channel_type"], first["text"]) == ("message", "im", "which one?")
    assert (second["thread_ts"], second["parent_user_id"]) == (parent, "U0BOT")
    replies = slack.client().conversations_replies(channel="D0DANA", ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["You owe $5", "paid it"]
    assert len(slack.dms_to("U0DANA", include_user_messages=True)) == 3


def test_mention_in_channel_also_sends_app_mention(bolt: BoltHarness, bodies: list[JSON]) -> None:
    posted = bolt.driver.post_message("U0SAM", "C0SPLITS", "@followthrough remind @dana")
    assert posted.message.text == "<@U0BOT> remind <@U0DANA>"
    assert len(posted.responses) == 2
    assert [b["event"]["type"] for b in bodies] == ["message", "app_mention"]


def test_reaction_event_and_reactions_get(
    bolt: BoltHarness, slack: SlackStandIn, bodies: list[JSON]
) -> None:
    ts = slack.client().chat_postMessage(channel="U0DANA", text="Pay?")["ts"]
    response = bolt.driver.react("U0DANA", "D0DANA", ts, "white_check_mark")
    assert response is not None
    assert response.status == 200
    event = bodies[0]["event"]
    assert event["item"] == {"type": "message", "channel": "D0DANA", "ts": ts}
    assert (event["reaction"], event["item_user"]) == ("white_check_mark", "U0BOT")
    message = slack.client().reactions_get(channel="D0DANA", timestamp=ts)["message"]
    assert message["reactions"][0]["users"] == ["U0DANA"]


def test_user_change_uninstall_and_revocation(
    bolt: BoltHarness, slack: SlackStandIn, bodies: list[JSON]
) -> None:
    bolt.driver.change_user("U0ERIN", tz="Europe/Paris")
    assert bodies[0]["event"]["user"]["tz"] == "Europe/Paris"
    assert slack.user("U0ERIN")["tz"] == "Europe/Paris"
    bolt.driver.uninstall_app()
    assert [b["event"]["type"] for b in bodies[1:]] == ["tokens_revoked", "app_uninstalled"]
    assert bodies[1]["event"]["tokens"]["bot"] == ["U0BOT"]
    with pytest.raises(Exception, match="token_revoked"):
        slack.client().auth_test()


def test_event_envelope_shape(
    bolt: BoltHarness, bodies: list[JSON], payload_sample: Sample
) -> None:
    bolt.driver.post_message("U0ERIN", "D0ERIN", "hello")
    bolt.driver.open_home("U0ERIN")
    envelope, home = bodies
    assert envelope["type"] == "event_callback"
    assert envelope["event_id"].startswith("Ev")
    assert envelope["authorizations"][0]["user_id"] == "U0BOT"
    assert _follows(_event_sample(payload_sample, "MessagePayload.json"), envelope) == []
    assert _follows(_event_sample(payload_sample, "AppHomeOpenedPayload.json"), home) == []


@pytest.mark.parametrize(
    ("sample", "make"),
    [
        ("ReactionAddedPayload.json", "react"),
        ("UserChangePayload.json", "change"),
        ("TokensRevokedPayload.json", "uninstall"),
    ],
)
def test_more_event_shapes(
    bolt: BoltHarness,
    slack: SlackStandIn,
    bodies: list[JSON],
    payload_sample: Sample,
    sample: str,
    make: str,
) -> None:
    if make == "react":
        ts = slack.client().chat_postMessage(channel="C0GENERAL", text="x")["ts"]
        bolt.driver.react("U0SAM", "C0GENERAL", ts, "eyes")
    elif make == "change":
        bolt.driver.change_user("U0SAM", real_name="Samantha Sourcer")
    else:
        bolt.driver.uninstall_app()
    assert _follows(_event_sample(payload_sample, sample), bodies[0]) == []


def test_interaction_payload_shapes(
    bolt: BoltHarness, slack: SlackStandIn, payload_sample: Sample
) -> None:
    raw: list[bytes] = []

    @bolt.app.middleware
    def capture(req: BoltRequest, resp: BoltResponse, next: Any) -> Any:
        raw.append(req.raw_body.encode())
        return next()

    for register in (bolt.app.command("/owe"), bolt.app.action("go"), bolt.app.shortcut("s")):
        register(lambda ack: ack())
    bolt.app.view("v")(lambda ack: ack())
    bolt.app.view_closed("v")(lambda ack: ack())
    go = {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "action_id": "go"}
    blocks = [{"type": "actions", "elements": [go]}]
    ts = slack.client().chat_postMessage(channel="U0ERIN", text="x", blocks=blocks)["ts"]
    bolt.driver.slash_command("U0ERIN", "/owe", "hi")
    bolt.driver.click_button("U0ERIN", "Go")
    bolt.driver.message_shortcut("U0ERIN", "s", "D0ERIN", ts)
    slack.client().views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=MODAL)
    bolt.driver.submit_view("U0ERIN")
    slack.client().views_open(trigger_id=slack.issue_trigger("U0ERIN"), view=MODAL)
    bolt.driver.close_view("U0ERIN")
    command = {k: v[0] for k, v in parse_qs(raw[0].decode()).items()}
    payloads = [json.loads(parse_qs(r.decode())["payload"][0]) for r in raw[1:]]
    assert _follows(payload_sample("app-backend/SlashCommandPayload.json"), command) == []
    names = ["BlockAction", "MessageShortcut", "ViewSubmission", "ViewClosed"]
    for name, payload in zip(names, payloads, strict=True):
        sample = payload_sample(f"app-backend/{name}Payload.json")
        sample.get("view", {}).setdefault("blocks", [])
        assert _follows(sample, payload) == [], name
