"""The grammar of a split's later steps: terms on a job order, interviews, money, the record."""

from __future__ import annotations

import pytest

from bot.errors import UserError
from handlers.grammar import Request, Verb, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "job Nurse split 50/50 guarantee 90 days fee 25% note refund <pro rata> & net 30",
            {
                "title": "Nurse",
                "split": 50,
                "guarantee_days": 90,
                "fee_percent": 25,
                # A note runs to the end: the terms' own words, escaped only when shown.
                "terms_note": "refund <pro rata> & net 30",
            },
        ),
        (
            "job Nurse guarantee 60-day client NHS",
            {"title": "Nurse", "guarantee_days": 60, "client": "NHS"},
        ),
        ("job Nurse guarantee 45d", {"title": "Nurse", "guarantee_days": 45}),
    ],
)
def test_a_job_orders_terms_land_where_they_belong(text: str, expected: dict[str, object]) -> None:
    assert parse(text) == Request(Verb.JOB, **expected)


@pytest.mark.parametrize(
    "text",
    [
        "job Nurse split 50/50 guarantee 3 months",
        "job Nurse guarantee 3m",
        "job Nurse guarantee",
        "job Nurse guarantee 0d",
    ],
)
def test_a_guarantee_is_written_in_days(text: str) -> None:
    with pytest.raises(UserError) as raised:
        parse(text)
    assert str(raised.value) == (
        "Write the guarantee in days, e.g. `guarantee 90d` (or `guarantee 60 days`)."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("interview F-7 tue 2pm", Request(Verb.INTERVIEW, ref="F-7", window="tue 2pm")),
        (
            "interview f7 on 2026-12-03 10:00",
            Request(Verb.INTERVIEW, ref="F7", window="2026-12-03 10:00"),
        ),
        ("interview", Request(Verb.INTERVIEW, missing=("ref", "window"))),
        ("interview F-7", Request(Verb.INTERVIEW, ref="F-7", missing=("window",))),
        (
            "feedback F-7 strong <on> Java & calm",
            Request(Verb.FEEDBACK, ref="F-7", note="strong <on> Java & calm"),
        ),
        ("feedback F-7", Request(Verb.FEEDBACK, ref="F-7", missing=("note",))),
    ],
)
def test_interviews_and_feedback_name_the_candidate_by_ref(text: str, expected: Request) -> None:
    assert parse(text) == expected


def test_an_interview_without_a_ref_says_how() -> None:
    with pytest.raises(UserError, match=r"e\.g\. `interview F-7 tue 2pm`"):
        parse("interview Jane tue 2pm")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("accepted F-7", Request(Verb.ACCEPTED, ref="F-7")),
        (
            "placed F-7 start jan 4 fee $25,000",
            Request(Verb.PLACED, ref="F-7", start="jan 4", amount="$25,000"),
        ),
        (
            "placed f7 fee 20% salary $120k start 2027-01-04",
            Request(Verb.PLACED, ref="F7", start="2027-01-04", amount="20%", salary="$120k"),
        ),
        ("paid P-3", Request(Verb.PAID, ref="P-3")),
        ("paid p3 EUR 12,000", Request(Verb.PAID, ref="P3", amount="EUR 12,000")),
        ("received P-3", Request(Verb.RECEIVED, ref="P-3")),
        ("paid", Request(Verb.PAID, missing=("ref",))),
    ],
)
def test_the_money_steps_read_ref_start_fee_and_amount(text: str, expected: Request) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("placed F-7 fee $25,000", "Say the start date and the fee"),
        ("placed F-7 jan 4 $25,000", "Say the start date and the fee"),
        ("paid F-7", "e.g. `paid P-3`"),
        ("accepted P-3", "e.g. `accepted F-7`"),
        ("received P-3 thanks", "Just the ref"),
    ],
)
def test_the_money_steps_refuse_what_they_cant_read(text: str, fix: str) -> None:
    with pytest.raises(UserError) as raised:
        parse(text)
    assert fix in str(raised.value)
