"""Submitted modals back into requests, with inline errors for what can be checked at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.errors import UserError
from bot.windows import parse_window, until
from handlers.grammar import Request, Verb
from handlers.job_grammar import fraction_fix, guarantee_days, split_share
from handlers.render.modals import PICKED, VALUE

BOTH = "Pick a time or type a window, not both."


def read_state(view: dict[str, Any]) -> dict[str, str | None]:
    """Each input's value by block id, whatever kind of element it is (a picked date and time
    as its UNIX seconds)."""
    found: dict[str, str | None] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        element: dict[str, Any] = actions.get(VALUE) or next(iter(actions.values()), {})
        option = element.get("selected_option") or {}
        value = (
            element.get("value")
            or element.get("selected_user")
            or element.get("selected_date")
            or _seconds(element.get("selected_date_time"))
            or option.get("value")
        )
        found[block_id] = value.strip() if isinstance(value, str) and value.strip() else None
    return found


def request_from_form(
    verb: Verb, fields: dict[str, str | None], *, now: datetime | None = None
) -> tuple[Request, dict[str, str]]:
    """The request a form describes, and errors to show beside its fields.

    A picked due time becomes the window "by <that instant in UTC>". With `now` (the request's
    clock) one that has passed or is over a year away is refused here; without, the ledger does.
    """
    errors: dict[str, str] = {}
    window = _window(fields.get("window"), fields.get(PICKED), now, errors)
    fee = _fee(fields.get("fee"), errors)
    split = _split(fields.get("split"), errors)
    guarantee = _guarantee(fields.get("guarantee"), errors)
    request = Request(
        Verb(fields.get("kind") or verb.value) if verb in _CONVERSATIONS else verb,
        partner=fields.get("partner"),
        candidate=fields.get("candidate"),
        job=fields.get("job"),
        window=window,
        note=fields.get("note"),
        ref=fields.get("ref"),
        title=fields.get("title"),
        client=fields.get("client"),
        location=fields.get("location"),
        fee_percent=fee,
        split=split,
        guarantee_days=guarantee,
        terms_note=fields.get("terms_note"),
        start=fields.get("start"),
        amount=fields.get("amount"),
        salary=fields.get("salary"),
        niche=fields.get("niche"),
        owed_by=fields.get("owed_by"),
    )
    if verb is Verb.SNOOZE and not window and not errors:
        errors["window"] = "Say how long, e.g. 1d or by mon 10am, or pick a time."
    return replace(request, missing=()), errors


def _window(
    typed: str | None, picked: str | None, now: datetime | None, errors: dict[str, str]
) -> str | None:
    """The window typed, or the one a picked time makes; both at once is refused."""
    if typed and picked:
        errors[PICKED] = BOTH
        return typed
    if picked:
        try:
            return until(datetime.fromtimestamp(int(picked), UTC), now=now).text
        except UserError as err:
            errors[PICKED] = str(err)
        except (ValueError, OverflowError, OSError):
            errors[PICKED] = "Pick the time with the date and time pickers."
        return None
    if typed:
        try:
            parse_window(typed)  # checked here; the ledger reads it in the workspace's order
        except UserError as err:
            errors["window"] = str(err)
    return typed


def _seconds(value: Any) -> str | None:
    """A datetimepicker's UNIX seconds as text, like every other field's value."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else None


def _fee(text: str | None, errors: dict[str, str]) -> float | None:
    if not text:
        return None
    try:
        fee = float(text.rstrip("% "))
    except ValueError:
        fee = -1.0
    if not 0 < fee <= 100:
        errors["fee"] = "Write the fee as a percentage up to 100, e.g. 25."
        return None
    if fee < 1:
        errors["fee"] = fraction_fix(fee).replace("`", "")
        return None
    return fee


def _split(text: str | None, errors: dict[str, str]) -> int | None:
    if not text:
        return None
    try:
        return split_share(text)
    except UserError:
        errors["split"] = "Whole percentages that add up to 100, yours first, e.g. 60/40."
        return None


def _guarantee(text: str | None, errors: dict[str, str]) -> int | None:
    if not text:
        return None
    try:
        return guarantee_days(text)
    except UserError:
        errors["guarantee"] = "Write the guarantee in days, e.g. 90."
        return None


_CONVERSATIONS = frozenset({Verb.CALL, Verb.EMAIL, Verb.TALK})
