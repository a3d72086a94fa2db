"""Typed settings from the environment, validated once at start."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Literal, TypeVar

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.windows import BusinessCalendar, WindowError, WorkingHours, parse_window
from bot.windows.public_holidays import zone_holiday_country

ENV_PREFIX = "FOLLOWTHROUGH_"
INSTALL_PATH = "/slack/install"  # the "Add to Slack" page in OAuth mode
REDIRECT_PATH = "/slack/oauth_redirect"  # where Slack sends the admin back with a code
# The most Slack calls a worker makes on one claimed request (two users.info with a retry each,
# a views.publish with a retry); the courier renews its claims between posts.
CALLS_PER_CLAIM = 6


class SettingsError(Exception):
    """Settings that cannot start the bot; the message is one line per problem."""


class Settings(BaseSettings):
    """Everything Followthrough reads from its environment (prefix FOLLOWTHROUGH_)."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="ignore", frozen=True, populate_by_name=True
    )

    database_url: str = "sqlite:///followthrough.db"
    default_timezone: str = "UTC"
    working_hours: str = "Mon-Fri 09:00-17:30"
    # Only for members whose timezone names no country (UTC, Etc/…) and who chose none.
    holiday_country: str | None = None
    default_window: str = "2d"
    max_nudges: int = Field(default=2, ge=1, le=10)
    nudge_spacing_days: int = Field(default=1, ge=1, le=30)
    sweep_seconds: int = Field(default=60, ge=5, le=3600)
    # How long a claim on a request or a message lasts; a crashed process's claims are taken
    # over after it. It must outlast the Slack calls one request may make (see below).
    lease_seconds: int = Field(default=180, ge=5, le=3600)
    # Seconds a Web API call may take before it counts as failed (and is retried later).
    slack_timeout: int = Field(default=10, ge=1, le=60)
    # Threads working recorded requests in each process.
    workers: int = Field(default=4, ge=1, le=64)
    # `serve` answers Slack in one process and works requests, delivers and sweeps in a second
    # one, so an acknowledgement never waits behind work for Python's interpreter lock.
    separate_workers: bool = True
    # DMs per second per workspace: a little under Slack's chat.postMessage limit.
    post_rate: float = Field(default=4.8, gt=0, le=1000)
    # "slack" paces every Web API call under Slack's published limits; "off" is for a local
    # Slack stand-in that enforces none (the demo, tests).
    pacing: Literal["slack", "off"] = "slack"
    log_level: str = "INFO"
    # Call evidence: the address the phone systems reach this bot at (for the webhook URLs and
    # Twilio's signature, which covers the URL as Twilio called it), and each provider's secret.
    public_url: str | None = None
    twilio_auth_token: str | None = None
    aircall_token: str | None = None
    # Email evidence: Mailgun's webhook signing key (each post is signed with it), and optional
    # HTTP basic auth ("user:password") that Postmark and SendGrid posts must carry.
    mailgun_signing_key: str | None = None
    # A debtor's Slack status older than this is asked for again (users.info) before a reminder.
    status_max_age_hours: int = Field(default=6, ge=1, le=168)
    inbound_basic_auth: str | None = None

    # Slack's own variable names, as in Slack's guides (no FOLLOWTHROUGH_ prefix).
    slack_bot_token: str | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_signing_secret: str | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_app_token: str | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")
    # A network of firms: each installs the app through OAuth v2 (instead of SLACK_BOT_TOKEN).
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: str | None = Field(default=None, validation_alias="SLACK_CLIENT_SECRET")
    slack_redirect_uri: str | None = Field(default=None, validation_alias="SLACK_REDIRECT_URI")

    @model_validator(mode="after")
    def _lease_outlasts_the_work(self) -> Settings:
        least = CALLS_PER_CLAIM * 2 * self.slack_timeout
        if self.lease_seconds < least:
            raise ValueError(
                f"FOLLOWTHROUGH_LEASE_SECONDS must be at least {least} "
                f"({CALLS_PER_CLAIM} Slack calls of up to FOLLOWTHROUGH_SLACK_TIMEOUT="
                f"{self.slack_timeout} s each, twice over), or another process may redo the work"
            )
        return self

    @field_validator("database_url")
    @classmethod
    def _url_has_scheme(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError("use a SQLAlchemy URL such as sqlite:///followthrough.db")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_is_http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("use the Web API base URL, e.g. https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("holiday_country", mode="before")
    @classmethod
    def _blank_country_means_none(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().lower() in {"", "none", "off"}:
            return None
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        _check(lambda tz: BusinessCalendar(timezone=tz), value)
        return value

    @field_validator("holiday_country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        _check(lambda country: BusinessCalendar(country=country), value)
        return value

    @field_validator("working_hours")
    @classmethod
    def _hours_parse(cls, value: str) -> str:
        return str(_check(WorkingHours.parse, value))

    @field_validator("default_window")
    @classmethod
    def _window_parses(cls, value: str) -> str:
        return _check(parse_window, value).text

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return level

    def default_calendar_for(self, timezone: str | None) -> BusinessCalendar:
        """The business calendar of a member who has set nothing but (maybe) a timezone."""
        timezone = timezone or self.default_timezone
        return BusinessCalendar(
            timezone=timezone,
            hours=self.default_hours,
            country=zone_holiday_country(timezone) or self.holiday_country,
        )

    @property
    def oauth(self) -> bool:
        """Installed per workspace through OAuth v2, rather than with one bot token."""
        return bool(self.slack_client_id) and not self.slack_bot_token

    @property
    def install_url(self) -> str | None:
        """Where a firm's admin adds Followthrough to their workspace (None with one token)."""
        if not self.oauth:
            return None
        base = self.public_url or _origin(self.slack_redirect_uri)
        return f"{base.rstrip('/')}{INSTALL_PATH}" if base else None

    @cached_property
    def default_hours(self) -> WorkingHours:
        """The workspace's default working hours."""
        return WorkingHours.parse(self.working_hours)


_T = TypeVar("_T")
_R = TypeVar("_R")


def _check(parse: Callable[[_T], _R], value: _T) -> _R:
    try:
        return parse(value)
    except WindowError as err:
        raise ValueError(str(err)) from None


def _origin(url: str | None) -> str | None:
    """scheme://host[:port] of a URL."""
    if not url or "://" not in url:
        return None
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


def slack_problems(settings: Settings, *, socket_mode: bool) -> list[str]:
    """What stops `serve` from talking to Slack, one fix-it line each (empty when ready)."""
    problems = []
    token, secret, app_token = (
        settings.slack_bot_token,
        settings.slack_signing_secret,
        settings.slack_app_token,
    )
    client_id, client_secret = settings.slack_client_id, settings.slack_client_secret
    if token and (client_id or client_secret):
        problems.append(
            "Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET "
            "(each firm installs through OAuth), not both."
        )
    elif client_id or client_secret:
        problems.extend(_oauth_problems(settings))
    elif not token:
        problems.append(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-…), or set "
            "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to let each firm install through OAuth."
        )
    if token and not token.startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN must be the bot token, which starts with xoxb-.")
    if socket_mode and app_token and not app_token.startswith("xapp-"):
        problems.append("SLACK_APP_TOKEN must be an app-level token, which starts with xapp-.")
    if not socket_mode and not secret:
        problems.append(
            "SLACK_SIGNING_SECRET is not set: copy it from Basic Information → App Credentials."
        )
    return problems


def _oauth_problems(settings: Settings) -> list[str]:
    """Installing through OAuth needs both client credentials and a way back to this bot."""
    problems = []
    if not settings.slack_client_id:
        problems.append(
            "SLACK_CLIENT_SECRET is set without SLACK_CLIENT_ID: copy the Client ID from "
            "Basic Information → App Credentials."
        )
    if not settings.slack_client_secret:
        problems.append(
            "SLACK_CLIENT_ID is set without SLACK_CLIENT_SECRET: copy the Client Secret from "
            "Basic Information → App Credentials."
        )
    redirect = settings.slack_redirect_uri
    if redirect and not redirect.split("?", 1)[0].endswith(REDIRECT_PATH):
        problems.append(
            f"SLACK_REDIRECT_URI must end with {REDIRECT_PATH}, where Followthrough finishes "
            "an install (and be listed under OAuth & Permissions → Redirect URLs)."
        )
    if settings.slack_client_id and settings.slack_client_secret and not settings.install_url:
        problems.append(
            "Set FOLLOWTHROUGH_PUBLIC_URL (or SLACK_REDIRECT_URI) to the https address Slack "
            f"reaches this bot at, so firms can be sent its {INSTALL_PATH} link."
        )
    return problems


def load_settings(**overrides: object) -> Settings:
    """Read and validate settings, turning every problem into one readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as err:
        lines = []
        for problem in err.errors():
            field = ".".join(str(part) for part in problem["loc"]).upper()
            reason = problem["msg"].removeprefix("Value error, ")
            if not field:  # a rule across settings names them itself
                lines.append(reason)
                continue
            name = field if field.startswith("SLACK_") else ENV_PREFIX + field
            lines.append(f"{name}: {reason} (got {problem['input']!r})")
        raise SettingsError("\n".join(lines)) from None
