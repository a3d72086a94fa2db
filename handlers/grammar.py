"""The `/followthrough` grammar: slash-command text in, a typed request out (no Slack calls)."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bot.errors import InvalidInput
from handlers.clauses import NAME_FIX, read_clauses, window_as_typed
from handlers.deal_grammar import deal_words
from handlers.job_grammar import OUTCOMES, job_words, outcome_example
from handlers.obligations import who_owes

MAX_TEXT = 3000


class Verb(StrEnum):
    SUBMIT = "submit"
    CALL = "call"
    EMAIL = "email"
    TALK = "talk"
    JOB = "job"
    JOBS = "jobs"
    LIST = "list"
    DONE = "done"
    HEARD = "heard"
    SNOOZE = "snooze"
    CANCEL = "cancel"
    REOPEN = "reopen"  # a call closed the wrong follow-up
    INTERVIEW = "interview"  # the importer sets up an interview of a submitted candidate
    FEEDBACK = "feedback"  # the importer says how an interview went
    ACCEPTED = "accepted"  # the candidate accepted the offer
    PLACED = "placed"  # the importer reports the placement: start date and fee
    PAID = "paid"  # the client paid the importer
    RECEIVED = "received"  # the exporter got their share
    FALLOFF = "falloff"  # a placed candidate left
    TIMELINE = "timeline"  # a deal's record, in order
    STATS = "stats"
    PARTNERS = "partners"
    PROFILE = "profile"
    SETTINGS = "settings"
    HELP = "help"


CONVERSATION_VERBS = frozenset({Verb.CALL, Verb.EMAIL, Verb.TALK})
ALIASES = {"ls": Verb.LIST, "mine": Verb.LIST, "?": Verb.HELP, "fell-off": Verb.FALLOFF}

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_RAW_MENTION = re.compile(r"^@\S+$")
_JOB_REF = re.compile(r"^(?:JO-?)?\d{1,9}$", re.IGNORECASE)
# A job order named in free text: always with its prefix ("about 2 candidates" names no job).
_FOLLOW_UP_REF = re.compile(r"^F-?\d{1,9}[,.;:]?$", re.IGNORECASE)
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Request:
    """What a user asked for; `missing` names the fields a modal must still ask for."""

    verb: Verb
    partner: str | None = None  # Slack user id of the mentioned member
    candidate: str | None = None
    job: str | None = None  # a job order ref as typed, e.g. "JO-12"
    window: str | None = None  # the window as typed, e.g. "2d" (read by the ledger)
    note: str | None = None
    ref: str | None = None  # a follow-up ref, e.g. "F-7"
    title: str | None = None
    client: str | None = None
    location: str | None = None
    fee_percent: float | None = None
    split: int | None = None  # the importer's share of the fee, in percent ("60" of 60/40)
    guarantee_days: int | None = None
    terms_note: str | None = None  # `job … note …`: the terms' own words
    start: str | None = None  # `placed F-7 start jan 4 …`: the start date as typed
    amount: str | None = None  # a fee or payment as typed: "$25,000", "25k", "20%"
    salary: str | None = None  # what a percentage fee is of
    job_title: str | None = None  # words naming one of the importer's job orders, e.g. "Java"
    job_outcome: str | None = None  # `job close|filled JO-3`: "closed" or "filled"
    niche: str | None = None
    # Who owes the next move after a conversation: partner, caller, candidates, nobody, or ask
    # (the note points both ways); None when nothing says (the partner owes a reply).
    owed_by: str | None = None
    args: tuple[str, ...] = ()  # the words after the verb, for profile/settings
    missing: tuple[str, ...] = field(default=())


def parse(text: str) -> Request:
    """Parse the text after `/followthrough`; raises InvalidInput/WindowError with a fix-it line."""
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"That is too long for a command; keep it under {MAX_TEXT} characters.")
    first = text.split(maxsplit=1)[0].lower() if text.strip() else ""
    channels = first == Verb.SETTINGS.value  # `settings jobs-channel #jobs` needs the id
    words = [_unescape(word) for word in _unlink(text, keep_channels=channels).split()]
    if not words:
        return Request(Verb.HELP)
    verb = _verb(words[0])
    rest = words[1:]
    if verb is Verb.SUBMIT:
        return _submission(rest)
    if verb in CONVERSATION_VERBS:
        return _conversation(verb, rest)
    if verb is Verb.JOB:
        return _job(rest)
    if verb is Verb.JOBS:
        return _board(rest)
    if verb is Verb.REOPEN and not rest:
        raise InvalidInput("Say which follow-up a call closed by mistake, e.g. `reopen F-7`.")
    if verb in {Verb.DONE, Verb.CANCEL, Verb.SNOOZE, Verb.REOPEN}:
        return _ref_verb(verb, rest)
    if verb is Verb.TIMELINE:
        if len(rest) != 1:
            raise InvalidInput("Name one deal, e.g. `timeline F-7`, `timeline P-3` or `JO-12`.")
        return Request(verb, ref=rest[0].upper())
    if verb in {Verb.INTERVIEW, Verb.FEEDBACK}:
        return _deal_step(verb, rest)
    if verb in {Verb.ACCEPTED, Verb.PLACED, Verb.PAID, Verb.RECEIVED, Verb.FALLOFF}:
        typed = deal_words(verb.value, rest)
        return Request(
            verb,
            ref=typed.ref,
            start=typed.start,
            amount=typed.amount,
            salary=typed.salary,
            note=typed.note,
            missing=() if typed.ref else ("ref",),
        )
    if verb in {Verb.HEARD, Verb.STATS}:
        if verb is Verb.HEARD and rest[:2] and [w.lower() for w in rest[:2]] == ["back", "from"]:
            rest = rest[2:]
        if verb is Verb.HEARD and rest[:1] and rest[0].lower() == "from":
            rest = rest[1:]
        partner, rest = _leading_mention(rest)
        if any(_MENTION.match(word) for word in rest):
            raise InvalidInput(
                f"One partner at a time, e.g. `{verb.value} @dana`, then `{verb.value} @liam`."
            )
        missing = ("partner",) if verb is Verb.HEARD and partner is None else ()
        return Request(verb, partner=partner, note=_text(rest), missing=missing)
    if verb is Verb.PARTNERS:
        niche = _text(rest)
        return Request(verb, niche=niche, missing=() if niche else ("niche",))
    return Request(verb, args=tuple(rest))


def _verb(word: str) -> Verb:
    word = word.lower()
    if word in ALIASES:
        return ALIASES[word]
    try:
        return Verb(word)
    except ValueError:
        close = difflib.get_close_matches(word, [v.value for v in Verb], n=1, cutoff=0.6)
        hint = f"Did you mean `{close[0]}`? " if close else ""
        shown = word if len(word) <= 20 else word[:20] + "…"
        raise InvalidInput(
            f"I don't know “{shown}”. {hint}Try `/followthrough help` for the verbs."
        ) from None


def _submission(words: list[str]) -> Request:
    partner, words = _leading_mention(words)
    quoted, words = _quoted(words)
    # The candidate keeps at least their first name; `for <words>` may name a job by its title.
    clauses = read_clauses(words, keep=0 if quoted else 1, titles=True)
    if quoted and clauses.head:
        clauses.tail[:0] = clauses.head
    elif not quoted:
        # "Jane Doe, Senior Dev" or "Jane Doe - 4 weeks notice": the name ends at the break.
        name, details = _name_and_details(clauses.head)
        clauses.head, clauses.tail[:0] = name, details
    candidate = quoted or _text(clauses.head)
    if candidate and any(word[:1].isdigit() for word in candidate.split()):
        raise InvalidInput(NAME_FIX.format(candidate[:60]))
    if candidate and not quoted and re.search(r"\s(?:and|&)\s", candidate):
        raise InvalidInput(
            "One candidate a submission: `submit @importer Jane Doe`, then "
            "`submit @importer John Smith`."
        )
    request = Request(
        Verb.SUBMIT,
        partner=partner,
        candidate=candidate,
        job=clauses.job,
        job_title=clauses.job_title,
        window=clauses.window,
        note=_text(clauses.tail),
    )
    return _needs(request, partner=partner, candidate=request.candidate)


def _conversation(verb: Verb, words: list[str]) -> Request:
    partner, words = _leading_mention(words)
    clauses = read_clauses(words)
    note = _text(clauses.head + clauses.tail)
    owes = who_owes(" ".join(words))  # the words as typed: "JO-2, need to send JD" keeps its comma
    request = Request(
        verb,
        partner=partner,
        job=clauses.job,
        window=clauses.window,
        note=note,
        owed_by=owes.value if owes else None,
    )
    return _needs(request, partner=partner)


def _job(words: list[str]) -> Request:
    if words and words[0] in OUTCOMES and len(words) > 1 and not _JOB_REF.match(words[1]):
        # `job close Java Dev` closes, it does not post "close Java Dev" (a title is typed
        # capitalised: `job Close Protection Officer`).
        raise InvalidInput(
            f"{outcome_example(OUTCOMES[words[0].lower()])} `/followthrough jobs` lists their refs."
        )
    if words and words[0].lower() in OUTCOMES and (len(words) == 1 or _JOB_REF.match(words[1])):
        outcome = OUTCOMES[words[0].lower()]
        if len(words) == 1:
            raise InvalidInput(outcome_example(outcome))
        return Request(Verb.JOB, ref=words[1].upper(), job_outcome=outcome, note=_text(words[2:]))
    typed = job_words(words)
    request = Request(
        Verb.JOB,
        title=_text(typed.title),
        client=_text(typed.client),
        location=_text(typed.location),
        fee_percent=typed.fee,
        split=typed.split,
        guarantee_days=typed.guarantee,
        terms_note=_text(typed.note) if typed.note else None,
    )
    return _needs(request, title=request.title)


def _board(words: list[str]) -> Request:
    page: tuple[str, ...] = ()
    if words and words[-1].isdigit():
        page, words = (words[-1],), words[:-1]
    return Request(Verb.JOBS, niche=_text(words), args=page)


def _ref_verb(verb: Verb, words: list[str]) -> Request:
    if not words:
        return Request(verb, missing=("ref",))
    ref, rest = words[0].rstrip(",;:"), words[1:]
    others = [word for word in rest if _FOLLOW_UP_REF.match(word)]
    if others:
        other = others[0].rstrip(",;:.").upper()
        raise InvalidInput(
            f"One follow-up at a time: `{verb.value} {ref.upper()}`, then `{verb.value} {other}`."
        )
    if verb is not Verb.SNOOZE:
        return Request(verb, ref=ref, note=_text(rest))
    rest = _snooze_words(rest)
    window = window_as_typed(rest, len(rest)) if rest else None
    return Request(verb, ref=ref, window=window, missing=() if window else ("window",))


def _deal_step(verb: Verb, words: list[str]) -> Request:
    """`interview F-7 tue 2pm` (when, in the window grammar) and `feedback F-7 <words>`."""
    if not words:
        return Request(verb, missing=("ref", "window" if verb is Verb.INTERVIEW else "note"))
    ref, rest = words[0].rstrip(",;:"), words[1:]
    if not _FOLLOW_UP_REF.match(ref):
        example = "tue 2pm" if verb is Verb.INTERVIEW else "strong on Java"
        raise InvalidInput(
            f"Start with the candidate's ref from `list`, e.g. `{verb.value} F-7 {example}`."
        )
    if verb is Verb.INTERVIEW:
        when = " ".join(rest[1:] if rest[:1] in (["at"], ["on"]) else rest) or None
        return Request(verb, ref=ref.upper(), window=when, missing=() if when else ("window",))
    note = _text(rest)
    return Request(verb, ref=ref.upper(), note=note, missing=() if note else ("note",))


def _snooze_words(words: list[str]) -> list[str]:
    """`until monday`, `for 2 days`, `2 more days`, `another day`, `+2d`: the window in them."""
    lowered = [word.lower() for word in words]
    if lowered[:1] in (["until"], ["till"], ["til"], ["'til"]):
        return ["by", *words[1:]]
    if lowered[:1] == ["for"]:
        words, lowered = words[1:], lowered[1:]
    if lowered[:1] == ["another"]:
        return ["a", *words[1:]] if len(words) == 2 else words[1:]
    if words and words[0].startswith("+"):
        words = [words[0][1:], *words[1:]] if len(words[0]) > 1 else words[1:]
    return [
        word for word, low in zip(words, [w.lower() for w in words], strict=True) if low != "more"
    ]


def _leading_mention(words: list[str]) -> tuple[str | None, list[str]]:
    if not words:
        return None, words
    match = _MENTION.match(words[0])
    if match:
        return match.group(1), words[1:]
    if _RAW_MENTION.match(words[0]):
        raise InvalidInput(
            f"I couldn't tell who “{words[0][:40]}” is; "
            "pick them from the @ menu so Slack links the name."
        )
    return None, words


def _name_and_details(words: list[str]) -> tuple[list[str], list[str]]:
    """The candidate's name up to a comma or a dash; the words after it are details."""
    for index, word in enumerate(words):
        if word in {"-", "–", "—", "|"}:
            return words[:index], words[index + 1 :]
        if word.startswith("(") and index:
            return words[:index], words[index:]
        if word.endswith(",") and index + 1 < len(words):
            return [*words[:index], word.rstrip(",")], words[index + 1 :]
    return words, []


