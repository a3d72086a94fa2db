"""Everything a running Followthrough process holds, wired once, and stopped in order."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from bot import db
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.errors import TryLater
from bot.inbox import Request
from bot.nudging.sweep import Sweeper
from bot.outbox import Reach
from bot.outbox.dispatch import Dispatch
from bot.services import Core, members
from bot.services.intake import already_used, hand_back, postpone, take, waiting
from followthrough.installations import Installations
from handlers.app import build_app
from handlers.calls import Secrets, call_webhook
from handlers.context import Deps
from handlers.emails import MailSecrets, email_webhook
from handlers.render.wording import SlackWording
from handlers.status_checks import check_statuses
from handlers.web import wsgi_app
from handlers.work import work
from scheduler.courier import Courier
from scheduler.drain import Drainer
from scheduler.pacer import Pacer

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")


class QuickCalls(ThreadPoolExecutor):
    """Slack calls made right after an ack (forms, whose trigger lasts 3 s); knows when idle."""

    def __init__(self, workers: int = 4) -> None:
        super().__init__(max_workers=workers, thread_name_prefix="quick")
        self.pending = 0
        self._count = threading.Lock()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._count:
            self.pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._count:
            self.pending -= 1


@dataclass
class Runtime:
    """The database, the core, the Slack app, the workers, the courier and the sweep."""

    settings: Settings
    engine: Engine
    clock: Clock
    core: Core
    client: WebClient
    team_id: str | None  # the one workspace of a bot token; None when installed through OAuth
    app: App
    sweeper: Sweeper
    courier: Courier
    deps: Deps
    quick: QuickCalls
    workers: list[Drainer] = field(default_factory=list)
    delivering: Drainer | None = None
    installations: Installations | None = None

    def start(self, *, work: bool = True) -> Runtime:
        """Start the inbox workers and the courier (unless another process does the work)."""
        if not work:
            self.workers, self.delivering = [], None
            return self
        for worker in self.workers:
            worker.start()
        if self.delivering is not None:
            self.delivering.start()
        return self

    def web(self) -> WSGIApplication:
        """The HTTP front: verified, replay-checked requests into the Bolt app."""
        return wsgi_app(
            self.app,
            self.healthy,
            signing_secret=self.settings.slack_signing_secret or "",
            seen=lambda signature: already_used(self.core, signature),
            calls=lambda environ: call_webhook(self.deps, self._secrets(), environ),
            emails=lambda environ: email_webhook(self.deps, self._mail_secrets(), environ),
        )

    def _secrets(self) -> Secrets:
        settings = self.settings
        return Secrets(settings.twilio_auth_token, settings.aircall_token, settings.public_url)

    def _mail_secrets(self) -> MailSecrets:
        settings = self.settings
        return MailSecrets(settings.mailgun_signing_key, settings.inbound_basic_auth)

    def healthy(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    def deliver_now(self) -> None:
        """Messages were put in the outbox: wake the courier."""
        if self.delivering is not None:
            self.delivering.wake()

    def wake(self) -> None:
        """New work was recorded: wake a worker now rather than at its next poll."""
        for worker in self.workers:
            if worker.idle():
                worker.wake()
                return
        if self.workers:
            self.workers[0].wake()

    def settle(self, timeout: float = 15) -> None:
        """Wait until every recorded request is worked and every due message delivered."""
        deadline = time.monotonic() + timeout
        calm = 0
        while calm < 3:
            if time.monotonic() > deadline:
                raise TimeoutError(f"Followthrough was still busy after {timeout} s")
            busy = self.quick.pending or waiting(self.core) or self.courier.dispatch.due()
            drainers = [*self.workers, *([self.delivering] if self.delivering else [])]
            if busy or not all(d.idle() for d in drainers):
                calm = 0
                for drainer in drainers:
                    drainer.wake()
            else:
                calm += 1
            time.sleep(0.01)

    def stop(self, *, deliver_for: float = 5.0) -> None:
        """Finish what is in hand, hand back the rest, deliver what is due (bounded), close."""
        for worker in self.workers:
            worker.stop(timeout=30)
        for worker in self.workers:
            try:
                hand_back(self.core, owner=worker.name)
            except (TryLater, SQLAlchemyError):
                log.warning(
                    "could not hand back %s's requests; their lease will run out", worker.name
                )
        self.quick.shutdown(wait=True)
        if self.delivering is not None:
            deadline = time.monotonic() + deliver_for
            while time.monotonic() < deadline and self._deliverable():
                self.delivering.wake()
                time.sleep(0.05)
            self.courier.stopping.set()
            self.delivering.stop(timeout=self.settings.slack_timeout * 2)
            try:
                self.courier.dispatch.release()
            except SQLAlchemyError:
                log.warning("could not hand back the courier's messages; their lease will run out")
        self.engine.dispose()

    def _deliverable(self) -> bool:
        try:
            return self.courier.dispatch.waiting() > 0
        except SQLAlchemyError:
            return False


def build_runtime(
    settings: Settings,
    *,
    clock: Clock | None = None,
    pacer: Pacer | None = None,
    poll: float = 1.0,
    tokens: dict[str, str] | None = None,
) -> Runtime:
    """Migrate, check the token with Slack, and wire everything (nothing is started yet).

    `pacer` replaces the pacing under Slack's published limits (a stand-in without limits);
    `tokens` installs the app in more workspaces (team id: bot token), as a network of firms.
    """
    engine = db.make_engine(settings.database_url)
    db.upgrade(engine)
    sessions = db.make_session_factory(engine)
    reads = db.make_session_factory(engine, read_only=True)
    clock = clock or SystemClock()
    wording = SlackWording()
    process = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    installations = Installations(settings, engine) if settings.oauth else None
    installs: list[_Install] = []
    if installations is None:  # one workspace, one bot token (and more in a test network)
        installs = [_install(settings, settings.slack_bot_token or "")]
        installs += [_install(settings, token) for token in (tokens or {}).values()]
        client, team_id, clients, delivery = _token_workspaces(installs)
    else:  # each firm installed through OAuth: its team's installation
        client, team_id = WebClient(base_url=settings.slack_api_url), None
        clients, delivery = installations.clients, installations.delivery_clients
    # "A firm has installed the app" is "we hold a client for it": DMs go through its install.
    reach = Reach(
        installed=lambda team: clients(team) is not None, install_url=settings.install_url
    )
    quick = QuickCalls()
    holder: dict[str, Runtime] = {}
    core = Core(
        sessions,
        clock,
        settings,
        wording,
        reads=reads,
        posted=lambda: holder["runtime"].deliver_now() if holder else None,
        reach=reach,
    )
    for install in installs:  # a valid token after a reinstall resumes delivery
        members.installed(core, install.team_id, name=install.name)
    deps = Deps(
        core=core,
        clients=clients,
        wake=lambda: holder["runtime"].wake() if holder else None,
        quick=quick,
        install_url=settings.install_url,
        forget_installation=installations.forget if installations else None,
    )
    if pacer is None and settings.pacing == "off":
        pacer = Pacer.unlimited()
    if pacer is None:
        pacer = Pacer()
        pacer.rates["chat.postMessage"] = settings.post_rate
    dispatch = Dispatch(sessions, clock, settings, wording, owner=f"{process}:courier")
    courier = Courier(dispatch, delivery, pacer)
    sweeper = Sweeper(
        sessions,
        settings,
        clock,
        wording,
        posted=core.posted,
        before=lambda now: check_statuses(deps, now),
        reach=reach,
    )
    runtime = Runtime(
        settings=settings,
        engine=engine,
        clock=clock,
        core=core,
        client=client,
        team_id=team_id,
        app=build_app(
            deps,
            client=client,
            oauth_flow=installations.oauth_flow(lambda team: members.installed(core, team))
            if installations
            else None,
        ),
        sweeper=sweeper,
        courier=courier,
        deps=deps,
        quick=quick,
        installations=installations,
    )
    runtime.workers = [
        _worker(deps, f"{process}:worker-{n}", poll) for n in range(settings.workers)
    ]
    runtime.delivering = Drainer(f"{process}:courier", courier.step, poll=poll)
    holder["runtime"] = runtime
    return runtime


Clients = Callable[[str], WebClient | None]


def _token_workspaces(installs: list[_Install]) -> tuple[WebClient, str, Clients, Clients]:
    """Bot tokens (SLACK_BOT_TOKEN, and more firms in a test network): the first one's client
    and team, and the ack client and the courier's for each team."""
    by_team = {install.team_id: install for install in installs}
    return (
        installs[0].client,
        installs[0].team_id,
        lambda team: by_team[team].client if team in by_team else None,
        lambda team: by_team[team].delivery if team in by_team else None,
    )


