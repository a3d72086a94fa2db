"""Derive sandbox/data/web_api_methods.json from Slack's published Web API description.

Run on a development machine that has ../shared beside the repository:

    python scripts/gen_slack_methods.py [--spec PATH] [--out PATH] [--check]

The stand-in reads only the generated JSON; it never reads the OpenAPI file at runtime.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = (
    REPO.parent
    / "shared"
    / "slack-reference"
    / "web-api"
    / "slack_web_openapi_v2_without_examples.json"
)
DEFAULT_OUT = REPO / "sandbox" / "data" / "web_api_methods.json"

# Methods the stand-in implements.
METHODS = (
    "apps.connections.open",
    "auth.test",
    "chat.getPermalink",
    "chat.postEphemeral",
    "chat.postMessage",
    "chat.update",
    "conversations.history",
    "conversations.info",
    "conversations.members",
    "conversations.open",
    "conversations.replies",
    "oauth.v2.access",
    "reactions.add",
    "reactions.get",
    "users.info",
    "users.list",
    "views.open",
    "views.publish",
    "views.push",
    "views.update",
)

# Arguments accepted by every method. `token` may sit anywhere; `team_id` is added to every
# call by the WebClient that Bolt builds per request (WebClient(team_id=context.team_id)).
ALWAYS_ALLOWED = ("token", "team_id")

# Arguments Slack accepts today that the 2020 description lacks (checked against slack_sdk's
# WebClient method signatures; --check reports any the list misses).
NEWER_ARGUMENTS: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("metadata", "markdown_text", "container_id"),
    "chat.postEphemeral": ("markdown_text",),
    "chat.update": ("metadata", "markdown_text", "file_ids", "reply_broadcast"),
    "conversations.history": ("include_all_metadata",),
    "conversations.replies": ("include_all_metadata",),
    "views.open": ("interactivity_pointer",),
    "views.push": ("interactivity_pointer",),
    # Token rotation (2021): grant_type=refresh_token with a refresh_token instead of a code.
    "oauth.v2.access": ("grant_type", "refresh_token"),
}

# Arguments the description marks required that Slack now accepts without: oauth.v2.access needs
# `code` only for the authorization_code grant, not for grant_type=refresh_token.
NO_LONGER_REQUIRED: dict[str, tuple[str, ...]] = {"oauth.v2.access": ("code",)}

# Methods newer than the description, with their (required, optional) arguments besides the token:
# apps.connections.open (Socket Mode, 2021) takes nothing but an app-level token.
UNDESCRIBED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "apps.connections.open": ((), ()),
}

# WebClient keyword arguments that travel under another name (apps_connections_open sends its
# `app_token` as `token`).
SDK_RENAMED = {"app_token"}


def spec_arguments(spec: dict[str, Any], method: str) -> tuple[list[str], list[str]]:
    """Return the (required, optional) argument names the description gives a method."""
    if method in UNDESCRIBED:
        required_names, optional_names = UNDESCRIBED[method]
        return sorted(required_names), sorted(optional_names)
    operations = spec["paths"].get("/" + method)
    if operations is None:
        raise SystemExit(f"{method} is not in the Web API description")
    required: set[str] = set()
    optional: set[str] = set()
    for operation in operations.values():
        for param in operation.get("parameters", []):
            name = param["name"]
            if name in ALWAYS_ALLOWED:
                continue
            (required if param.get("required") else optional).add(name)
    relaxed = required & set(NO_LONGER_REQUIRED.get(method, ()))
    required -= relaxed
    return sorted(required), sorted((optional | relaxed) - required)


def build_table(spec: dict[str, Any]) -> dict[str, Any]:
    """Build the compact method table written to the JSON file."""
    methods: dict[str, dict[str, list[str]]] = {}
    for method in METHODS:
        required, optional = spec_arguments(spec, method)
        extra = [a for a in NEWER_ARGUMENTS.get(method, ()) if a not in required]
        methods[method] = {"required": required, "optional": sorted({*optional, *extra})}
    info = spec.get("info", {})
    return {
        "source": f"{info.get('title', 'Slack Web API')} {info.get('version', '')}".strip(),
        "always_allowed": list(ALWAYS_ALLOWED),
        "methods": methods,
    }


def sdk_gaps(table: dict[str, Any]) -> list[str]:
    """List WebClient keyword arguments that the table would reject."""
    try:
        from slack_sdk import WebClient
    except ImportError:
        return []
    gaps = []
    for method, entry in table["methods"].items():
        func = getattr(WebClient, method.replace(".", "_"))
        known = {*entry["required"], *entry["optional"], *ALWAYS_ALLOWED}
        for name in inspect.signature(func).parameters:
            if name not in {"self", "kwargs", *SDK_RENAMED} and name not in known:
                gaps.append(f"{method}: {name}")
    return gaps


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, verify) the method table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    table = build_table(json.loads(args.spec.read_text(encoding="utf-8")))
    text = json.dumps(table, indent=2, sort_keys=True) + "\n"
    for gap in sdk_gaps(table):
        print(f"warning: WebClient sends an argument the table lacks: {gap}", file=sys.stderr)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {len(table['methods'])} methods to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
