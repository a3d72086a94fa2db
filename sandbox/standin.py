"""SlackStandIn: the local Slack Web API, started and stopped around tests or a demo."""

from __future__ import annotations

from types import TracebackType
from typing import Any

from slack_sdk import WebClient

from sandbox.clock import Clock, OffsetClock
from sandbox.dispatch import ApiDispatcher, Reply
from sandbox.faults import Faults
from sandbox.hooks import HooksMixin
from sandbox.inspection import InspectionMixin
from sandbox.ratelimit import RateLimitConfig, RateLimiter
from sandbox.responder import post_to_response_url
from sandbox.seed import ACME_TEAM_ID, Seed, default_seed
from sandbox.server import HttpServer, api_request
from sandbox.socket_mode import SocketModeServer
from sandbox.state import SandboxState


class SlackStandIn(InspectionMixin, HooksMixin):
    """A stateful local Slack: Web API, response URLs, inspection and test hooks."""

    def __init__(
        self,
        seed: Seed | None = None,
        *,
        clock: Clock | None = None,
        rate_limits: RateLimitConfig | None = None,
        latency: float = 0.0,
        host: str = "127.0.0.1",
    ) -> None:
        self.seed = seed or default_seed()
        self.clock: Clock = clock or OffsetClock()
        self._state = SandboxState(self.seed, self.clock)
        self.faults = Faults(self.clock)
        self.faults.latency = latency
        self.limiter = RateLimiter(rate_limits or RateLimitConfig(), self.clock)
        self.socket_mode = SocketModeServer(host)
        self._dispatcher = ApiDispatcher(self._state, self.limiter, self.faults, self.socket_mode)
        self._http = HttpServer(self._route, host)

    def start(self) -> SlackStandIn:
        """Start serving the Web API on an ephemeral port (Socket Mode starts when first asked for);
        returns self."""
        self._http.start()
        self._state.base_url = self._http.base_url
        return self

    def stop(self) -> None:
        """Stop serving."""
        self.socket_mode.stop()
        self._http.stop()

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """The server root, e.g. "http://127.0.0.1:54321"."""
        return self._http.base_url

    @property
    def api_url(self) -> str:
        """The Web API base URL to give WebClient(base_url=...); ends with "/"."""
        return f"{self.base_url}/api/"

    @property
    def state(self) -> SandboxState:
        """The live state behind the stand-in (for the driver; hold state.lock while using it)."""
        return self._state

    @property
    def app_token(self) -> str:
        """The app-level token (xapp-…) that may call apps.connections.open for Socket Mode."""
        return self.seed.app_token

    @property
    def signing_secret(self) -> str:
        """The secret requests to the app are signed with."""
        return self.seed.signing_secret

    def token(self, team_id: str = ACME_TEAM_ID) -> str:
        """Return the bot token a team's installation uses now (a reinstall issues a new one)."""
        with self._state.lock:
            return self._state.installs.current[team_id]

    def client(self, team_id: str = ACME_TEAM_ID, **kwargs: Any) -> WebClient:
        """Return a slack_sdk WebClient pointed at this stand-in with the team's bot token."""
        return WebClient(token=self.token(team_id), base_url=self.api_url, **kwargs)

    def advance(self, seconds: float) -> None:
        """Move the stand-in's clock forward (trigger expiry, rate-limit windows, URL expiry)."""
        advance = getattr(self.clock, "advance", None)
        if advance is None:
            raise TypeError("this stand-in's clock cannot be advanced")
        advance(seconds)

    def _route(self, path: str, query: str, headers: dict[str, str], body: bytes) -> Reply:
        if path.startswith("/api/"):
            return self._dispatcher.handle(api_request(path, query, headers, body))
        if path.startswith("/response/"):
            outcome = self.faults.take("response_url")
            if outcome.status == 429:
                retry = {"Retry-After": str(outcome.retry_after or 1)}
                return Reply(429, {"ok": False, "error": "ratelimited"}, retry)
            if outcome.status is not None:
                return Reply(outcome.status, {"ok": False, "error": "fatal_error"})
            url_id = path.removeprefix("/response/")
            status, answer = post_to_response_url(
                self._state, url_id, headers.get("content-type", ""), body
            )
            return Reply(status, answer, delay=outcome.delay)
        return Reply(404, {"ok": False, "error": "not_found"})