@dataclass(frozen=True)
class _Install:
    """The app installed in one workspace: its clients, checked with Slack."""

    team_id: str
    name: str
    client: WebClient  # for listeners and workers (one retry on a dropped connection)
    delivery: WebClient  # the courier's: never sleeps on a 429, reschedules instead


def _install(settings: Settings, token: str) -> _Install:
    def made(retries: list[RetryHandler]) -> WebClient:
        return WebClient(
            token=token,
            base_url=settings.slack_api_url,
            timeout=settings.slack_timeout,
            retry_handlers=retries,
        )

    client = made([ConnectionErrorRetryHandler(max_retry_count=1)])
    checked = client.auth_test()
    return _Install(str(checked["team_id"]), str(checked.get("team") or ""), client, made([]))


def _worker(deps: Deps, name: str, poll: float) -> Drainer:
    busy = False  # the last step worked a request: under load, claim without looking first

    def step() -> bool:
        nonlocal busy
        request = take(deps.core, owner=name, look_first=not busy)
        busy = request is not None
        if request is None:
            return False
        try:
            work(deps, request)
        except TryLater as err:
            log.warning("request %s must wait: %s", request.id, err)
            _postpone(deps, request, str(err))
        return True

    return Drainer(name, step, poll=poll)


def _postpone(deps: Deps, request: Request, reason: str) -> None:
    """Give the request back for a later try; while the database is away, keep trying."""
    for pause in (0.0, 0.5, 1.0, 2.0, 4.0):
        time.sleep(pause)
        try:
            postpone(deps.core, request, reason)
            return
        except TryLater:
            continue
    log.warning("request %s stays claimed until its lease runs out", request.id)
