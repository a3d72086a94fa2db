"""Working a recorded request: the part of every listener that runs after the ack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from bot.errors import TryLater, UserError
from bot.inbox import Request
from bot.models import RequestKind
from bot.services import Origin
from handlers.actions import click_origin, run_click
from handlers.calls import call_origin, run_call
from handlers.commands import command_origin, run_command
from handlers.context import Deps
from handlers.emails import email_origin, run_email
from handlers.events import event_origin, run_event
from handlers.views import form_origin, run_form

log = logging.getLogger(__name__)

Side = tuple[
    Callable[[str, dict[str, Any], Request], Origin],
    Callable[[Deps, Origin, dict[str, Any]], None],
]
SIDES: dict[RequestKind, Side] = {
    RequestKind.COMMAND: (command_origin, run_command),
    RequestKind.ACTION: (click_origin, run_click),
    RequestKind.VIEW: (form_origin, run_form),
    RequestKind.EVENT: (event_origin, run_event),
    RequestKind.CALL: (call_origin, run_call),
    RequestKind.EMAIL: (email_origin, run_email),
}


def work(deps: Deps, request: Request) -> None:
    """Carry out one recorded request exactly once; an outage raises TryLater (kept for later)."""
    make_origin, carry_out = SIDES[request.kind]
    origin = make_origin(request.team_id, request.body, request)
    try:
        carry_out(deps, origin, request.body)
    except UserError as err:
        deps.core.refuse(origin, err)
    except TryLater:
        raise
    except Exception as err:
        deps.core.fail(origin, err)
    deps.core.settle(origin)
