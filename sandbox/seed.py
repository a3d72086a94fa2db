"""The workspaces a stand-in starts with: teams, members, channels, tokens and secrets."""

from __future__ import annotations

from dataclasses import dataclass, field

ACME_TEAM_ID = "T0ACME"
ACME_TOKEN = "xoxb-acme-test"
OTHER_TEAM_ID = "T0OTHER"
OTHER_TOKEN = "xoxb-other-test"
SIGNING_SECRET = "sandbox-signing-secret"
VERIFICATION_TOKEN = "sandbox-verification-token"
API_APP_ID = "A0FOLLOW"
BOT_USER_ID = "U0BOT"
BOT_ID = "B0BOT"


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


@dataclass(frozen=True)
class Channel:
    """A public or private channel; `members` lists user ids (the bot must be listed to post)."""

    id: str
    name: str
    members: tuple[str, ...] = ()
    is_private: bool = False


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
