"""The `/followthrough` grammar: slash-command text in, a typed request out (no Slack calls)."""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bot.errors import InvalidInput
from bot.windows import WindowError, parse_window
from bot.windows.grammar import VAGUE_WORDS
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
    STATS = "stats"
    PARTNERS = "partners"
    PROFILE = "profile"
    SETTINGS = "settings"
    HELP = "help"


CONVERSATION_VERBS = frozenset({Verb.CALL, Verb.EMAIL, Verb.TALK})
ALIASES = {"ls": Verb.LIST, "mine": Verb.LIST, "?": Verb.HELP}

_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_RAW_MENTION = re.compile(r"^@\S+$")
_JOB_REF = re.compile(r"^(?:JO-?)?\d{1,9}$", re.IGNORECASE)
# A job order named in free text: always with its prefix ("about 2 candidates" names no job).
_JOB_MENTION = re.compile(r"^(JO-?\d{1,9})[,.;:]?$", re.IGNORECASE)
_FOLLOW_UP_REF = re.compile(r"^F-?\d{1,9}[,.;:]?$", re.IGNORECASE)
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")
_WINDOW_WORDS = 5
# Words after which a time is the candidate's or the client's, not the deadline: "available in
# 2 weeks", "notice 4 weeks", "can start next week", "interview booked for tomorrow".
_NARRATION = frozenset(
    {
        *("available", "availability", "free", "start", "starts", "starting", "started"),
        *("notice", "interview", "interviews", "interviewing", "booked", "scheduled", "for"),
        *("relocate", "relocating", "relocation", "leave", "leaving", "left", "joins", "join"),
        *("joining", "holiday", "vacation", "away", "offer", "accepted", "resign", "resigned"),
        *("resigning", "onsite", "date"),
    }
)
_POINT_WORDS = frozenset({"by", "in", "due", "before"})
_CLAUSE_WORDS = _POINT_WORDS | {"within", "for", "about"}
# How a deadline (never narration) starts when it ends a note without `by` or `within`.
_DEADLINE_START = re.compile(
    r"(?:tomorrow|tmrw|tmw|tomoz|next |eod|eow|eom|eop|cob|end of|close of|first thing"
    r"|\d+ ?(?:h|hrs?|hours?|m|mins?|minutes?|d|days?|w|wks?|weeks?|business|biz|working)\b"
    r"|(?:a|an|one|two|three|four|five|a couple of) (?:hour|day|week|fortnight|business|working)"
    r"|(?:in )?a fortnight)"
)


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
    clauses = _clauses(words, keep=0 if quoted else 1, titles=True)
    if quoted and clauses.head:
        clauses.tail[:0] = clauses.head
    elif not quoted:
        # "Jane Doe, Senior Dev" or "Jane Doe - 4 weeks notice": the name ends at the break.
        name, details = _name_and_details(clauses.head)
        clauses.head, clauses.tail[:0] = name, details
    candidate = quoted or _text(clauses.head)
    if candidate and any(word[:1].isdigit() for word in candidate.split()):
        raise InvalidInput(_NAME_FIX.format(candidate[:60]))
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
    clauses = _clauses(words)
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
    window = _window(rest, len(rest)) if rest else None
    return Request(verb, ref=ref, window=window, missing=() if window else ("window",))


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


@dataclass
class _Clauses:
    head: list[str] = field(default_factory=list)  # free words before the first clause
    tail: list[str] = field(default_factory=list)  # free words after it
    job: str | None = None
    job_title: str | None = None
    window: str | None = None


def _clauses(words: list[str], *, keep: int = 0, titles: bool = False) -> _Clauses:
    """Job and window clauses out of the free words, in any order: `for JO-3`, `within 2d`,
    `by fri 5pm`, `in 2 business days`, `due mon`, or a window ending the text (`… tomorrow
    10am`); at least `keep` free words stay free. With `titles`, `for <words>` names a job."""
    found = _Clauses()
    free = found.head
    index = 0
    while index < len(words):
        word, following = words[index].lower(), words[index + 1 : index + 1 + _WINDOW_WORDS]
        if word in {"for", "about", "re", "re:"} and following and _job_mention(following[0]):
            found.job, index, free = _job_mention(following[0]), index + 2, found.tail
            continue
        if _job_mention(words[index]):
            if found.job is not None and _job_mention(words[index]) != found.job:
                raise InvalidInput(
                    f"One job order at a time: {found.job}, then "
                    f"{_job_mention(words[index])} in a second message."
                )
            found.job, index = _job_mention(words[index]), index + 1
            continue
        if titles and word == "for" and found.job is None and found.job_title is None:
            title = _title_words(words, index + 1, found)
            found.job_title, index, free = " ".join(title), index + 1 + len(title), found.tail
            continue
        if word == "within" and found.window is None:
            if not following:
                raise InvalidInput("Say how long after `within`, e.g. `within 2d`.")
            found.window, used = _longest_window(following, required=True)
            _no_range(found.window, following[used:])
            index, free = index + 1 + used, found.tail
            continue
        if word in {"in", "within"} and following and _RANGE.fullmatch(following[0]):
            raise InvalidInput(_range_fix(" ".join(following[:2])))
        after_narration = index > 0 and words[index - 1].lower().rstrip(",") in _NARRATION
        if word in _POINT_WORDS and found.window is None and following and not after_narration:
            start = index + (1 if word in {"due", "before"} else 0)
            window, used = _longest_window(words[start : index + 1 + _WINDOW_WORDS], False)
            after = words[start + used : start + used + 1]
            if window and re.fullmatch(r"by \d{1,2}", window.lower()) and after:
                window = None  # "referred by 2 people": a count, not 2 pm
            if window:
                found.window, index, free = window, start + used, found.tail
                continue
            if word in {"by", "due", "before"} and _looks_like_a_time(following):
                # `by 3.30` or `due 12-04` means a time: refuse it rather than keep it as words.
                parse_window(following[0])
        free.append(words[index])
        index += 1
    if found.window is None and found.job_title and not found.tail:
        _title_window(found)  # `for the Java role tomorrow`
    if found.window is None:
        _trailing_window(found, keep)
    return found


