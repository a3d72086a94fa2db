"""Web API arguments: decoding request bodies, checking names against Slack's method table."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from sandbox.errors import SlackError

JSON = dict[str, Any]

# What Slack answers when a required argument is missing, where it is not invalid_arguments.
_MISSING_ERRORS = {
    "channel": "channel_not_found",
    "user": "user_not_found",
    "ts": "message_not_found",
    "message_ts": "message_not_found",
    "timestamp": "message_not_found",
    "name": "invalid_name",
}


@lru_cache(maxsize=1)
def method_table() -> dict[str, Any]:
    """Return the packaged method table generated from Slack's Web API description."""
    text = resources.files("sandbox").joinpath("data/web_api_methods.json").read_text("utf-8")
    table: dict[str, Any] = json.loads(text)
    return table


def decode_body(content_type: str, body: bytes) -> JSON:
    """Decode a form-urlencoded or JSON request body into an argument dict."""
    kind = content_type.split(";")[0].strip().lower()
    if not body:
        return {}
    if kind == "application/json":
        try:
            decoded = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SlackError("invalid_json") from exc
        if not isinstance(decoded, dict):
            raise SlackError("json_not_object")
        return decoded
    if kind in {"application/x-www-form-urlencoded", ""}:
        return decode_query(body.decode("utf-8", errors="replace"))
    raise SlackError("invalid_form_data", [f"[ERROR] unsupported content type `{kind}`"])


def decode_query(query: str) -> JSON:
    """Decode a query string (last value wins for repeated names)."""
    return {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}


def check_arguments(method: str, args: Mapping[str, Any]) -> None:
    """Raise SlackError for argument names Slack's description does not give this method."""
    table = method_table()
    entry = table["methods"][method]
    allowed = {*entry["required"], *entry["optional"], *table["always_allowed"]}
    unknown = sorted(set(args) - allowed)
    if unknown:
        messages = [f"[ERROR] unknown argument `{name}` for method {method}" for name in unknown]
        messages.append(f"[INFO] accepted arguments: {', '.join(sorted(allowed - {'token'}))}")
        raise SlackError("invalid_arguments", messages)
    for name in entry["required"]:
        if args.get(name) in (None, ""):
            require(args, name)


def require(args: Mapping[str, Any], name: str) -> Any:
    """Return a required argument, or raise Slack's error for it being missing."""
    value = args.get(name)
    if value in (None, ""):
        code = _MISSING_ERRORS.get(name)
        if code is not None:
            raise SlackError(code)
        raise SlackError("invalid_arguments", [f"[ERROR] missing required field: {name}"])
    return value


def flag(args: Mapping[str, Any], name: str, default: bool = False) -> bool:
    """Read a boolean argument as Slack does ("1"/"true"/true)."""
    value = args.get(name)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes"}


def integer(args: Mapping[str, Any], name: str, default: int) -> int:
    """Read an integer argument, raising invalid_arguments when it is not one."""
    value = args.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise SlackError("invalid_arguments", [f"[ERROR] `{name}` must be an integer"]) from exc


def structured(args: Mapping[str, Any], name: str, error: str) -> Any:
    """Read an argument that may arrive as JSON text (form bodies) or as a JSON value."""
    value = args.get(name)
    if isinstance(value, str):
        if value.strip() == "":
            return None
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise SlackError(error, [f"[ERROR] `{name}` is not valid JSON"]) from exc
    return value


def text_arg(args: Mapping[str, Any], name: str) -> str | None:
    """Read an optional string argument."""
    value = args.get(name)
    return None if value is None else str(value)
