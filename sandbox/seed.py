"""The workspaces a stand-in starts with: teams, members, channels, tokens and secrets."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ACME_TEAM_ID = "T0ACME"
ACME_TOKEN = "xoxb-acme-test"
OTHER_TEAM_ID = "T0OTHER"
OTHER_TOKEN = "xoxb-other-test"
SIGNING_SECRET = "sandbox-signing-secret"
VERIFICATION_TOKEN = "sandbox-verification-token"
API_APP_ID = "A0FOLLOW"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"
APP_TOKEN = "xapp-1-A0FOLLOW-1-sandbox"
CLIENT_ID = "1000000001.2000000002"
CLIENT_SECRET = "sandbox-client-secret"
CONNECT_CHANNEL = "C0CONNECT"


@dataclass(frozen=True)
class Member:
    """A person in a workspace."""

    id: str
    name: str
    real_name: str
    tz: str = "America/New_York"
    is_admin: bool = False
    is_owner: bool = False
    is_primary_owner: bool = False
    deleted: bool = False
    email: str | None = None
    display_name: str = ""
    locale: str = "en-US"
    status_text: str = ""
    status_emoji: str = ""  # ":palm_tree:"
    status_expiration: int = 0  # epoch seconds; 0: never clears


@dataclass(frozen=True)
class Channel:
    """A public or private channel; `members` lists user ids (the bot must be listed to post).

    A Slack Connect channel is declared once, in its host team, with the other teams' ids in
    `shared_with`; its `members` then name people (and bot users) of every team sharing it.
    """

    id: str
    name: str
    members: tuple[str, ...] = ()
    is_private: bool = False
    shared_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Team:
    """A workspace with its installed bot."""

    id: str
    name: str
    domain: str
    bot_token: str
    members: tuple[Member, ...]
    channels: tuple[Channel, ...] = ()
    bot_user_id: str = BOT_USER_ID
    bot_id: str = BOT_ID
    bot_name: str = "followthrough"
    enterprise_id: str | None = None


@dataclass(frozen=True)
class Seed:
    """Everything a stand-in is created with."""

    teams: tuple[Team, ...]
    signing_secret: str = SIGNING_SECRET
    verification_token: str = VERIFICATION_TOKEN
    api_app_id: str = API_APP_ID
    extra_tokens: dict[str, str] = field(default_factory=dict)
    app_token: str = APP_TOKEN
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    token_rotation: bool = False

    def team(self, team_id: str) -> Team:
        """Return the seeded team with this id."""
        for team in self.teams:
            if team.id == team_id:
                return team
        raise KeyError(team_id)


def acme_team() -> Team:
    """The default workspace: four partners and two channels."""
    people = (
        Member("U0ERIN", "erin", "Erin Exporter", "America/New_York", email="erin@acme.test"),
        Member("U0DANA", "dana", "Dana Importer", "Europe/London", email="dana@acme.test"),
        Member("U0SAM", "sam", "Sam Sourcer", "America/Los_Angeles", email="sam@acme.test"),
        Member(
            "U0ALEX",
            "alex",
            "Alex Admin",
            "America/Chicago",
            is_admin=True,
            is_owner=True,
            is_primary_owner=True,
            email="alex@acme.test",
        ),
    )
    everyone = (BOT_USER_ID, *(p.id for p in people))
    channels = (Channel("C0GENERAL", "general", everyone), Channel("C0SPLITS", "splits", everyone))
    return Team(ACME_TEAM_ID, "Acme Splits", "acme-splits", ACME_TOKEN, people, channels)


def other_team() -> Team:
    """A second workspace with its own token and one member, for cross-workspace tests."""
    people = (Member("U0OLIVER", "oliver", "Oliver Outsider", "Asia/Tokyo"),)
    channels = (Channel("C0OTHER", "other-general", ("U0OBOT", "U0OLIVER")),)
    return Team(
        OTHER_TEAM_ID,
        "Other Firm",
        "other-firm",
        OTHER_TOKEN,
        people,
        channels,
        bot_user_id="U0OBOT",
        bot_id="B0OBOT",
    )


def default_seed() -> Seed:
    """Return the default seed: Acme Splits plus Other Firm."""
    return Seed(teams=(acme_team(), other_team()))


def crowd_seed(count: int, *, tz: str = "Europe/London") -> Seed:
    """Acme Splits with `count` more members (U1000000, U1000001, …), for load tests."""
    acme = acme_team()
    crowd = tuple(
        Member(f"U{1_000_000 + n}", f"partner{n}", f"Partner {n}", tz) for n in range(count)
    )
    crowded = Team(
        acme.id, acme.name, acme.domain, acme.bot_token, acme.members + crowd, acme.channels
    )
    return Seed(teams=(crowded, other_team()))


def connect_seed() -> Seed:
    """The default seed plus a Slack Connect channel between Acme Splits and Other Firm.

    #acme-other (C0CONNECT) is hosted by Acme; Erin, Dana and Acme's bot sit in it with Oliver
    and Other Firm's bot.
    """
    acme, other = acme_team(), other_team()
    members = (BOT_USER_ID, "U0ERIN", "U0DANA", "U0OBOT", "U0OLIVER")
    shared = Channel(CONNECT_CHANNEL, "acme-other", members, shared_with=(OTHER_TEAM_ID,))
    acme = dataclasses.replace(acme, channels=(*acme.channels, shared))
    return Seed(teams=(acme, other))


def firm_team(index: int, *, members: int = 3) -> Team:
    """Firm number `index` of a network seed: its own token, bot user, people and channels.

    Ids are derived from the index (T0F0003, U0F0003M1, xoxb-firm-0003-test...), so they never
    collide with each other or with the default teams.
    """
    tag = f"F{index:04d}"
    people = tuple(
        Member(
            f"U0{tag}M{n}",
            f"firm{index}-partner{n}",
            f"Partner {n} of Firm {index}",
            ZONES[(index + n) % len(ZONES)],
            is_admin=n == 0,
            is_owner=n == 0,
            is_primary_owner=n == 0,
            email=f"partner{n}@firm{index}.test",
        )
        for n in range(members)
    )
    bot = f"U0{tag}BOT"
    everyone = (bot, *(p.id for p in people))
    channels = (
        Channel(f"C0{tag}GEN", "general", everyone),
        Channel(f"C0{tag}SPL", "splits", everyone),
    )
    return Team(
        f"T0{tag}",
        f"Firm {index}",
        f"firm-{index}",
        f"xoxb-firm-{index:04d}-test",
        people,
        channels,
        bot_user_id=bot,
        bot_id=f"B0{tag}BOT",
    )


def network_seed(
    count: int, *, members: int = 3, connect: Iterable[tuple[int, int]] = (), **options: Any
) -> Seed:
    """`count` firms (see firm_team), each with its own bot token, bot user, people and channels.

    `connect` lists pairs of firm indexes to join with a Slack Connect channel hosted by the
    first (C0F0000X0001 for firms 0 and 1: everyone of both firms and both bot users); other
    keyword arguments go to Seed (token_rotation=True, client_secret=...).
    """
    teams = [firm_team(i, members=members) for i in range(count)]
    for host, guest in connect:
        a, b = teams[host], teams[guest]
        people = (a.bot_user_id, *(p.id for p in a.members))
        people += (b.bot_user_id, *(p.id for p in b.members))
        channel = Channel(
            f"C0F{host:04d}X{guest:04d}", f"firm{host}-firm{guest}", people, shared_with=(b.id,)
        )
        teams[host] = dataclasses.replace(a, channels=(*a.channels, channel))
    return Seed(teams=tuple(teams), **options)


ZONES = ("America/New_York", "Europe/London", "America/Los_Angeles", "Asia/Tokyo", "Europe/Berlin")
