"""The one error a window, calendar or working-hours mistake raises."""

from __future__ import annotations

from bot.errors import UserError


class WindowError(UserError, ValueError):
    """A window, working-hours or calendar setting that can't be used; str() is one fix-it line."""


def too_far(window_text: str) -> WindowError:
    """The error for a deadline more than a year ahead."""
    return WindowError(f'"{window_text}" is more than a year away. Pick an earlier date.')


def echo(text: str, limit: int = 40) -> str:
    """Quote user input back on a single, bounded line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
