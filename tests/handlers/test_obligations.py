"""Who owes the next move, read from notes as recruiters write them after a call."""

from __future__ import annotations

import pytest

from handlers.obligations import Owes, who_owes


@pytest.mark.parametrize(
    ("note", "owes"),
    [
        # The person logging it promised something.
        ("I'll send 2 SAP/Java profiles", Owes.CANDIDATES),
        ("I’ll send over three CVs tonight", Owes.CANDIDATES),
        ("I owe them a shortlist", Owes.CANDIDATES),
        ("we will submit two candidates", Owes.CANDIDATES),
        ("they need 2 more profiles", Owes.CANDIDATES),
        ("they're looking for senior resumes in Austin", Owes.CANDIDATES),
        ("I'll call him back with the rate", Owes.CALLER),
        ("I need to confirm the candidate's notice period", Owes.CALLER),
        ("I promised to check the candidate's visa", Owes.CALLER),
        ("ball's in my court", Owes.CALLER),
        ("they'll hear from me by Friday", Owes.CALLER),
        ("I'm going to chase the hiring manager", Owes.CALLER),
        ("told him I'd call the client back monday", Owes.CALLER),
        ("I said I'd send the JD", Owes.CALLER),
        ("told her we'd send CVs", Owes.CANDIDATES),
        ("agreed to call her back fri", Owes.CALLER),
        # The partner owes it.
        ("they'll call back with the pay band", Owes.PARTNER),
        ("she will send the JD tomorrow", Owes.PARTNER),
        ("waiting on them for the pay band", Owes.PARTNER),
        ("waiting for feedback from the client", Owes.PARTNER),
        ("he needs to confirm the budget", Owes.PARTNER),
        ("asked him to send the job spec", Owes.PARTNER),
        ("their move", Owes.PARTNER),
        ("<@U0DANA|dana> will call back", Owes.PARTNER),
        ("they said they'd revert", Owes.PARTNER),
        ("call me back when the client confirms", Owes.PARTNER),
        # Nobody.
        ("just fyi, the client moved the start date", Owes.NOBODY),
        ("fyi", Owes.NOBODY),
        ("nothing owed, we're square", Owes.NOBODY),
        ("no follow-up needed", Owes.NOBODY),
        ("all done", Owes.NOBODY),
        ("nothing to do", Owes.NOBODY),
        ("no action", Owes.NOBODY),
        ("all good, nothing needed", Owes.NOBODY),
        # Both ways, or no subject: ask.
        ("they'll send the JD, I'll send CVs after", Owes.ASK),
        ("will send 2 profiles", Owes.ASK),
        ("to send the rate card", Owes.ASK),
        ("waiting on them but I'll chase Monday", Owes.ASK),
        ("fyi I'll send the contract", Owes.ASK),
        ("she gave feedback, need to find 2 more candidates", Owes.ASK),
        ("I'd like them to send the JD, then I'll send CVs", Owes.ASK),
        # Nothing said: the documented default (the partner owes a reply).
        ("qualified the role, need the pay band", None),
        ("left a voicemail", None),
        ("I can't make Friday", None),
        ("", None),
    ],
)
def test_notes_say_who_owes(note: str, owes: Owes | None) -> None:
    assert who_owes(note) is owes
