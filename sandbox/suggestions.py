"""External select menus: the options an app answers to a block_suggestion, checked as Slack does.

Slack asks the app's options load URL (Interactivity's "Select Menus" URL; over Socket Mode, an
interactive envelope) each time a person opens the menu or types, once they typed at least the
element's `min_query_length` characters (3 when unset). The app answers within 3 seconds with
`options` or `option_groups` (at most 100 of either), each option's text plain and at most 75
characters, its value at most 150.
"""

from __future__ import annotations

import json
from typing import Any

from sandbox.blocks import option_errors
from sandbox.transport import DriverResponse

JSON = dict[str, Any]

EXTERNAL_SELECTS = frozenset({"external_select", "multi_external_select"})
DEFAULT_MIN_QUERY_LENGTH = 3


def min_query_length(element: JSON) -> int:
    """How many characters a person types before Slack asks the app for options."""
    value = element.get("min_query_length")
    return value if isinstance(value, int) else DEFAULT_MIN_QUERY_LENGTH


def offered_options(response: DriverResponse) -> tuple[list[JSON], list[str]]:
    """The options in the app's answer, and what Slack would refuse about it."""
    if response.status != 200:
        return [], [f"the app answered HTTP {response.status}; the menu shows no options"]
    try:
        answer = json.loads(response.text or "{}")
    except json.JSONDecodeError:
        return [], ["the options answer is not JSON"]
    if not isinstance(answer, dict):
        return [], ["the options answer is not a JSON object"]
    if "option_groups" in answer:
        return _grouped(answer["option_groups"])
    if "options" not in answer:
        return [], ["the options answer has neither `options` nor `option_groups`"]
    problems = option_errors(answer["options"], "/options")
    return ([] if problems else list(answer["options"])), problems


def _grouped(groups: Any) -> tuple[list[JSON], list[str]]:
    if not isinstance(groups, list) or len(groups) > 100:
        return [], ["`option_groups` must be an array of at most 100 groups"]
    options: list[JSON] = []
    problems: list[str] = []
    for i, group in enumerate(groups):
        label = group.get("label") if isinstance(group, dict) else None
        if not isinstance(label, dict) or not 0 < len(str(label.get("text", ""))) <= 75:
            where = f"[json-pointer:/option_groups/{i}/label]"
            problems.append(f"[ERROR] must be plain_text of 1 to 75 characters {where}")
            continue
        items = group.get("options")
        problems += option_errors(items, f"/option_groups/{i}/options")
        options += items if isinstance(items, list) else []
    return ([] if problems else options), problems
