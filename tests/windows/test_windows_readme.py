"""The README's window table says what the grammar accepts and refuses: keep them in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.windows import WindowError, parse_window

README = (Path(__file__).parents[2] / "README.md").read_text()
SECTION = README.split("## Windows people type")[1].split("\n## ")[0]
ROWS = [line for line in SECTION.splitlines() if line.startswith("| `")]
ACCEPTED = [phrase for row in ROWS for phrase in re.findall(r"`([^`]+)`", row.split("|")[1])]
REFUSED = re.findall(
    r"`([^`]+)`", SECTION.split("Refused, with the fix:")[1].split("windows under")[0]
)


def test_the_table_lists_forty_phrases_or_more() -> None:
    assert len(ACCEPTED) >= 40


@pytest.mark.parametrize("phrase", ACCEPTED)
def test_every_phrase_in_the_table_is_accepted(phrase: str) -> None:
    parse_window(phrase)


@pytest.mark.parametrize("phrase", REFUSED)
def test_every_phrase_the_readme_calls_refused_is_refused(phrase: str) -> None:
    with pytest.raises(WindowError):
        parse_window(phrase)
