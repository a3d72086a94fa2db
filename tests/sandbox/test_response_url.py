"""response_url endpoints: ephemeral / in_channel posts, replace/delete, five uses, expiry."""

from __future__ import annotations

from slack_sdk.webhook import WebhookClient

from sandbox import SlackStandIn


def test_default_is_an_ephemeral_reply(slack: SlackStandIn) -> None:
    url = slack.issue_response_url("U0ERIN", "C0GENERAL")
    answer = WebhookClient(url).send(text="only you")
    assert answer.status_code == 200
    (shown,) = slack.ephemerals_to("U0ERIN")
    assert (shown.text, shown.channel, shown.source) == ("only you", "C0GENERAL", "response_url")
    assert slack.messages_in("C0GENERAL") == []


def test_in_channel_reply_is_a_bot_message(slack: SlackStandIn) -> None:
    url = slack.issue_response_url("U0ERIN", slack.dm_channel("U0ERIN"))
    WebhookClient(url).send(text="for everyone", response_type="in_channel")
    (message,) = slack.dms_to("U0ERIN")
    assert (message.user, message.text) == ("U0BOT", "for everyone")


def test_replace_and_delete_original(slack: SlackStandIn) -> None:
    ts = slack.client().chat_postMessage(channel="U0DANA", text="Pay?")["ts"]
    dm = slack.dm_channel("U0DANA")
    url = slack.issue_response_url("U0DANA", dm, origin=(dm, ts, False))
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Paid :tada:"}}]
    WebhookClient(url).send(text="Paid", blocks=blocks, replace_original=True)
    assert [m.visible_text for m in slack.dms_to("U0DANA")] == ["Paid :tada:"]
    WebhookClient(url).send_dict({"delete_original": True})
    assert slack.dms_to("U0DANA") == []


def test_five_uses_then_refused(slack: SlackStandIn) -> None:
    url = slack.issue_response_url("U0SAM", "C0SPLITS")
    statuses = [WebhookClient(url).send(text=str(i)).status_code for i in range(6)]
    assert statuses == [200] * 5 + [404]
    assert len(slack.ephemerals_to("U0SAM")) == 5
    last = slack.response_posts()[-1]
    assert (last.status, last.body) == (404, {"text": "5"})


def test_expires_after_thirty_minutes(slack: SlackStandIn) -> None:
    url = slack.issue_response_url("U0SAM", "C0SPLITS")
    slack.advance(30 * 60 + 1)
    answer = WebhookClient(url).send(text="late")
    assert (answer.status_code, answer.body) == (404, '{"ok": false, "error": "expired_url"}')


def test_invalid_blocks_are_refused(slack: SlackStandIn) -> None:
    url = slack.issue_response_url("U0SAM", "C0SPLITS")
    answer = WebhookClient(url).send(text="x", blocks=[{"type": "carrot"}])
    assert answer.status_code == 400
    assert "invalid_blocks" in answer.body
    assert slack.ephemerals_to("U0SAM") == []
