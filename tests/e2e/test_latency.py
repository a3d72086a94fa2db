"""Acks come back long before Slack's 3 s, even when the Web API is slow."""

from __future__ import annotations

from tests.e2e.harness import Bot


def test_commands_and_clicks_are_acknowledged_before_slow_slack_work(bot: Bot) -> None:
    bot.command("U0ERIN", "submit @dana Jane Doe")  # members known, card posted
    bot.slack.faults.latency = 1.0  # every Web API call now takes a second

    acked = bot.driver.slash_command("U0ERIN", "/followthrough", "submit @dana John Roe")
    assert acked.status == 200
    assert acked.elapsed < 0.5
    clicked = bot.driver.click_button("U0DANA", "Interested", where="dm")
    assert clicked.elapsed < 0.5
    bot.settle()
    assert "Submitted John Roe to @Dana Importer" in bot.said_to("U0ERIN")
