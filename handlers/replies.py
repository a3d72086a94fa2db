"""Turning any outcome into one line for the person who asked: never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.errors import UserError
from handlers.verbs import Reply

log = logging.getLogger(__name__)

TRY_AGAIN = (
    "Followthrough lost its database for a moment; please try again "
    "(`/followthrough list` shows what was saved)."
)
SLACK_TROUBLE = "Slack didn't accept that just now; please try again."
OOPS = (
    "Something went wrong on Followthrough's side; please try again "
    "(`/followthrough list` shows what was saved)."
)


def just_ack(ack: Ack) -> None:
    """Acknowledge at once; the listener's work runs after, off the request thread."""
    ack()


def answer(work: Callable[[], Reply], *, what: str) -> Reply:
    """Run a step; user mistakes become their fix-it line, failures a short apology (logged)."""
    try:
        return work()
    except UserError as err:
        return Reply(str(err), refused=True)
    except (OperationalError, DBAPIError):
        log.exception("database unavailable while handling %s", what)
        return Reply(TRY_AGAIN, refused=True)
    except SlackApiError as err:
        log.warning("Slack refused a call while handling %s: %s", what, err.response.get("error"))
        return Reply(SLACK_TROUBLE, refused=True)
    except Exception:
        log.exception("failed to handle %s", what)
        return Reply(OOPS, refused=True)
