"""Reading submitted forms: a typed window or a picked due time, and the errors beside them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.forms import read_state, request_from_form
from handlers.grammar import Verb

NOW = datetime(2026, 11, 18, 15, 0, tzinfo=UTC)
THURSDAY_4PM = 1795104000  # Thu 19 Nov 2026 16:00 UTC, as Slack's datetimepicker reports it


def _view(**state: dict[str, Any]) -> dict[str, Any]:
    return {"state": {"values": {block: {"value": entry} for block, entry in state.items()}}}


def test_a_picked_date_and_time_reads_as_its_unix_seconds() -> None:
    view = _view(
        due_time={"type": "datetimepicker", "selected_date_time": THURSDAY_4PM},
        window={"type": "plain_text_input", "value": "  "},
    )
    assert read_state(view) == {"due_time": str(THURSDAY_4PM), "window": None}
    empty = _view(due_time={"type": "datetimepicker", "selected_date_time": None})
    assert read_state(empty) == {"due_time": None}


@pytest.mark.parametrize("verb", [Verb.SUBMIT, Verb.CALL, Verb.TALK, Verb.SNOOZE])
def test_a_picked_time_becomes_a_deadline_at_that_instant(verb: Verb) -> None:
    request, errors = request_from_form(verb, {"due_time": str(THURSDAY_4PM)}, now=NOW)
    assert (request.window, errors) == ("by 2026-11-19 16:00 UTC", {})


def test_a_typed_window_is_kept_as_typed() -> None:
    request, errors = request_from_form(Verb.SUBMIT, {"window": "by fri 5pm"}, now=NOW)
    assert (request.window, errors) == ("by fri 5pm", {})
    request, errors = request_from_form(Verb.SUBMIT, {"window": "someday"}, now=NOW)
    assert list(errors) == ["window"]


def test_neither_is_fine_except_for_a_snooze() -> None:
    assert request_from_form(Verb.SUBMIT, {}, now=NOW)[1] == {}
    assert request_from_form(Verb.SNOOZE, {"ref": "F-1"}, now=NOW)[1] == {
        "window": "Say how long, e.g. 1d or by mon 10am, or pick a time."
    }


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"window": "2d", "due_time": str(THURSDAY_4PM)},
            "Pick a time or type a window, not both.",
        ),
        ({"due_time": str(int(NOW.timestamp()))}, "That time has passed — pick one still to come."),
        ({"due_time": "1795100"}, "That time has passed — pick one still to come."),
        (
            {"due_time": "1826550001"},  # a year and a second from now
            '"by 2027-11-18 15:00:01 UTC" is more than a year away. Pick an earlier date.',
        ),
        ({"due_time": "soon"}, "Pick the time with the date and time pickers."),
        ({"due_time": "99999999999999999999"}, "Pick the time with the date and time pickers."),
    ],
)
def test_errors_are_shown_beside_the_picker(fields: dict[str, str | None], error: str) -> None:
    for verb in (Verb.SUBMIT, Verb.CALL, Verb.SNOOZE):
        _request, errors = request_from_form(verb, fields, now=NOW)
        assert errors == {"due_time": error}


def test_without_the_requests_clock_the_ledger_judges_the_time() -> None:
    request, errors = request_from_form(Verb.SUBMIT, {"due_time": "1795100"})
    assert (request.window, errors) == ("by 1970-01-21 18:38:20 UTC", {})
