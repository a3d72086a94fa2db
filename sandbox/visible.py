"""What a person sees in a message or view: its text flattened from Block Kit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

JSON = dict[str, Any]


def _text_of(obj: Any) -> str:
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        text = obj.get("text")
        if isinstance(text, str):
            return text
        if isinstance(text, dict):
            return _text_of(text)
    return ""


def _rich_text(elements: Iterable[Any]) -> str:
    parts: list[str] = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind in {"text", "link", "emoji", "user", "channel", "date"}:
            parts.append(str(element.get("text") or element.get("name") or element.get("url", "")))
        elif "elements" in element:
            parts.append(_rich_text(element["elements"]))
    return "".join(parts)


def _element_lines(element: Any) -> Iterator[str]:
    if not isinstance(element, dict):
        return
    kind = element.get("type")
    if kind in {"plain_text", "mrkdwn"}:
        yield _text_of(element)
    elif kind in {"button", "workflow_button"}:
        yield _text_of(element.get("text"))
    elif kind == "image":
        return
    elif "placeholder" in element:
        yield _text_of(element.get("placeholder"))


def _block_lines(block: JSON) -> Iterator[str]:
    kind = block.get("type")
    if kind in {"section", "header", "markdown"}:
        yield _text_of(block.get("text"))
        for field in block.get("fields") or []:
            yield _text_of(field)
        yield from _element_lines(block.get("accessory"))
    elif kind in {"context", "actions"}:
        for element in block.get("elements") or []:
            yield from _element_lines(element)
    elif kind == "input":
        yield _text_of(block.get("label"))
    elif kind == "rich_text":
        yield _rich_text(block.get("elements") or [])
    elif kind == "image":
        yield _text_of(block.get("title"))


def visible_text(text: str | None, blocks: Iterable[JSON] | None) -> str:
    """Flatten blocks (or, without blocks, the text) into the lines a person would read."""
    if not blocks:
        return text or ""
    lines: list[str] = []
    for block in blocks:
        lines.extend(line for line in _block_lines(block) if line)
    return "\n".join(lines)


def iter_elements(blocks: Iterable[JSON] | None) -> Iterator[tuple[JSON, JSON]]:
    """Yield (block, element) for every interactive element in the blocks."""
    for block in blocks or []:
        kind = block.get("type")
        if kind == "actions":
            for element in block.get("elements") or []:
                yield block, element
        elif kind == "section" and isinstance(block.get("accessory"), dict):
            yield block, block["accessory"]
        elif kind == "input" and isinstance(block.get("element"), dict):
            yield block, block["element"]


def button_labels(blocks: Iterable[JSON] | None) -> list[str]:
    """Return the visible labels of every button in the blocks, in order."""
    return [
        _text_of(element.get("text"))
        for _, element in iter_elements(blocks)
        if element.get("type") == "button"
    ]
