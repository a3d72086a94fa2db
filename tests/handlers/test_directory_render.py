"""The directory's answer stays within one section, cut with "and N more"."""

from __future__ import annotations

from bot.ledger import Listed
from bot.models import Member
from handlers.render.network import SECTION_CHARS, directory


def partner(n: int, team: str, niches: str = "Healthcare") -> Listed:
    member = Member(
        id=n, team_id=team, slack_user_id=f"U{n:06d}", name=f"Partner <{n}>", specializations=niches
    )
    return Listed(member, "Firm & Co")


def test_a_long_directory_is_cut_with_and_n_more() -> None:
    found = [partner(n, "T0B", "Healthcare, " + "x" * 480) for n in range(40)]
    text = directory("health", found, "T0A")
    assert len(text) <= SECTION_CHARS
    shown = text.count("\n• ")
    assert text.endswith(f"…and {40 - shown} more; name a narrower niche.")
    assert "Partner &lt;0&gt;" in text
    assert "Firm &amp; Co" in text


def test_more_than_25_short_entries_are_cut_at_25() -> None:
    found = [partner(n, "T0A") for n in range(30)]
    text = directory("health", found, "T0A")
    assert text.count("\n• ") == 25
    assert text.endswith("…and 5 more; name a narrower niche.")


def test_no_one_found_says_how_to_list_a_niche() -> None:
    assert directory("<!here>", [], "T0A").startswith("No one lists “&lt;!here&gt;” yet")
