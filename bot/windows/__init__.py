"""Follow-up windows ("4h", "48 hours", "by fri 5pm", a picked instant) and the business calendars
they count in."""

from bot.windows.calendar import BusinessCalendar, Span
from bot.windows.dates import DateOrder
from bot.windows.deadline import Deadline
from bot.windows.errors import WindowError
from bot.windows.grammar import parse_window
from bot.windows.hours import WorkingHours
from bot.windows.window import Window, WindowKind, until

__all__ = [
    "BusinessCalendar",
    "DateOrder",
    "Deadline",
    "Span",
    "Window",
    "WindowError",
    "WindowKind",
    "WorkingHours",
    "parse_window",
    "until",
]