_TIME_OR_DATE = re.compile(
    r"\d{1,2}(?:[:.]\d{2})?(?:am|pm)?|\d{1,4}[-./]\d{1,2}(?:[-./]\d{2,4})?", re.IGNORECASE
)


def _looks_like_a_time(following: list[str]) -> bool:
    """`by 3.30`, `by 5`, `due 12-04`: a time or date, not words ("by 2 people")."""
    word = following[0].rstrip(",.;:")
    if not _TIME_OR_DATE.fullmatch(word):
        return False
    return not (word.isdigit() and len(following) > 1 and following[1].isalpha())


_RANGE = re.compile(r"\d+ ?(?:-|–|to) ?\d+")


def _no_range(window: str | None, after: list[str]) -> None:
    """`within a day or two`: a range is no deadline; ask for one end of it."""
    if window and after and after[0].lower() in {"or", "to", "-", "–"}:
        raise InvalidInput(_range_fix(f"{window} {' '.join(after[:2])}"))


def _range_fix(typed: str) -> str:
    return f"“{typed[:40]}” is a range; pick the time you'll hold them to, e.g. `within 2d`."


def _job_mention(word: str) -> str | None:
    """The job order ref a word names, as the ledger writes it ("jo-3," → "JO-3")."""
    match = _JOB_MENTION.match(word)
    return match.group(1).upper() if match else None


def _title_words(words: list[str], start: int, found: _Clauses) -> list[str]:
    """The words after `for` up to a window clause: a job order's title, as typed."""
    end = start
    while end < len(words) and not _window_starts(words, end, found):
        end += 1
    if end == start:
        raise InvalidInput("Say which job after `for`, e.g. `for JO-3` or `for Java Developer`.")
    return words[start:end]


def _window_starts(words: list[str], index: int, found: _Clauses) -> bool:
    word = words[index].lower()
    if found.window is not None or word not in _POINT_WORDS | {"within"}:
        return False
    if word == "within":
        return True
    start = index + (1 if word in {"due", "before"} else 0)
    return _longest_window(words[start : index + 1 + _WINDOW_WORDS], False)[0] is not None


def _title_window(found: _Clauses) -> None:
    """A deadline typed after a job's title: the title keeps at least one word."""
    title = _Clauses(head=(found.job_title or "").split())
    _trailing_window(title, 1)
    if title.window is not None:
        found.window, found.job_title = title.window, " ".join(title.head)


def _trailing_window(found: _Clauses, keep: int) -> None:
    """A window typed last without a keyword (`… tomorrow`, `… next week`, `… 48 hours`);
    a vague last word (`asap`, `soon`) is refused rather than kept as words.

    After a candidate's name (`keep`) any window counts; at the end of a note only one that
    can't be narration does ("spoke to her today" or "met him fri" stay words: say `by fri`).
    """
    free, kept = (found.tail, 0) if found.tail else (found.head, keep)
    for size in range(min(_WINDOW_WORDS, len(free) - kept), 0, -1):
        typed = " ".join(free[-size:])
        try:
            parse_window(typed)
        except WindowError as err:
            if _vague(free[-size:]):
                raise err from None
            continue
        whole = size == len(free)
        if not whole and free[-size - 1].lower().rstrip(",") in _NARRATION:
            if kept:  # "Jane Doe available next week": where does the name end?
                raise InvalidInput(_NAME_FIX.format(" ".join(free)[:60]))
            return  # "she can start next week": the candidate's time, not a deadline
        if kept and not _DEADLINE_START.match(typed.lower()):
            # "Wei Sun", "Joe Monday", "Ana Mar 3": part of a name, or a deadline?
            name = " ".join(free[:-size])
            raise InvalidInput(
                f"Is “{typed}” part of the name or the deadline? For a deadline write "
                f'`by {typed}`; for a name put it in quotes: `"{name} {typed}"`.'
            )
        if keep or whole or _DEADLINE_START.match(typed.lower()):
            found.window = typed
            del free[-size:]
        return


def _vague(words: list[str]) -> bool:
    return " ".join(words).lower().rstrip("!.") in VAGUE_WORDS


def _longest_window(words: list[str], required: bool) -> tuple[str | None, int]:
    """The longest run of `words` that reads as a window, as typed (the ledger reads it again
    with the workspace's date order), and how many words it took."""
    for size in range(len(words), 0, -1):
        typed = " ".join(words[:size])
        try:
            parse_window(typed)
        except WindowError:
            continue
        return typed, size
    if required:
        _refuse_window(words)
    return None, 0


def _refuse_window(words: list[str]) -> None:
    """Refuse a window that must be there (after `within`), quoting all of it as typed: the words
    up to the next clause (`for JO-3`, `by fri`), not just the first."""
    end = next(
        (i for i, word in enumerate(words) if i and word.lower() in _CLAUSE_WORDS), len(words)
    )
    parse_window(" ".join(words[:end]))  # raises, since no run of `words` reads as a window
    parse_window(words[0])


def _window(words: list[str], size: int) -> str:
    typed = " ".join(words[:size])
    parse_window(typed)  # a typing mistake is refused at once
    return typed


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


_NAME_FIX = (
    "“{}” doesn't look like a name. End the name with a comma, e.g. "
    "`submit @importer Jane Doe, 4 weeks notice`, or put it in quotes."
)
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
