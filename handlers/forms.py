"""Submitted modals back into requests, with inline errors for what can be checked at once."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from bot.errors import UserError
from bot.windows import parse_window
from handlers.grammar import Request, Verb
from handlers.job_grammar import fraction_fix, split_share
from handlers.render.modals import VALUE


def read_state(view: dict[str, Any]) -> dict[str, str | None]:
    """Each input's value by block id, whatever kind of element it is."""
    found: dict[str, str | None] = {}
    for block_id, actions in view.get("state", {}).get("values", {}).items():
        element: dict[str, Any] = actions.get(VALUE) or next(iter(actions.values()), {})
        option = element.get("selected_option") or {}
        value = (
            element.get("value")
            or element.get("selected_user")
            or element.get("selected_date")
            or option.get("value")
        )
        found[block_id] = value.strip() if isinstance(value, str) and value.strip() else None
    return found


def request_from_form(verb: Verb, fields: dict[str, str | None]) -> tuple[Request, dict[str, str]]:
    """The request a form describes, and errors to show beside its fields."""
    errors: dict[str, str] = {}
    window = fields.get("window")
    if window:
        try:
            parse_window(window)  # checked here; the ledger reads it in the workspace's order
        except UserError as err:
            errors["window"] = str(err)
    fee = _fee(fields.get("fee"), errors)
    split = _split(fields.get("split"), errors)
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
        niche=fields.get("niche"),
        owed_by=fields.get("owed_by"),
    )
    if verb is Verb.SNOOZE and not window and "window" not in errors:
        errors["window"] = "Say how long, e.g. 1d or by mon 10am."
    return replace(request, missing=()), errors


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


_CONVERSATIONS = frozenset({Verb.CALL, Verb.EMAIL, Verb.TALK})
