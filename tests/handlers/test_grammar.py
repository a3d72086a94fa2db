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
        (f"submit {DANA} for Java Developer", ("candidate",)),
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
        ("job Nurse fee 0", "e.g. `fee 25%`"),
        ("job Nurse fee", "e.g. `fee 25%`"),
        ("job Nurse split 60/30", "add up to 100, yours first, e.g. `split 60/40`"),
        ("job Nurse split 100/0", "add up to 100"),
        ("job Nurse split half", "e.g. `split 60/40`"),
        ("job Nurse split", "e.g. `split 60/40`"),
        ("job close", "Say which job order, e.g. `job close JO-3 client hired internally`"),
        ("job filled", "e.g. `job filled JO-3`"),
        (f"submit {DANA} Jane Doe for", "Say which job after `for`"),
        (f"submit {DANA} Jane Doe for within 2d", "Say which job after `for`"),
        ("snooze F-7 someday", "I couldn't read"),
        ("x" * 4000, "too long for a command"),
    ],
)
def test_bad_commands_say_how_to_fix_them_in_one_line(text: str, message: str) -> None:
    with pytest.raises(UserError) as raised:
        parse(text)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "job Quant Analyst client HSBC London fee 30 split 50/50",
            # A place without `location` is the user's words for the client: never guessed.
            {"title": "Quant Analyst", "client": "HSBC London", "fee_percent": 30.0, "split": 50},
        ),
        (
            "job Quant Analyst SPLIT 60 / 40 Location New York Client HSBC fee 30 %",
            {
                "title": "Quant Analyst",
                "client": "HSBC",
                "location": "New York",
                "fee_percent": 30,
                "split": 60,
            },
        ),
        (
            "job Client Partner client Acme location Leeds",
            {"title": "Client Partner", "client": "Acme", "location": "Leeds"},
        ),
        ("job Close Protection Officer", {"title": "Close Protection Officer"}),
        ("job Nurse split 70%/30%", {"title": "Nurse", "split": 70}),
    ],
)
def test_job_fields_land_where_they_belong(text: str, expected: dict[str, object]) -> None:
    assert parse(text) == Request(Verb.JOB, **expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "job close JO-3 client hired internally",
            Request(Verb.JOB, ref="JO-3", job_outcome="closed", note="client hired internally"),
        ),
        ("job filled jo-3", Request(Verb.JOB, ref="JO-3", job_outcome="filled")),
        ("JOB Fill 3", Request(Verb.JOB, ref="3", job_outcome="filled")),
        ("jobs", Request(Verb.JOBS)),
        ("Jobs Java", Request(Verb.JOBS, niche="Java")),
        ("jobs 2", Request(Verb.JOBS, args=("2",))),
        ("jobs java developer 3", Request(Verb.JOBS, niche="java developer", args=("3",))),
        (
            "settings jobs-channel <#C0JOBS|jobs>",
            Request(Verb.SETTINGS, args=("jobs-channel", "<#C0JOBS|jobs>")),
        ),
    ],
)
def test_job_orders_are_closed_filled_and_listed(text: str, expected: Request) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            f"submit {DANA} Jane Doe for the Java role",
            {"candidate": "Jane Doe", "job_title": "the Java role"},
        ),
        (
            f"submit {DANA} Jane Doe within 2d for Java Developer",
            {"candidate": "Jane Doe", "job_title": "Java Developer", "window": "2d"},
        ),
        (
            f"submit {DANA} Jane Doe for Java Developer by fri 5pm strong Spring background",
            {
                "candidate": "Jane Doe",
                "job_title": "Java Developer",
                "window": "by fri 5pm",
                "note": "strong Spring background",
            },
        ),
        (
            f"submit {DANA} Jane Doe for Sales by the Sea within 1d",
            {"candidate": "Jane Doe", "job_title": "Sales by the Sea", "window": "1d"},
        ),
        (
            f"submit {DANA} Jane Doe for JO-3 strong Spring background",
            {"candidate": "Jane Doe", "job": "JO-3", "note": "strong Spring background"},
        ),
    ],
)
def test_a_candidate_never_swallows_the_job(text: str, expected: dict[str, str]) -> None:
    assert parse(text) == Request(Verb.SUBMIT, partner="U0DANA", **expected)