_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}


def _quoted(words: list[str]) -> tuple[str | None, list[str]]:
    """A candidate's name in quotes ("Mary-Jane O'Neil" Sun), taken whole, and the rest."""
    if not words or words[0][:1] not in _QUOTES:
        return None, words
    close = _QUOTES[words[0][0]]
    text = " ".join(words)[1:]
    end = text.find(close)
    if end <= 0:
        return None, words
    return text[:end].strip() or None, text[end + 1 :].split()


def _needs(request: Request, **fields: str | None) -> Request:
    missing = tuple(name for name, value in fields.items() if not value)
    return replace(request, missing=missing) if missing else request


def _text(words: list[str]) -> str | None:
    """The words as one text, without the punctuation a removed clause left dangling."""
    return " ".join(words).strip().strip(",;:–—-").strip() or None


def plain_words(text: str, names: dict[str, str] | None = None) -> str:
    """Slack message markup as the plain words a person read: @names (from `names`, by user
    id), URLs for links, #channel, @here; Slack's escapes undone. Output escapes it again."""
    names = names or {}

    def person(match: re.Match[str]) -> str:
        label = names.get(match.group(1)) or match.group(2) or "someone"
        return "@" + label.lstrip("@")

    text = re.sub(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>", person, text)
    text = re.sub(r"<!(here|channel|everyone)(?:\|[^>]*)?>", r"@\1", text)
    text = re.sub(r"<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>", lambda m: m.group(1) or "@team", text)
    text = re.sub(r"<!date\^[^|>]*\|([^>]*)>", r"\1", text)
    text = _unlink(text)
    return " ".join(html.unescape(text).split())


def _unlink(text: str, *, keep_channels: bool = False) -> str:
    # Links and channels become their plain words; user mentions stay as <@U…> tokens, and so do
    # channel mentions where the channel itself is meant (`settings jobs-channel #jobs`).
    text = re.sub(r"<mailto:[^|>]+\|([^>]+)>", r"\1", text)
    text = re.sub(r"<(https?://[^|>]+)(?:\|[^>]+)?>", r"\1", text)
    if keep_channels:
        return text
    return re.sub(r"<#[CG][A-Z0-9]+\|([^>]*)>", r"#\1", text)


def channel_id(word: str) -> str | None:
    """The channel id in a channel mention as Slack sends it (`<#C123|jobs>`), else None."""
    match = _CHANNEL.fullmatch(word)
    return match.group(1) if match else None


def _unescape(word: str) -> str:
    # Slack escapes &, < and > typed by the user, so a typed "<@U…>" never becomes a mention.
    if _MENTION.match(word):
        return word
    plain = html.unescape(word)
    return word if _MENTION.match(plain) else plain
