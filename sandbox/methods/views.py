"""views.open, views.push, views.update and views.publish."""

from __future__ import annotations

import copy

from sandbox.args import require, structured, text_arg
from sandbox.blocks import BlockKitError, check_view, normalize_blocks
from sandbox.errors import SlackError
from sandbox.methods.base import JSON, Call, Handler
from sandbox.model import ViewRecord

MAX_MODAL_STACK = 3


def _definition(call: Call, kinds: set[str], updating: ViewRecord | None = None) -> JSON:
    view = structured(call.args, "view", "invalid_arguments")
    if view is None:
        raise SlackError("invalid_arguments", ["[ERROR] missing required field: view"])
    try:
        check_view(view, kinds=kinds)
    except BlockKitError as exc:
        raise SlackError("invalid_arguments", exc.messages) from exc
    definition: JSON = copy.deepcopy(view)
    definition["blocks"] = normalize_blocks(view["blocks"])
    external_id = definition.get("external_id")
    holder = call.workspace.view_by_external_id(external_id) if external_id else None
    if holder is not None and holder is not updating:
        raise SlackError("duplicate_external_id")
    return definition


def views_open(call: Call) -> JSON:
    """Open a modal for the user who produced the trigger_id."""
    trigger_id = str(require(call.args, "trigger_id"))
    definition = _definition(call, {"modal"})
    trigger = call.state.use_trigger(trigger_id, call.workspace.id)
    record = call.state.create_view(call.workspace, trigger.user_id, definition)
    call.workspace.modal_stacks[trigger.user_id] = [record.id]
    return {"ok": True, "view": record.to_json()}


def views_push(call: Call) -> JSON:
    """Push a modal on top of the user's open modal."""
    trigger_id = str(require(call.args, "trigger_id"))
    definition = _definition(call, {"modal"})
    trigger = call.state.use_trigger(trigger_id, call.workspace.id)
    stack = call.workspace.modal_stacks.get(trigger.user_id, [])
    if not stack:
        raise SlackError("not_found", ["[ERROR] the user has no open modal to push onto"])
    if len(stack) >= MAX_MODAL_STACK:
        raise SlackError("push_limit_reached")
    record = call.state.create_view(call.workspace, trigger.user_id, definition, stack[0])
    record.previous_view_id = stack[-1]
    stack.append(record.id)
    return {"ok": True, "view": record.to_json()}


def _target(call: Call) -> ViewRecord:
    ws = call.workspace
    view_id, external_id = text_arg(call.args, "view_id"), text_arg(call.args, "external_id")
    if not view_id and not external_id:
        raise SlackError("invalid_arguments", ["[ERROR] either view_id or external_id is required"])
    record = ws.views.get(view_id) if view_id else ws.view_by_external_id(str(external_id))
    if record is None:
        raise SlackError("not_found")
    expected = text_arg(call.args, "hash")
    if expected and expected != record.hash:
        raise SlackError("hash_conflict")
    return record


def _replace(call: Call, record: ViewRecord, definition: JSON) -> JSON:
    record.replace(definition, call.state.ids.view_hash())
    return {"ok": True, "view": record.to_json()}


def views_update(call: Call) -> JSON:
    """Replace a modal or Home tab by view_id or external_id (optionally checking hash)."""
    record = _target(call)
    definition = _definition(call, {record.type}, record)
    still_open = any(record.id in stack for stack in call.workspace.modal_stacks.values())
    if record.type == "modal" and not still_open:
        raise SlackError("not_found", ["[ERROR] the modal has been closed"])
    return _replace(call, record, definition)


def views_publish(call: Call) -> JSON:
    """Publish a member's Home tab."""
    ws = call.workspace
    user_id = str(require(call.args, "user_id"))
    ws.member(user_id)
    existing = ws.views.get(ws.homes.get(user_id, ""))
    definition = _definition(call, {"home"}, existing)
    if existing is not None:
        expected = text_arg(call.args, "hash")
        if expected and expected != existing.hash:
            raise SlackError("hash_conflict")
        return _replace(call, existing, definition)
    record = call.state.create_view(ws, user_id, definition)
    ws.homes[user_id] = record.id
    return {"ok": True, "view": record.to_json()}


HANDLERS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
}
