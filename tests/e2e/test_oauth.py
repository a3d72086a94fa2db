"""A network of firms: each installs Followthrough through OAuth v2 and is served with its own
installation's token; an uninstall pauses that firm alone, a reinstall resumes it."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, update

from bot.clock import FrozenClock
from sandbox import SlackStandIn
from sandbox.events import envelope
from sandbox.seed import Seed, network_seed
from tests.conftest import START
from tests.e2e.harness import Bot

A, B, NEVER = "T0F0000", "T0F0001", "T0F0002"
# Debtors in London (Partner 1 of Firm 0, Partner 0 of Firm 1); creditors in Los Angeles.
A_EXPORTER, A_IMPORTER = "U0F0000M2", "U0F0000M1"
B_EXPORTER, B_IMPORTER = "U0F0001M1", "U0F0001M0"
DUE = START + timedelta(days=1, hours=1)  # Thursday 16:00 in London: both answers are overdue


@pytest.fixture
def slack_seed() -> Seed:
    return network_seed(3)


@pytest.fixture
def network(slack: SlackStandIn, bot_database_url: str, clock: FrozenClock) -> Iterator[Bot]:
    """Followthrough with client credentials and no bot token: nobody has installed it yet."""
    bot = Bot(slack, bot_database_url, clock, oauth=True)
    yield bot
    bot.close()


def submit_in_both(bot: Bot) -> None:
    bot.command(A_EXPORTER, "submit @firm0-partner1 Jane Doe within 4h")
    bot.command(B_EXPORTER, "submit @firm1-partner0 John Roe within 4h")


def tokens_used(slack: SlackStandIn, team_id: str) -> set[str | None]:
    """The tokens the bot called the team's Web API with (oauth.v2.access carries none)."""
    return {call.token for call in slack.calls(team_id=team_id) if call.method != "oauth.v2.access"}


def nudged(lines: list[str]) -> list[str]:
    return [line.split(":")[0] for line in lines if line.startswith("nudge")]


def test_two_firms_install_and_each_is_served_with_its_own_token(
    network: Bot, slack: SlackStandIn
) -> None:
    for team in (A, B):
        page = network.install(team)
        assert page.status == 200
        assert "Thank you!" in page.words

    submit_in_both(network)

    assert "Submitted Jane Doe to @Partner 1 of Firm 0" in network.said_to(A_EXPORTER)
    assert "Submitted John Roe to @Partner 0 of Firm 1" in network.said_to(B_EXPORTER)
    [card_a] = slack.dms_to(A_IMPORTER)
    [card_b] = slack.dms_to(B_IMPORTER)
    assert "Jane Doe" in card_a.text
    assert "John Roe" in card_b.text
    assert tokens_used(slack, A) == {slack.token(A)}
    assert tokens_used(slack, B) == {slack.token(B)}
    assert slack.token(A) != slack.token(B)
    assert slack.token(A) != slack.seed.team(A).bot_token  # the installation's, not a seeded one


def test_a_workspace_that_never_installed_gets_the_install_link(
    network: Bot, slack: SlackStandIn
) -> None:
    network.install(A)
    network.command("U0F0002M1", "list")

    link = f"{network.web_url}/slack/install"
    assert network.said_to("U0F0002M1") == (
        f"Followthrough isn't installed in this workspace yet. Ask your Slack admin to add it "
        f"here: {link}"
    )
    assert network.runtime.deps.install_url == link
    assert network.runtime.deps.clients(NEVER) is None
    assert slack.calls(team_id=NEVER) == []


def test_an_uninstall_pauses_that_firm_alone_and_a_reinstall_resumes_it(
    network: Bot, slack: SlackStandIn
) -> None:
    network.install(A)
    network.install(B)
    submit_in_both(network)

    network.driver_for(B).uninstall_app()  # tokens_revoked, then app_uninstalled
    network.settle()

    installations = network.runtime.installations
    assert installations is not None
    assert installations.store.find_bot(enterprise_id=None, team_id=B) is None
    assert network.runtime.deps.clients(B) is None
    assert nudged(network.sweep(DUE)) == ["nudge for Partner 1 of Firm 0 (U0F0000M1)"]
    assert len(slack.dms_to(A_IMPORTER)) == 2
    assert len(slack.dms_to(B_IMPORTER)) == 1  # B's reminder waits
    network.command(B_EXPORTER, "list")
    assert "isn't installed in this workspace yet" in network.said_to(B_EXPORTER)

    page = network.install(B)  # the admin adds it again
    assert page.status == 200

    assert nudged(network.sweep(DUE + timedelta(minutes=1))) == [
        "nudge for Partner 0 of Firm 1 (U0F0001M0)"
    ]
    assert nudged(network.sweep(DUE + timedelta(minutes=2))) == []
    reminders = network.dms(B_IMPORTER)[1:]
    assert len(reminders) == 1  # delivered once
    assert "John Roe" in reminders[0]
    assert tokens_used(slack, B) >= {slack.token(B)}


def test_while_the_database_is_away_a_request_is_refused_for_slack_to_retry(
    network: Bot, tmp_path: Path
) -> None:
    installations = network.runtime.installations
    assert installations is not None
    installations.store.engine = create_engine(f"sqlite:///{tmp_path}/gone/away.db")
    answer = network.driver_for(A).slash_command(A_EXPORTER, "/followthrough", "list")
    assert answer.status == 503  # Slack shows it failed; nothing was recorded as done


