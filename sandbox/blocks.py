"""Block Kit validation: slack_sdk.models parsing plus the limits Slack enforces."""

from __future__ import annotations

import copy
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block, BlockElement
from slack_sdk.models.views import View

from sandbox.ids import action_id, block_id

JSON = dict[str, Any]

MESSAGE_MAX_BLOCKS = 50
VIEW_MAX_BLOCKS = 100

_SELECTS = {
    f"{prefix}{kind}_select"
    for prefix in ("", "multi_")
    for kind in ("static", "external", "users", "conversations", "channels")
}
_CHOICES = {"checkboxes", "radio_buttons", "datepicker", "timepicker", "datetimepicker"}
_ACTIONS = {"button", "overflow", "workflow_button", *_SELECTS, *_CHOICES}
_ACCESSORY = {*_ACTIONS, "image"}
_INPUTS = {
    *_SELECTS,
    *_CHOICES,
    "plain_text_input",
    "email_text_input",
    "url_text_input",
    "number_input",
    "rich_text_input",
    "file_input",
}
_CONTEXT = {"image", "plain_text", "mrkdwn"}
# Where Slack documents fewer fields than slack_sdk's model allows (every input model takes a
# placeholder, but a datetimepicker shows none and Slack refuses one).
_FIELDS = {"datetimepicker": {"action_id", "initial_date_time", "confirm", "focus_on_load"}}
MAX_TIMESTAMP = 9_999_999_999  # a datetimepicker's instants: up to 10 digits of seconds
_LIMITS = {"actions": 25, "context": 10}


class BlockKitError(Exception):
    """Blocks or a view Slack would reject; `messages` are Slack-style explanations."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        """Record a Slack-style error at a JSON pointer."""
        self.errors.append(f"[ERROR] {message} [json-pointer:{path}]")

    def length(self, value: Any, path: str, most: int, least: int = 1) -> None:
        """Check a string's length bounds."""
        if not isinstance(value, str):
            self.fail(path, "must be a string")
        elif len(value) > most:
            self.fail(path, f"must be less than {most + 1} characters")
        elif len(value) < least:
            self.fail(path, f"must be more than {least - 1} characters")

    def text(self, obj: Any, path: str, most: int, *, plain: bool = False) -> None:
        """Check a text object's type and length."""
        kinds = {"plain_text"} if plain else {"plain_text", "mrkdwn"}
        if not isinstance(obj, dict) or obj.get("type") not in kinds:
            self.fail(path, f"must be a text object of type {' or '.join(sorted(kinds))}")
            return
        self.length(obj.get("text"), f"{path}/text", most)

    def timestamp(self, value: Any, path: str) -> None:
        """Check a UNIX timestamp in seconds (an integer of up to 10 digits)."""
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TIMESTAMP:
            self.fail(path, "must be a UNIX timestamp in seconds (an integer of up to 10 digits)")

    def unknown_keys(self, obj: JSON, known: set[str], path: str) -> None:
        """Report fields Slack does not know for this object type."""
        for key in sorted(set(obj) - known - {"type"}):
            self.fail(f"{path}/{key}", f"unknown field `{key}` for type `{obj.get('type')}`")

    def option_list(self, options: Any, path: str) -> None:
        """Check option objects (text up to 75, value up to 150 characters)."""
        for i, option in enumerate(options if isinstance(options, list) else []):
            if not isinstance(option, dict):
                self.fail(f"{path}/{i}", "must be an option object")
                continue
            self.text(option.get("text"), f"{path}/{i}/text", 75)
            self.length(option.get("value"), f"{path}/{i}/value", 150)

    def element(self, el: Any, path: str, allowed: set[str], action_ids: set[str]) -> None:
        """Check one block element and record its action_id."""
        if not isinstance(el, dict) or el.get("type") not in allowed:
            kind = el.get("type") if isinstance(el, dict) else type(el).__name__
            self.fail(path, f"element type `{kind}` is not allowed here")
            return
        if el["type"] in {"plain_text", "mrkdwn"}:
            self.text(el, path, 3000)
            return
        before = len(self.errors)
        parsed = BlockElement.parse(el)
        if parsed is not None:
            self.unknown_keys(el, _FIELDS.get(el["type"], parsed.attributes), path)
        if el["type"] == "datetimepicker" and "initial_date_time" in el:
            self.timestamp(el["initial_date_time"], f"{path}/initial_date_time")
        if el["type"] == "button":
            self.text(el.get("text"), f"{path}/text", 75, plain=True)
            if "value" in el:
                self.length(el["value"], f"{path}/value", 2000)
        if "placeholder" in el:
            self.text(el["placeholder"], f"{path}/placeholder", 150, plain=True)
        for key in ("options", "initial_options"):
            self.option_list(el.get(key), f"{path}/{key}")
        self._action_id(el, path, action_ids)
        if parsed is not None and len(self.errors) == before:
            self.model(parsed.to_dict, path)

    def _action_id(self, el: JSON, path: str, action_ids: set[str]) -> None:
        if "action_id" not in el:
            return
        self.length(el["action_id"], f"{path}/action_id", 255)
        if el["action_id"] in action_ids:
            self.fail(f"{path}/action_id", f"action_id `{el['action_id']}` is already used")
        action_ids.add(el["action_id"])

    def model(self, render: Any, path: str) -> None:
        """Run slack_sdk's own validation (to_dict validates recursively)."""
        try:
            render()
        except SlackObjectFormationError as exc:
            self.fail(path, str(exc))

    def block(self, block: Any, path: str, block_ids: set[str]) -> None:
        """Check one block and record its block_id."""
        parsed = Block.parse(block) if isinstance(block, dict) and "type" in block else None
        if parsed is None:
            kind = block.get("type") if isinstance(block, dict) else type(block).__name__
            self.fail(path, f"unsupported block type `{kind}`")
            return
        before = len(self.errors)
        self.unknown_keys(block, parsed.attributes, path)
        if "block_id" in block:
            self.length(block["block_id"], f"{path}/block_id", 255)
            if block["block_id"] in block_ids:
                self.fail(f"{path}/block_id", f"block_id `{block['block_id']}` is already used")
            block_ids.add(block["block_id"])
        self.block_content(block, path)
        if len(self.errors) == before:
            self.model(parsed.to_dict, path)

    def block_content(self, block: JSON, path: str) -> None:
        """Check the type-specific parts of a block."""
        kind, action_ids = block["type"], set[str]()
        if kind == "section":
            if "text" in block:
                self.text(block["text"], f"{path}/text", 3000)
            for i, field in enumerate(block.get("fields") or []):
                self.text(field, f"{path}/fields/{i}", 2000)
            if "accessory" in block:
                self.element(block["accessory"], f"{path}/accessory", _ACCESSORY, action_ids)
        elif kind == "header":
            self.text(block.get("text"), f"{path}/text", 150, plain=True)
        elif kind in _LIMITS:
            elements = block.get("elements")
            allowed = _ACTIONS if kind == "actions" else _CONTEXT
            if not isinstance(elements, list) or not 1 <= len(elements) <= _LIMITS[kind]:
                self.fail(f"{path}/elements", f"must hold 1 to {_LIMITS[kind]} elements")
            for i, el in enumerate(elements if isinstance(elements, list) else []):
                self.element(el, f"{path}/elements/{i}", allowed, action_ids)
        elif kind == "input":
            self.text(block.get("label"), f"{path}/label", 2000, plain=True)
            if "hint" in block:
                self.text(block["hint"], f"{path}/hint", 2000, plain=True)
            self.element(block.get("element"), f"{path}/element", _INPUTS, action_ids)


