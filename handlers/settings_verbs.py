"""`/followthrough settings …`: reminders, dates, deal terms and clocks, the job channel, the
webhook URLs, email bodies and the network directory."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.errors import InvalidInput
from bot.models import Member, Workspace
from bot.outbox import Message
from bot.services import calls, emails, members
from handlers import job_verbs
from handlers.grammar import Request
from handlers.job_grammar import business_days, fee_percent, guarantee_days, split_share
from handlers.render import network
from handlers.render.terms import defaults_words
from handlers.texts import settings_summary, webhook_help

if TYPE_CHECKING:
    from handlers.verbs import Invocation


def settings(request: Request, who: Invocation) -> None:
    """`settings`: show or change the workspace's settings (admins change them)."""
    words = [arg.lower() for arg in request.args]
    if words == ["inbound"]:
        calls.tell_webhook_urls(
            who.deps.core, who.origin, say=lambda inbound: Message(webhook_help(inbound))
        )
        return
    if words[:2] == ["email", "bodies"]:
        _email_bodies(words[2:], who)
        return
    if words[:1] == ["directory"]:
        _directory(words[1:], who)
        return
    if job_verbs.is_channel_setting(request.args):
        job_verbs.job_channel(request.args, who)
        return
    changes = _setting_changes(request.args)
    settings = who.deps.core.settings

    def say(workspace: Workspace, _reader: Member) -> Message:
        max_nudges = workspace.max_nudges or settings.max_nudges
        spacing = workspace.nudge_spacing_days or settings.nudge_spacing_days
        saved = "Saved. " if changes else ""
        dates = workspace.date_order or "mdy"
        summary = settings_summary(
            settings, max_nudges, spacing, dates, workspace.job_channel, workspace.directory
        )
        return Message(saved + summary + defaults_words(workspace))

    members.nudge_settings(who.deps.core, who.origin, changes=changes, say=say)


def _email_bodies(words: list[str], who: Invocation) -> None:
    if words not in (["on"], ["off"]):
        raise InvalidInput("Say `settings email bodies on` or `settings email bodies off`.")

    def say(workspace: Workspace, _reader: Member) -> Message:
        if workspace.email_bodies:
            return Message("Saved. An email's body is now kept with its conversation.")
        return Message("Saved. Only an email's subject is kept with its conversation.")

    emails.email_bodies(who.deps.core, who.origin, keep=words == ["on"], say=say)


def _directory(switch: list[str], who: Invocation) -> None:
    """`settings directory on|off`: list this firm's members in other firms' `partners`."""
    if switch not in (["on"], ["off"]):
        raise InvalidInput(
            "Try `settings directory on` (other firms in the network find your partners with "
            "`partners healthcare`) or `settings directory off`."
        )
    members.directory(
        who.deps.core,
        who.origin,
        listed=switch == ["on"],
        say=lambda workspace, _reader: Message(network.directory_saved(workspace.directory)),
    )


TERM_SETTINGS: dict[str, tuple[str, Callable[[str], int | float]]] = {
    "split": ("split_importer", split_share),
    "fee": ("fee_percent", fee_percent),
    "guarantee": ("guarantee_days", guarantee_days),
    "feedback": ("feedback_days", business_days),
    "placement": ("placement_days", business_days),
    "payout": ("payout_days", business_days),
    "ownership": ("ownership_days", business_days),
}


DATE_ORDERS = {"mdy": "mdy", "us": "mdy", "dmy": "dmy", "uk": "dmy", "eu": "dmy"}


def _setting_changes(args: tuple[str, ...]) -> dict[str, int | float | str]:
    names = {"nudges": "max_nudges", "reminders": "max_nudges", "spacing": "spacing_days"}
    changes: dict[str, int | float | str] = {}
    usage = (
        "Try `settings nudges 3 spacing 2` (reminders, business days apart), "
        "`settings dates dmy` (12/04 is 12 April; `mdy`: Dec 4) or "
        "`settings split 50/50 fee 25% guarantee 90d` (new job orders' terms)."
    )
    if len(args) % 2:
        raise InvalidInput(usage)
    for name, value in zip(args[::2], args[1::2], strict=True):
        if name.lower() == "dates" and value.lower() in DATE_ORDERS:
            changes["date_order"] = DATE_ORDERS[value.lower()]
            continue
        if name.lower() in TERM_SETTINGS:
            key, read = TERM_SETTINGS[name.lower()]
            changes[key] = read(value)
            continue
        if name.lower() not in names or not value.isdigit():
            raise InvalidInput(usage)
        changes[names[name.lower()]] = int(value)
    return changes