def test_conversations_keep_for_as_their_own_words() -> None:
    assert parse(f"call {DANA} for the Java role") == Request(
        Verb.CALL, partner="U0DANA", note="for the Java role"
    )


def test_channel_mentions_stay_words_outside_settings() -> None:
    assert parse("partners <#C0JOBS|jobs>") == Request(Verb.PARTNERS, niche="#jobs")


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
                    "location",
                    "split",
                    "60/40",
                    "close",
                    "filled",
                    "jobs",
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


# Phrases a review typed that were misread without a word: each is now read as meant, or
# refused with the fix.
@pytest.mark.parametrize(
    ("text", "fields"),
    [
        # A number is not a job order without its prefix.
        (f"call {DANA} about 2 candidates", {"job": None, "note": "about 2 candidates"}),
        (f"call {DANA} spoke for 20 mins about JO-5", {"job": "JO-5"}),
        (f"email {DANA} re JO-1 waiting on feedback", {"job": "JO-1"}),
        (f"call {DANA} JO-2 she'll send CVs", {"job": "JO-2", "note": "she'll send CVs"}),
        (f"call {DANA} sent 3 CVs for JO-1, awaiting feedback", {"job": "JO-1"}),
        # A name in quotes is taken whole; what follows is read as usual.
        (
            f'submit {DANA} "Wei Sun" for JO-2 tomorrow',
            {"candidate": "Wei Sun", "job": "JO-2", "window": "tomorrow"},
        ),
        (f"submit {DANA} “Mary-Jane O'Neil” within 2d", {"candidate": "Mary-Jane O'Neil"}),
        # `heard from`; snoozing as people say it.
        (f"heard from {DANA}", {"partner": "U0DANA", "note": None}),
        (f"heard back from {DANA}", {"partner": "U0DANA", "note": None}),
        ("snooze F-3 until monday", {"window": "by monday"}),
        ("snooze F-3 till tomorrow", {"window": "by tomorrow"}),
        ("snooze F-3 for 2 days", {"window": "2 days"}),
        ("snooze F-3 2 more days", {"window": "2 days"}),
        ("snooze F-3 another day", {"window": "a day"}),
        ("snooze F-3 +2d", {"window": "2d"}),
        # Job orders: a keyword inside the title, keywords with colons, splits as people write.
        ("job Head of Client Relations client Acme", {"title": "Head of Client Relations"}),
        ("job Java Dev client: Barclays fee: 20%", {"client": "Barclays", "fee_percent": 20.0}),
        ("job Java Dev split 50-50", {"split": 50}),
        ("job Java Dev split 60:40", {"split": 60}),
        ("job Java Dev split 60 40 client Acme", {"split": 60, "client": "Acme"}),
        # "by" before words is narration.
        (f"call {DANA} referred by 2 people", {"window": None}),
        # A time that belongs to the candidate or the client is not the deadline.
        (
            f"submit {DANA} Jane Doe for JO-3 available in 2 weeks",
            {"candidate": "Jane Doe", "window": None, "note": "available in 2 weeks"},
        ),
        (f"call {DANA} she can start next week", {"window": None}),
        (f"call {DANA} she can interview tomorrow", {"window": None}),
        (f"call {DANA} interview booked for tomorrow", {"window": None}),
        (f"call {DANA} she will send CVs in 2 days", {"window": "in 2 days"}),
        (f"call {DANA} offer accepted, start date next monday", {"window": None}),
        # Who owes is read from the words as typed, commas and all.
        (f"call {DANA} discussed JO-2, need to send JD", {"job": "JO-2", "owed_by": "ask"}),
        # A bare day after the job is the deadline; the name was already complete.
        (f"submit {DANA} Jane Doe for JO-3 thurs", {"candidate": "Jane Doe", "window": "thurs"}),
        # The candidate's name ends at a comma, a dash or a bracket.
        (
            f"submit {DANA} Jane Doe (Senior Dev) for JO-3",
            {"candidate": "Jane Doe", "note": "(Senior Dev)"},
        ),
        (f"submit {DANA} Jane Doe for JO-3 - strong React", {"note": "strong React"}),
        (
            f"submit {DANA} Jane Doe, Senior Dev, for JO-3",
            {"candidate": "Jane Doe", "job": "JO-3", "note": "Senior Dev"},
        ),
        (
            f"submit {DANA} Jane Doe - 4 weeks notice within 2d",
            {"candidate": "Jane Doe", "window": "2d", "note": "4 weeks notice"},
        ),
    ],
)
def test_real_phrases_are_read_as_meant(text: str, fields: dict[str, object]) -> None:
    request = parse(text)
    assert {name: getattr(request, name) for name in fields} == fields


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f"submit {DANA} Wei Sun",
            "Is “Sun” part of the name or the deadline? For a deadline write `by Sun`; for a "
            'name put it in quotes: `"Wei Sun"`.',
        ),
        (f"submit {DANA} Joe Monday", "Is “Monday” part of the name or the deadline?"),
        (f"call {DANA} she'll send CVs by 3.30", "I couldn't read"),
        (f"call {DANA} due 12-04", "Write it as 12/04"),
        ("job close Java Dev", "Say which job order, e.g. `job close JO-3"),
        (
            "job Java Dev fee 0.2",
            "A fee of 0.2% is under one percent; write the percentage, e.g. `fee 20%`.",
        ),
        ("done F-3 F-4", "One follow-up at a time: `done F-3`, then `done F-4`."),
        (
            f"submit {DANA} Jane Doe for JO-3 within a day or two",
            "“a day or two” is a range; pick the time you'll hold them to, e.g. `within 2d`.",
        ),
        (f"call {DANA} she'll send CVs in 1-2 days", "“1-2 days” is a range"),
        (
            f"submit {DANA} Jane Doe available next week",
            "“Jane Doe available next week” doesn't look like a name.",
        ),
        (f"submit {DANA} Jane Doe and John Smith for JO-3", "One candidate a submission"),
        (
            f"submit {DANA} Jane Doe for JO-3 and JO-4 by fri",
            "One job order at a time: JO-3, then JO-4 in a second message.",
        ),
        ("done F-3 and F-4", "One follow-up at a time: `done F-3`, then `done F-4`."),
        (
            f"submit {DANA} Jane Doe notice 4 weeks",
            "“Jane Doe notice 4 weeks” doesn't look like a name. End the name with a comma",
        ),
        (f"heard {DANA} <@U0LIAM>", "One partner at a time"),
    ],
)
def test_real_phrases_that_cannot_be_read_surely_are_refused(text: str, message: str) -> None:
    with pytest.raises(UserError) as refused:
        parse(text)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    ("text", "window"),
    [
        (f"call {DANA} within 2 biz days", "2 biz days"),
        (f"call {DANA} talked pay, chase first thing tomorrow", "first thing tomorrow"),
        (f"call {DANA} qualified her by fri at 3", "by fri at 3"),
        (f"submit {DANA} Jane Doe tmrw am", "tmrw am"),
        (f"submit {DANA} Jane Doe by the 4th", "by the 4th"),
    ],
)
def test_new_window_words_are_taken_as_windows(text: str, window: str) -> None:
    assert parse(text).window == window


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (f"call {DANA} within 2 bizz days", '"2 bizz days"'),
        (f"call {DANA} within 2 bizz days for JO-3 spoke", '"2 bizz days"'),
        (f"submit {DANA} Jane Doe within 3 dayz", '"3 dayz"'),
    ],
)
def test_a_refused_window_is_quoted_whole(text: str, quoted: str) -> None:
    with pytest.raises(UserError) as raised:
        parse(text)
    assert str(raised.value).startswith(f"I couldn't read {quoted} as a window.")
