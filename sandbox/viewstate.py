"""What a person enters into Block Kit elements, as Slack reports it in state and actions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sandbox.blocks import MAX_TIMESTAMP
from sandbox.errors import DriverError
from sandbox.visible import iter_elements
from sandbox.workspace import Workspace

JSON = dict[str, Any]
MISSING: Any = object()

_TEXT_INPUTS = {"plain_text_input", "email_text_input", "url_text_input", "number_input"}
_SINGLE_OPTION = {"static_select", "external_select", "radio_buttons", "overflow"}
_MULTI_OPTION = {"multi_static_select", "multi_external_select", "checkboxes"}
_PICKED = {
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "channels_select": ("selected_channel", "initial_channel"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
    "datetimepicker": ("selected_date_time", "initial_date_time"),
}
STATEFUL = {*_TEXT_INPUTS, *_SINGLE_OPTION, *_MULTI_OPTION, *_PICKED, "rich_text_input"}
_FORMATS = {
    "datepicker": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "timepicker": re.compile(r"^\d{2}:\d{2}$"),
}


def _options(element: JSON) -> list[JSON]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options.extend(group.get("options") or [])
    return options


def _option(element: JSON, value: Any, offered: Sequence[JSON] | None = None) -> JSON:
    if isinstance(value, dict):
        value = value.get("value")
    if element["type"] in {"external_select", "multi_external_select"}:
        return _offered_option(element, value, offered or [])
    for option in _options(element):
        if option.get("value") == value:
            return dict(option)
    labels = [o.get("value") for o in _options(element)]
    raise DriverError(f"{element.get('action_id')}: no option {value!r} (options: {labels})")


def _offered_option(element: JSON, value: Any, offered: Sequence[JSON]) -> JSON:
    """An external select holds only an option the app offered, or its initial option."""
    initial = [element.get("initial_option"), *(element.get("initial_options") or [])]
    for option in [*offered, *initial]:
        if isinstance(option, dict) and option.get("value") == value:
            return dict(option)
    shown = [o.get("value") for o in offered]
    raise DriverError(
        f"{element.get('action_id')}: {value!r} is not among the options the app offered "
        f"({shown}); ask for them first (Driver.suggest)"
    )


def _check_pick(ws: Workspace, kind: str, value: Any) -> None:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if kind.endswith("users_select") and item not in ws.members:
            raise DriverError(f"{item!r} is not a member of {ws.id}")
        pattern = _FORMATS.get(kind)
        if pattern is not None and not pattern.match(str(item)):
            raise DriverError(f"{item!r} is not a valid {kind} value")


def _date_time(element: JSON, value: Any) -> int:
    """A datetimepicker reports the picked instant as a UNIX timestamp in whole seconds."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise DriverError(f"{element.get('action_id')}: pick an aware datetime, not {value!r}")
        value = int(value.timestamp())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TIMESTAMP:
        raise DriverError(
            f"{element.get('action_id')}: {value!r} is not a datetimepicker value "
            "(a UNIX timestamp in seconds, or an aware datetime)"
        )
    return value


def _check_text(element: JSON, value: str) -> None:
    most, least = element.get("max_length"), element.get("min_length")
    if isinstance(most, int) and len(value) > most:
        raise DriverError(f"{element.get('action_id')}: at most {most} characters allowed")
    if isinstance(least, int) and value and len(value) < least:
        raise DriverError(f"{element.get('action_id')}: at least {least} characters required")
    if element["type"] == "number_input" and value:
        try:
            float(value)
        except ValueError as exc:
            raise DriverError(f"{element.get('action_id')}: {value!r} is not a number") from exc


def initial_value(element: JSON) -> Any:
    """Return what an element holds before the person touches it (None when empty)."""
    kind = element.get("type", "")
    if kind in _TEXT_INPUTS:
        return element.get("initial_value")
    if kind in _SINGLE_OPTION:
        option = element.get("initial_option")
        return option.get("value") if isinstance(option, dict) else None
    if kind in _MULTI_OPTION:
        return [o.get("value") for o in element.get("initial_options") or []] or None
    if kind in _PICKED:
        return element.get(_PICKED[kind][1])
    return None


def element_state(
    ws: Workspace, element: JSON, value: Any, offered: Sequence[JSON] | None = None
) -> JSON:
    """Return Slack's state entry for an element holding `value` (None = empty).

    `offered` are the options the app answered for an external select (see suggestions).
    """
    kind = element.get("type", "")
    if kind in _TEXT_INPUTS:
        text = None if value is None else str(value)
        if text is not None:
            _check_text(element, text)
        return {"type": kind, "value": text}
    if kind in _SINGLE_OPTION:
        chosen = None if value is None else _option(element, value, offered)
        return {"type": kind, "selected_option": chosen}
    if kind in _MULTI_OPTION:
        items = [] if value is None else list(value)
        return {"type": kind, "selected_options": [_option(element, v, offered) for v in items]}
    if kind in _PICKED:
        if value is not None and kind == "datetimepicker":
            value = _date_time(element, value)
        elif value is not None:
            _check_pick(ws, kind, value)
        return {"type": kind, _PICKED[kind][0]: value}
    if kind == "rich_text_input":
        section = {"type": "rich_text_section", "elements": [{"type": "text", "text": value or ""}]}
        return {"type": kind, "rich_text_value": {"type": "rich_text", "elements": [section]}}
    raise DriverError(f"entering a value into a `{kind}` element is not modelled")


def _is_empty(entry: JSON) -> bool:
    values = [v for k, v in entry.items() if k != "type"]
    return all(v in (None, "", []) for v in values)


def state_values(
    ws: Workspace,
    blocks: Iterable[JSON],
    entered: Mapping[str, Mapping[str, Any]],
    previous: Mapping[str, Any],
    *,
    strict: bool = True,
    offered: Mapping[tuple[str, str], Sequence[JSON]] | None = None,
) -> JSON:
    """Build view.state.values from entered values; strict refuses empty required inputs."""
    offered = offered or {}
    result: JSON = {}
    blocks = list(blocks)
    known = {(b["block_id"], e.get("action_id")) for b, e in iter_elements(blocks)}
    for wanted_block, actions in entered.items():
        for wanted_action in actions:
            if (wanted_block, wanted_action) not in known:
                raise DriverError(f"the view has no element {wanted_block}/{wanted_action}")
    for block, element in iter_elements(blocks):
        block_id, action_id = str(block["block_id"]), str(element.get("action_id"))
        value = entered.get(block_id, {}).get(action_id, MISSING)
        if element.get("type") not in STATEFUL and value is MISSING:
            continue
        if value is MISSING:
            kept = previous.get(block_id, {}).get(action_id)
            initial = initial_value(element)
            entry = kept if kept is not None else element_state(ws, element, initial)
        else:
            entry = element_state(ws, element, value, offered.get((block_id, action_id)))
        required = block.get("type") == "input" and not block.get("optional")
        if strict and required and _is_empty(entry):
            label = block.get("label", {}).get("text", block_id)
            raise DriverError(f"`{label}` is required: Slack would not let the form be submitted")
        result.setdefault(block_id, {})[action_id] = entry
    return result
