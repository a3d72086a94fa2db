"""A local Slack stand-in (Web API over real HTTP, Socket Mode over a WebSocket) and a driver
that plays Slack toward an app over either."""

from sandbox.clock import Clock, ManualClock, OffsetClock
from sandbox.driver import Driver, DriverResponse, InteractionFailed, Posted
from sandbox.errors import DriverError, SlackError
from sandbox.model import CallRecord, Ephemeral, Message, ViewRecord
from sandbox.ratelimit import Limit, RateLimitConfig
from sandbox.seed import (
    ACME_TEAM_ID,
    ACME_TOKEN,
    API_APP_ID,
    APP_TOKEN,
    BOT_USER_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    CONNECT_CHANNEL,
    OTHER_TEAM_ID,
    OTHER_TOKEN,
    SIGNING_SECRET,
    Channel,
    Member,
    Seed,
    Team,
    connect_seed,
    crowd_seed,
    default_seed,
    firm_team,
    network_seed,
)
from sandbox.socket_apps import shut_down, socket_mode_app
from sandbox.socket_mode import SocketModeServer
from sandbox.standin import SlackStandIn
from sandbox.transport import signature
from sandbox.visible import button_labels, visible_text
from sandbox.wsgi import serve_wsgi

__all__ = [
    "ACME_TEAM_ID",
    "ACME_TOKEN",
    "API_APP_ID",
    "APP_TOKEN",
    "BOT_USER_ID",
    "CLIENT_ID",
    "CLIENT_SECRET",
    "CONNECT_CHANNEL",
    "OTHER_TEAM_ID",
    "OTHER_TOKEN",
    "SIGNING_SECRET",
    "CallRecord",
    "Channel",
    "Clock",
    "Driver",
    "DriverError",
    "DriverResponse",
    "Ephemeral",
    "InteractionFailed",
    "Limit",
    "ManualClock",
    "Member",
    "Message",
    "OffsetClock",
    "Posted",
    "RateLimitConfig",
    "Seed",
    "SlackError",
    "SlackStandIn",
    "SocketModeServer",
    "Team",
    "ViewRecord",
    "button_labels",
    "connect_seed",
    "crowd_seed",
    "default_seed",
    "firm_team",
    "network_seed",
    "serve_wsgi",
    "shut_down",
    "signature",
    "socket_mode_app",
    "visible_text",
]
