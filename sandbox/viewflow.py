"""What Slack does with a modal after the app answers a submission, and when a modal closes."""

from __future__ import annotations

import copy
import json
from typing import Any

from sandbox.blocks import BlockKitError, check_view, normalize_blocks
from sandbox.methods.views import MAX_MODAL_STACK
from sandbox.state import SandboxState
from sandbox.transport import DriverResponse
from sandbox.workspace import Workspace

JSON = dict[str, Any]


def close_modal(ws: Workspace, user_id: str, view_id: str, *, clear: bool) -> None:
    """Close one modal (or, with clear, the whole stack) for a member."""
    stack = ws.modal_stacks.get(user_id, [])
    if clear:
        stack.clear()
    elif view_id in stack:
        del stack[stack.index(view_id) :]
    if not stack:
        ws.modal_stacks.pop(user_id, None)


def _definition(view: Any) -> JSON:
    check_view(view, kinds={"modal"})
    definition: JSON = copy.deepcopy(view)
    definition["blocks"] = normalize_blocks(view["blocks"])
    return definition


def _errors(ws: Workspace, view_id: str, errors: Any) -> list[str]:
    record = ws.views[view_id]
    inputs = {b["block_id"] for b in record.blocks if b.get("type") == "input"}
    if not isinstance(errors, dict) or not errors:
        return ["response_action errors needs a non-empty `errors` object"]
    wrong = sorted(set(errors) - inputs)
    if wrong:
        return [f"errors name blocks that are not input blocks of the view: {wrong}"]
    record.errors = {str(k): str(v) for k, v in errors.items()}
    return []


def _apply_action(
    state: SandboxState, ws: Workspace, user_id: str, view_id: str, answer: JSON
) -> list[str]:
    action = answer.get("response_action")
    if action == "errors":
        return _errors(ws, view_id, answer.get("errors"))
    if action == "clear":
        close_modal(ws, user_id, view_id, clear=True)
        return []
    if action not in {"update", "push"}:
        return [f"unknown response_action {action!r}"]
    try:
        definition = _definition(answer.get("view"))
    except BlockKitError as exc:
        return [f"response_action {action} carried an invalid view: {exc}"]
    stack = ws.modal_stacks.get(user_id, [])
    if action == "update":
        ws.views[view_id].replace(definition, state.ids.view_hash())
        return []
    if len(stack) >= MAX_MODAL_STACK:
        return ["response_action push: push_limit_reached"]
    record = state.create_view(ws, user_id, definition, stack[0])
    record.previous_view_id = view_id
    stack.append(record.id)
    return []


def apply_submission_answer(
    state: SandboxState,
    ws: Workspace,
    user_id: str,
    view_id: str,
    response: DriverResponse,
    deadline: float,
) -> list[str]:
    """Update the member's modals from the app's answer; return problems Slack would show."""
    if response.status != 200:
        return [f"the app answered HTTP {response.status}; the modal shows an error"]
    if response.elapsed > deadline:
        return []  # Slack ignores a late answer; the driver reports the lateness itself.
    text = response.text.strip()
    with state.lock:
        if not text:
            close_modal(ws, user_id, view_id, clear=False)
            return []
        try:
            answer = json.loads(text)
        except json.JSONDecodeError:
            return ["the submission answer is not JSON"]
        if not isinstance(answer, dict):
            return ["the submission answer is not a JSON object"]
        return _apply_action(state, ws, user_id, view_id, answer)
