"""An out-of-office reply's return date, read with the window grammar's date readers."""

from __future__ import annotations

from datetime import date

import pytest

from bot.windows import DateOrder
from bot.windows.returning import find_return, first_day_back

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "order", "back"),
    [
        ("I'm out of the office, back on Monday 7 December.", DateOrder.MDY, date(2026, 12, 7)),
        ("Returning 12/07", DateOrder.MDY, date(2026, 12, 7)),
        ("Returning 12/07", DateOrder.DMY, date(2027, 7, 12)),
        ("Out of office until Dec 4, 2026. Regards", DateOrder.MDY, date(2026, 12, 5)),
        ("back in the office on 2026-12-07.", DateOrder.MDY, date(2026, 12, 7)),
        ("I return on the 3rd of January", DateOrder.MDY, date(2027, 1, 3)),
        ("Away through 11/20", DateOrder.MDY, date(2026, 11, 21)),
    ],
)
def test_a_return_or_an_absence_end_is_read(text: str, order: DateOrder, back: date) -> None:
    found = find_return(text)
    assert found is not None
    assert first_day_back(found, today=TODAY, order=order) == back


@pytest.mark.parametrize(
    "text",
    ["I will be back Monday", "back soon", "Automatic reply: Jane Doe", "out until further notice"],
)
def test_no_readable_date_is_no_return(text: str) -> None:
    assert find_return(text) is None


def test_a_return_today_or_in_the_past_changes_nothing() -> None:
    found = find_return("back on 2026-11-18")
    assert found is not None
    assert first_day_back(found, today=TODAY, order=DateOrder.MDY) is None
