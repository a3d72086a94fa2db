"""Who owes the next move after a call, email or talk, as recruiters write it in the note.

The note is written by the person logging the conversation, so "I'll send 2 profiles by thu"
means they owe it, and "they'll call back tomorrow" or "waiting on them for the pay band" means
the partner does. A note that says both, or only a subject-less "will send …", is ambiguous:
the bot asks rather than guessing who gets nudged (and scored). No signal at all keeps the
documented default: the partner owes a reply.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Owes(StrEnum):
    """Who a note says owes the next move."""

    PARTNER = "partner"  # the other party owes a call/email back
    CALLER = "caller"  # the person logging it owes the partner a reply
    CANDIDATES = "candidates"  # the person logging it promised candidates
    NOBODY = "nobody"
    ASK = "ask"  # the note points both ways, or nowhere clear: ask with one click


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_PROMISE = (
    r"'ll| will| shall| am going to|'m going to| are going to|'re going to| gonna"
    r"| need to| have to| must| should| promised(?: to)?| promise to| owe| still owe"
    r"|'m sending| am sending|'re sending| are sending"
)
_CALLER = _any(
    rf"\b(?:i|we)(?:{_PROMISE})\b",
    r"\b(?:my|our) (?:move|turn|court|side)\b",
    r"\bball(?:'s| is) in (?:my|our) court\b",
    r"\bon me\b",
    r"\b(?:hear|get) (?:back )?from (?:me|us)\b",
    # Reported promises: "told him I'd call the client back", "said we'd send CVs".
    r"\b(?:i|we)(?:'d| would) (?!like\b|love\b|prefer\b|rather\b|hoped?\b)",
    # A note without a subject is the writer's own: "agreed to call her back fri".
    r"^(?:i )?(?:agreed|offered|volunteered) to\b",
    # What the partner asked for is what the caller owes: "they need 2 more profiles".
    r"\b(?:they|he|she)(?:'d like| would like| want| wants| need| needs| asked for"
    r"| are after|'re after| are looking for|'re looking for| is looking for)\b(?! to\b)",
)
_PARTNER = _any(
    rf"\b(?:they|he|she)(?:{_PROMISE}|'s going to| is going to| needs to| has to| owes)\b",
    r"\b(?:they|he|she) (?:said|promised|agreed) (?:they|he|she|to)\b",
    r"\bwaiting (?:on|for)\b",
    r"\b(?:their|his|her) (?:move|turn|court|side)\b",
    r"\bball(?:'s| is) in (?:their|his|her) court\b",
    r"\bon them\b",
    r"\bowes? (?:me|us)\b",
    r"\b(?:call|email|e-mail|text|ping|ring|get back to) (?:me|us)\b",
    r"\b(?:asked|told|like|want|need|expect) (?:them|they|him|her) to\b",
    r"\b(?:send|sends|sending) (?:me|us)\b",
)
_NOBODY = _any(
    r"\bnothing (?:is )?(?:owed|due|pending)\b",
    r"\bno(?:thing to)? follow[- ]?ups?\b",
    r"\b(?:nobody|no one|no-one|neither of us) owes\b",
    r"\bno (?:action|next steps?) (?:needed|required)\b",
    r"^(?:just )?fyi\b",
    r"\bno (?:action|next steps?)\b",
    r"\bnothing (?:to do|needed|required|else to do)\b",
    r"^(?:all )?(?:done|sorted)\b|^all (?:good|set)\b",
)
# A promise without a subject: "will send 2 profiles" could be either of them.
_UNCLEAR = re.compile(
    r"(?:^|[,;.] )(?:will|shall|to|gonna|need to|needs to|have to|must|promised to)\b"
)
# Candidates promised or asked for: "send 2 SAP profiles", "they need 3 more CVs" (not "the
# candidate's notice period").
_CANDIDATES = re.compile(
    r"\b(?:send|sending|submit|submitting|share|sharing|present|find|source|introduce|owe"
    r"|need|needs|want|wants|like|after|looking for)\b[^.;!?]*?"
    r"\b(?:candidates?|profiles?|cvs?|resumes?|résumés?|shortlist|submittals?)\b(?!')"
)


def who_owes(note: str | None) -> Owes | None:
    """What the note says about who owes the next move; None when it says nothing."""
    if not note:
        return None
    text = _normalise(note)
    caller, partner = bool(_CALLER.search(text)), bool(_PARTNER.search(text))
    nobody = bool(_NOBODY.search(text))
    if sum((caller, partner, nobody)) > 1:
        return Owes.ASK
    if nobody:
        return Owes.NOBODY
    if caller:
        return Owes.CANDIDATES if _CANDIDATES.search(text) else Owes.CALLER
    if partner:
        return Owes.PARTNER
    if _UNCLEAR.search(text):
        return Owes.ASK
    return None


def _normalise(note: str) -> str:
    text = note.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"<@[uw][a-z0-9]+(?:\|[^>]*)?>", "they", text)  # a mention is the partner
    # "they'll hear from me" is the caller's promise, not the partner's.
    text = re.sub(
        r"\b(?:they|he|she)(?:'ll| will) (?=(?:hear|get) (?:back )?from (?:me|us)\b)", "", text
    )
    return " ".join(text.split())
