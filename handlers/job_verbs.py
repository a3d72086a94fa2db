"""The job-order verbs: `job` (post, close, fill), `jobs` (the board), the job channel setting."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_sdk.errors import SlackApiError, SlackClientError

from bot import ledger
from bot.errors import InvalidInput
from bot.ledger import JobClosed
from bot.models import JobOrderStatus, Member, Workspace
from bot.outbox import Message
from bot.services import Unit, jobs, reading
from bot.services.jobs import JobPosted
from handlers.context import Deps
from handlers.grammar import Request, channel_id
from handlers.render.jobs import board_reply, closed_reply, posted_reply

if TYPE_CHECKING:
    from handlers.verbs import Invocation

log = logging.getLogger(__name__)

CHANNEL_SETTING = frozenset({"jobs-channel", "job-channel", "jobs_channel"})
CHANNEL_USAGE = (
    "Try `settings jobs-channel #jobs` (pick the channel from the # menu), "
    "or `settings jobs-channel off`."
)
INVITE = "/invite @Followthrough"


def job(request: Request, who: Invocation) -> None:
    """Post a job order, or close or fill one (`job close JO-3 …`, `job filled JO-3`)."""
    if request.job_outcome:
        _close(request, who)
        return

    def say(posted: JobPosted, _importer: Member) -> Message:
        return Message(posted_reply(posted.job, posted.channel))

    jobs.post(
        who.deps.core,
        who.origin,
        title=request.title or "",
        client=request.client,
        location=request.location,
        fee_percent=request.fee_percent,
        split_importer=request.split,
        guarantee_days=request.guarantee_days,
        terms_note=request.terms_note,
        say=say,
    )


def _close(request: Request, who: Invocation) -> None:
    def say(closed: JobClosed, _actor: Member) -> Message:
        return Message(closed_reply(closed))

    jobs.close(
        who.deps.core,
        who.origin,
        ref=request.ref or "",
        status=JobOrderStatus(request.job_outcome or JobOrderStatus.CLOSED.value),
        reason=request.note,
        say=say,
    )


def board(request: Request, who: Invocation) -> None:
    """The open job orders of the workspace, a page at a time, only to the person who asked."""
    page = _page(request)

    def question(unit: Unit) -> Message:
        found = ledger.board(unit.scope, request.niche, page=page)
        return Message(*board_reply(found, request.niche, unit.scope.now))

    reading.tell(who.deps.core, who.origin, question)


def is_channel_setting(args: tuple[str, ...]) -> bool:
    """`settings jobs-channel …`"""
    return bool(args) and args[0].lower() in CHANNEL_SETTING


def job_channel(args: tuple[str, ...], who: Invocation) -> None:
    """An admin chooses where new job orders are announced (`off`: nowhere)."""
    if len(args) != 2:
        raise InvalidInput(CHANNEL_USAGE)
    chosen = None if args[1].lower() in {"off", "none"} else channel_id(args[1])
    if chosen is None and args[1].lower() not in {"off", "none"}:
        raise InvalidInput(
            f"I couldn't tell which channel “{args[1][:40]}” is; pick it from the # menu "
            "so Slack links it (a private channel needs Followthrough invited first)."
        )
    member = bot_in_channel(who.deps, who.team_id, chosen) if chosen else None

    def say(workspace: Workspace, _admin: Member) -> Message:
        if workspace.job_channel is None:
            return Message("Saved. New job orders are no longer announced in a channel.")
        saved = f"Saved. New job orders will be announced in <#{workspace.job_channel}>."
        if member:
            return Message(saved)
        return Message(
            f"{saved} Followthrough isn't in that channel yet: type `{INVITE}` there, "
            "or the announcements can't be posted."
        )

    jobs.choose_channel(who.deps.core, who.origin, channel=chosen, say=say)


def bot_in_channel(deps: Deps, team_id: str, channel: str) -> bool:
    """Whether the bot is a member of the channel (it can post there); False when unsure."""
    try:
        info = deps.client(team_id).conversations_info(channel=channel)
    except SlackApiError as err:
        log.info("conversations.info %s: %s", channel, err.response.get("error"))
        return False  # a private channel the bot isn't in is "channel_not_found"
    except (SlackClientError, OSError, LookupError):
        log.warning("could not ask Slack whether Followthrough is in %s", channel, exc_info=True)
        return False
    return bool((info.get("channel") or {}).get("is_member"))


def _page(request: Request) -> int:
    if not request.args:
        return 1
    page = request.args[0]
    if page.isdigit() and 1 <= int(page) <= 1000:
        return int(page)
    raise InvalidInput("Try `jobs` for the newest job orders, or `jobs 2` for the next page.")
