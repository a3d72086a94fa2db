"""The network directory: `partners <niche>` across every firm that opted in, never the rest."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from bot.clock import FrozenClock
from sandbox import Seed, SlackStandIn, connect_seed
from sandbox.seed import firm_team
from tests.e2e.harness import Bot

OTHER, SECOND, THIRD = "T0OTHER", "T0F0002", "T0F0003"


@pytest.fixture
def slack_seed() -> Seed:
    """Acme and Other Firm (Oliver is its admin), plus Firms 2 and 3 of the network."""
    acme, other = connect_seed().teams
    oliver = dataclasses.replace(other.members[0], is_admin=True)
    other = dataclasses.replace(other, members=(oliver,))
    return Seed(teams=(acme, other, firm_team(2), firm_team(3)))


@pytest.fixture
def network(slack: SlackStandIn, bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    bot = Bot(slack, bot_database_url, clock, more_teams=[OTHER, SECOND, THIRD])
    yield bot
    bot.close()


def in_firm(bot: Bot, team: str, user: str, text: str) -> str:
    """A member of another firm types a command in their own Slack; what they were told."""
    bot.command(user, text, team=team, channel=f"C0{team[2:]}GEN" if team != OTHER else "C0OTHER")
    return bot.said_to(user)


def test_partners_finds_members_of_firms_that_opted_in_only(network: Bot) -> None:
    bot = network
    bot.command("U0DANA", "profile specializations Healthcare, IT")
    in_firm(bot, OTHER, "U0OLIVER", "profile specializations Healthcare <!channel>")
    in_firm(bot, SECOND, "U0F0002M0", "profile specializations Nursing, Healthcare")
    in_firm(bot, THIRD, "U0F0003M0", "profile specializations Healthcare")

    assert in_firm(bot, OTHER, "U0OLIVER", "settings directory on").startswith(
        "Saved. Your workspace is in the network directory"
    )
    in_firm(bot, SECOND, "U0F0002M0", "settings directory on")
    in_firm(bot, THIRD, "U0F0003M0", "settings directory on")
    in_firm(bot, THIRD, "U0F0003M0", "settings directory off")

    bot.command("U0ERIN", "partners healthcare")
    [answer] = [e for e in bot.slack.ephemerals_to("U0ERIN") if "Partners for" in e.text]
    assert answer.text.splitlines() == [
        "Partners for “healthcare”:",
        "• <@U0DANA> — Healthcare, IT",
        "• *Oliver Outsider* · Other Firm — Healthcare &lt;!channel&gt; · <@U0OLIVER> "
        "(<slack://user?team=T0OTHER&id=U0OLIVER|profile>)",
        "• *Partner 0 of Firm 2* · Firm 2 — Nursing, Healthcare · <@U0F0002M0> "
        "(<slack://user?team=T0F0002&id=U0F0002M0|profile>)",
    ]
    # A firm's own members are always found there, in or out of the directory.
    assert "Partner 0 of Firm 3" in in_firm(bot, THIRD, "U0F0003M0", "partners healthcare")


def test_only_an_admin_opts_a_firm_in(network: Bot) -> None:
    bot = network
    bot.command("U0ERIN", "settings directory on")
    assert bot.said_to("U0ERIN") == "Only a workspace admin can change the workspace settings."
    bot.command("U0ALEX", "settings directory maybe")
    assert "Try settings directory on" in bot.said_to("U0ALEX")
    bot.command("U0ALEX", "settings")
    assert "Other firms don't see your members in partners" in bot.said_to("U0ALEX")
