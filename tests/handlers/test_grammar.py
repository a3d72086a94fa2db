"""The slash-command grammar, as users type it (after Slack escapes mentions)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import UserError
from handlers.grammar import Request, Verb, parse

DANA = "<@U0DANA|dana>"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"submit {DANA} Jane Doe for JO-12 within 2d",
            Request(Verb.SUBMIT, partner="U0DANA", candidate="Jane Doe", job="JO-12", window="2d"),
        ),
        (
            f"submit {DANA} Jane Doe by fri 5pm",
            Request(Verb.SUBMIT, partner="U0DANA", candidate="Jane Doe", window="by fri 5pm"),
        ),
        (
            f"call {DANA} about jo-3 within 1d qualified the Java role",
            Request(
                Verb.CALL, partner="U0DANA", job="JO-3", window="1d", note="qualified the Java role"
            ),
        ),
        (f"email {DANA}", Request(Verb.EMAIL, partner="U0DANA")),
        (f"talk {DANA} R&amp;D lead", Request(Verb.TALK, partner="U0DANA", note="R&D lead")),
        (
            "job Senior Java Developer client Acme Corp fee 22.5%",
            Request(Verb.JOB, title="Senior Java Developer", client="Acme Corp", fee_percent=22.5),
        ),
        ("list", Request(Verb.LIST)),
        ("LS", Request(Verb.LIST)),
        ("done F-7 sent the CVs", Request(Verb.DONE, ref="F-7", note="sent the CVs")),
        ("heard <@U0ERIN>", Request(Verb.HEARD, partner="U0ERIN")),
        ("snooze F-7 tomorrow", Request(Verb.SNOOZE, ref="F-7", window="tomorrow")),
        ("cancel F-7", Request(Verb.CANCEL, ref="F-7")),
        ("stats", Request(Verb.STATS)),
        (f"stats {DANA}", Request(Verb.STATS, partner="U0DANA")),
        ("partners healthcare IT", Request(Verb.PARTNERS, niche="healthcare IT")),
        ("profile vacation 2026-12-24", Request(Verb.PROFILE, args=("vacation", "2026-12-24"))),
        ("settings", Request(Verb.SETTINGS)),
        ("", Request(Verb.HELP)),
        ("help", Request(Verb.HELP)),
    ],
)
def test_commands_parse_into_requests(text: str, expected: Request) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("submit", ("partner", "candidate")),
        (f"submit {DANA}", ("candidate",)),
        ("call", ("partner",)),
        ("job", ("title",)),
        ("done", ("ref",)),
        ("snooze F-7", ("window",)),
        ("heard", ("partner",)),
        ("partners", ("niche",)),
    ],
)
def test_missing_arguments_are_named_for_the_modal(text: str, missing: tuple[str, ...]) -> None:
    assert parse(text).missing == missing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("sbumit x", "I don't know “sbumit”. Did you mean `submit`?"),
        ("frobnicate", "Try `/followthrough help`"),
        ("submit @dana Jane", "pick them from the @ menu"),
        (f"call {DANA} within whenever", "I couldn't read"),
        (f"call {DANA} within", "Say how long after `within`"),
        ("job Nurse fee lots", "e.g. `fee 25%`"),
        ("snooze F-7 someday", "I couldn't read"),
        ("x" * 4000, "too long for a command"),
    ],
)
def test_bad_commands_say_how_to_fix_them_in_one_line(text: str, message: str) -> None:
    with pytest.raises(UserError) as raised:
        parse(text)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_typed_mention_is_not_a_real_one() -> None:
    request = parse("submit &lt;@U0ALEX&gt; Jane")
    assert (request.partner, request.missing) == (None, ("partner",))


@settings(max_examples=1500, deadline=None)
@given(
    st.one_of(
        st.text(max_size=300),
        st.lists(
            st.sampled_from(
                [
                    *(v.value for v in Verb),
                    DANA,
                    "@dana",
                    "for",
                    "about",
                    "within",
                    "by",
                    "fri",
                    "5pm",
                    "2d",
                    "JO-1",
                    "F-2",
                    "fee",
                    "25%",
                    "client",
                    "&amp;",
                    "<#C1|x>",
                    "💼",
                ]
            ),
            max_size=12,
        ).map(" ".join),
    )
)
def test_any_text_either_parses_or_explains_itself(text: str) -> None:
    try:
        request = parse(text)
    except UserError as err:
        message = str(err)
    else:
        assert isinstance(request.verb, Verb)
        return
    assert message.strip()
    assert "\n" not in message