def test_a_late_goodbye_from_before_a_reinstall_changes_nothing(
    network: Bot, slack: SlackStandIn
) -> None:
    network.install(B)
    left_at = int(time.time()) - 60  # Slack retries an uninstall from before the reinstall
    driver = network.driver_for(B)
    body = envelope(driver.workspace, slack.seed, {"type": "app_uninstalled"}, "Ev0LATE", left_at)
    assert driver.post_raw(json.dumps(body).encode(), "application/json").status == 200
    network.settle()

    assert network.runtime.deps.clients(B) is not None
    network.command(B_EXPORTER, "submit @firm1-partner0 John Roe within 4h")
    assert "Submitted John Roe" in network.said_to(B_EXPORTER)
    assert len(slack.dms_to(B_IMPORTER)) == 1


def test_a_forged_or_stale_state_is_refused_on_the_redirect_page(
    network: Bot, slack: SlackStandIn
) -> None:
    browser = network.browser()
    code = slack.authorize(A, "U0F0000M0")
    forged = browser.come_back(code=code, state="made-up", cookie="slack-app-oauth-state=made-up")
    assert forged.status == 401
    assert "Oops, Something Went Wrong!" in forged.words
    assert "invalid_state" in forged.words

    started = browser.start()
    other_browser = browser.come_back(code=code, state=started.state, cookie=None)
    assert other_browser.status == 400  # the state was issued to another browser

    installations = network.runtime.installations
    assert installations is not None
    states = installations.states.oauth_states
    with network.runtime.engine.begin() as connection:  # ten minutes pass in the browser
        connection.execute(update(states).values(expire_at=START.replace(tzinfo=None)))
    stale = browser.come_back(code=code, state=started.state, cookie=started.cookie)
    assert stale.status == 401

    assert network.runtime.deps.clients(A) is None
    assert slack.calls("oauth.v2.access") == []  # the code was never spent


def test_a_state_works_once(network: Bot, slack: SlackStandIn) -> None:
    browser = network.browser()
    started = browser.start()
    code = slack.authorize(A, "U0F0000M0")
    assert browser.come_back(code=code, state=started.state, cookie=started.cookie).status == 200
    again = browser.come_back(code=code, state=started.state, cookie=started.cookie)
    assert again.status == 401


class TestRotation:
    @pytest.fixture
    def slack_seed(self) -> Seed:
        return network_seed(2, token_rotation=True)

    def test_an_expiring_token_is_refreshed_before_use(
        self, network: Bot, slack: SlackStandIn
    ) -> None:
        network.install(A)
        first = slack.token(A)
        assert first.startswith("xoxe.xoxb-")
        network.command(A_EXPORTER, "list")
        assert tokens_used(slack, A) == {first}

        network.travel(START + timedelta(hours=11))  # an hour before the token's twelve run out
        network.command(A_EXPORTER, "submit @firm0-partner1 Jane Doe")

        second = slack.token(A)
        assert second != first
        refreshes = [c for c in slack.calls("oauth.v2.access") if c.args.get("refresh_token")]
        [refresh] = refreshes
        assert refresh.ok
        assert "Submitted Jane Doe" in network.said_to(A_EXPORTER)
        assert [c.token for c in slack.calls("chat.postMessage", team_id=A)] == [second]
        installations = network.runtime.installations
        assert installations is not None
        stored = installations.store.find_bot(enterprise_id=None, team_id=A)
        assert stored is not None
        assert stored.bot_token == second


class TestOverSocketMode:
    """The same network over Socket Mode: one app-level connection carries every firm's
    requests; the install pages are still web pages (a browser speaks no websocket)."""

    @pytest.fixture
    def network(
        self, slack: SlackStandIn, bot_database_url: str, clock: FrozenClock
    ) -> Iterator[Bot]:
        bot = Bot(slack, bot_database_url, clock, oauth=True, socket_mode=True)
        assert slack.socket_mode.wait_for_connections(1, timeout=30)
        yield bot
        bot.close()

    def test_two_firms_are_served_with_their_own_tokens(
        self, network: Bot, slack: SlackStandIn
    ) -> None:
        assert network.driver.over_socket
        network.install(A)
        network.install(B)
        submit_in_both(network)
        assert "Submitted Jane Doe to @Partner 1 of Firm 0" in network.said_to(A_EXPORTER)
        assert "Submitted John Roe to @Partner 0 of Firm 1" in network.said_to(B_EXPORTER)
        assert tokens_used(slack, A) == {slack.token(A)}
        assert tokens_used(slack, B) == {slack.token(B)}

    def test_uninstall_pauses_reinstall_resumes_and_strangers_get_the_link(
        self, network: Bot, slack: SlackStandIn
    ) -> None:
        network.install(A)
        network.install(B)
        submit_in_both(network)
        network.driver_for(B).uninstall_app()
        network.settle()
        assert nudged(network.sweep(DUE)) == ["nudge for Partner 1 of Firm 0 (U0F0000M1)"]

        network.command("U0F0002M1", "list")
        assert "isn't installed in this workspace yet" in network.said_to("U0F0002M1")

        network.install(B)
        assert nudged(network.sweep(DUE + timedelta(minutes=1))) == [
            "nudge for Partner 0 of Firm 1 (U0F0001M0)"
        ]
        assert len(network.dms(B_IMPORTER)) == 2