def option_errors(options: Any, path: str, *, most: int = 100) -> list[str]:
    """What Slack would refuse about a list of option objects (an external select's answer)."""
    checker = _Checker()
    if not isinstance(options, list):
        checker.fail(path, "must be an array of option objects")
        return checker.errors
    if len(options) > most:
        checker.fail(path, f"no more than {most} items allowed")
    checker.option_list(options, path)
    for i, option in enumerate(options):
        if isinstance(option, dict) and isinstance(option.get("text"), dict):
            checker.text(option["text"], f"{path}/{i}/text", 75, plain=True)
    return checker.errors


def check_blocks(blocks: Any, path: str, max_blocks: int) -> None:
    """Raise BlockKitError if Slack would reject these blocks."""
    checker = _Checker()
    if not isinstance(blocks, list):
        checker.fail(path, "must be an array of blocks")
        raise BlockKitError(checker.errors)
    if len(blocks) > max_blocks:
        checker.fail(path, f"no more than {max_blocks} items allowed")
    block_ids: set[str] = set()
    for i, block in enumerate(blocks):
        checker.block(block, f"{path}/{i}", block_ids)
    if checker.errors:
        raise BlockKitError(checker.errors)


_VIEW_KEYS = {
    "type",
    "title",
    "blocks",
    "close",
    "submit",
    "private_metadata",
    "callback_id",
    "clear_on_close",
    "notify_on_close",
    "external_id",
    "submit_disabled",
}


def check_view(view: Any, *, kinds: set[str]) -> None:
    """Raise BlockKitError if Slack would reject this view object."""
    checker = _Checker()
    if not isinstance(view, dict) or view.get("type") not in kinds:
        checker.fail("/view/type", f"must be one of: {', '.join(sorted(kinds))}")
        raise BlockKitError(checker.errors)
    checker.unknown_keys(view, _VIEW_KEYS, "/view")
    if view["type"] == "modal":
        checker.text(view.get("title"), "/view/title", 24, plain=True)
        for key in ("submit", "close"):
            if key in view:
                checker.text(view[key], f"/view/{key}", 24, plain=True)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in view["blocks"])
        if has_input and "submit" not in view:
            checker.fail("/view/submit", "is required when a modal contains input blocks")
    for key, most in (("private_metadata", 3000), ("callback_id", 255), ("external_id", 255)):
        if key in view:
            checker.length(view[key], f"/view/{key}", most, least=0)
    if checker.errors:
        raise BlockKitError(checker.errors)
    check_blocks(view.get("blocks"), "/view/blocks", VIEW_MAX_BLOCKS)
    checker.model(View(**view).to_dict, "/view")
    if checker.errors:
        raise BlockKitError(checker.errors)


def normalize_blocks(blocks: list[JSON]) -> list[JSON]:
    """Return a copy with a generated block_id/action_id wherever Slack would assign one."""
    result = copy.deepcopy(blocks)
    used = {b["block_id"] for b in result if "block_id" in b}
    for block in result:
        while "block_id" not in block:
            candidate = block_id()
            if candidate not in used:
                block["block_id"] = candidate
                used.add(candidate)
        for element in _interactive(block):
            if element.get("type") not in {"image", "plain_text", "mrkdwn"}:
                element.setdefault("action_id", action_id())
    return result


def _interactive(block: JSON) -> list[JSON]:
    if block.get("type") == "actions":
        return [e for e in block.get("elements", []) if isinstance(e, dict)]
    for key in ("accessory", "element"):
        if isinstance(block.get(key), dict):
            return [block[key]]
    return []
