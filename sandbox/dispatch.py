"""The Web API pipeline: faults, auth, rate limits, argument checks, method, call log."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.args import check_arguments, decode_body, decode_query
from sandbox.errors import SlackError
from sandbox.faults import Faults
from sandbox.methods import HANDLERS, Call
from sandbox.methods.app_level import APP_HANDLERS, AppCall, SocketLinks
from sandbox.model import CallRecord
from sandbox.ratelimit import RateLimiter
from sandbox.state import SandboxState
from sandbox.workspace import Workspace

JSON = dict[str, Any]


@dataclass
class Reply:
    """An HTTP answer: status, JSON body, extra headers and how long to hold it back."""

    status: int
    body: JSON
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass(frozen=True)
class ApiRequest:
    """One HTTP request to /api/<method>."""

    method: str
    authorization: str | None
    query: str
    content_type: str
    body: bytes


def _bearer(authorization: str | None) -> str | None:
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return None


class ApiDispatcher:
    """Answers Web API requests against the shared state."""

    def __init__(
        self,
        state: SandboxState,
        limiter: RateLimiter,
        faults: Faults,
        links: SocketLinks | None = None,
    ) -> None:
        self.state = state
        self.limiter = limiter
        self.faults = faults
        self.links = links

    def handle(self, request: ApiRequest) -> Reply:
        """Answer one Web API request and record it."""
        outcome = self.faults.take(request.method)
        args: JSON = {}
        token: str | None = None
        team_id: str | None = None
        if outcome.status == 429:
            reply = _ratelimited(outcome.retry_after or 1)
        elif outcome.status is not None:
            reply = Reply(outcome.status, {"ok": False, "error": "fatal_error"})
        else:
            try:
                args, token = self._arguments(request)
                with self.state.lock:
                    if request.method in APP_HANDLERS:
                        reply = self._app_call(request, args, token)
                        team_id = _installed_team(reply)
                    else:
                        ws = self._authorize(request.method, token)
                        team_id = ws.id
                        reply = self._call(request.method, ws, args)
            except SlackError as exc:
                reply = Reply(200, exc.body())
        reply.delay = outcome.delay
        self._record(request.method, args, token, team_id, reply)
        return reply

    def _arguments(self, request: ApiRequest) -> tuple[JSON, str | None]:
        args = decode_query(request.query)
        form_token = args.get("token")
        body_args = decode_body(request.content_type, request.body)
        if not request.content_type.lower().startswith("application/json"):
            form_token = body_args.get("token", form_token)
        args.update(body_args)
        token = _bearer(request.authorization) or (str(form_token) if form_token else None)
        return args, token

    def _authorize(self, method: str, token: str | None) -> Workspace:
        if method not in HANDLERS:
            raise SlackError("unknown_method", ["[ERROR] this method is not modelled"])
        ws = self.state.authenticate(token)
        if not ws.installed:
            raise SlackError("account_inactive")
        return ws

    def _call(self, method: str, ws: Workspace, args: JSON) -> Reply:
        channel = args.get("channel")
        key = channel if isinstance(channel, str) and channel else None
        if key is not None and key in ws.members:
            key = ws.dm_channel(key)
        retry_after = self.limiter.check(ws.id, method, key)
        if retry_after is not None:
            return _ratelimited(retry_after)
        check_arguments(method, args)
        call = Call(self.state, ws, args, self.state.clock())
        return Reply(200, HANDLERS[method](call))

    def _app_call(self, request: ApiRequest, args: JSON, token: str | None) -> Reply:
        retry_after = self.limiter.check(f"app:{self.state.seed.api_app_id}", request.method, None)
        if retry_after is not None:
            return _ratelimited(retry_after)
        check_arguments(request.method, args)
        call = AppCall(self.state, args, token, request.authorization, self.links)
        return Reply(200, APP_HANDLERS[request.method](call))

    def _record(
        self, method: str, args: JSON, token: str | None, team_id: str | None, reply: Reply
    ) -> None:
        public_args = {k: v for k, v in args.items() if k != "token"}
        record = CallRecord(
            method, public_args, token, team_id, reply.status, reply.body, self.state.clock()
        )
        with self.state.lock:
            self.state.calls.append(record)


def _installed_team(reply: Reply) -> str | None:
    team = reply.body.get("team")
    return str(team["id"]) if isinstance(team, dict) and "id" in team else None


def _ratelimited(retry_after: int) -> Reply:
    return Reply(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": str(retry_after)})
