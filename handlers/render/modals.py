"""Modals: each verb's form, pre-filled from whatever the user already typed."""

from __future__ import annotations

import json
from typing import Any

from bot.models import JobOrder, Member
from handlers.grammar import CONVERSATION_VERBS, Request, Verb
from handlers.ids import (
    FEEDBACK_WORDS,
    JOB_PICK,
    MODAL_PREFIX,
    NEED_INFO_QUESTION,
    PASS_REASON,
)
from handlers.render.blocks import Block, plain, section
from handlers.render.escape import shown
from handlers.render.jobs import job_option

View = dict[str, Any]
VALUE = "value"  # every input's action_id; its block_id names the field
PICKED = "due_time"  # the date-and-time picker beside a window field

OWED_CHOICES = {
    "partner": "They owe me a reply",
    "caller": "I owe them a reply",
    "candidates": "I owe them candidates",
    "nobody": "Nobody owes anything",
}
TITLES = {
    Verb.SUBMIT: "Submit a candidate",
    Verb.CALL: "Log a conversation",
    Verb.EMAIL: "Log a conversation",
    Verb.TALK: "Log a conversation",
    Verb.JOB: "Post a job order",
    Verb.DONE: "Mark done",
    Verb.CANCEL: "Cancel a follow-up",
    Verb.SNOOZE: "Snooze a follow-up",
    Verb.INTERVIEW: "Record an interview",
    Verb.ACCEPTED: "Offer accepted",
    Verb.PLACED: "Report a placement",
    Verb.PAID: "Client paid",
    Verb.RECEIVED: "Share received",
    Verb.FALLOFF: "Report a fall-off",
    Verb.FEEDBACK: "Give feedback",
    Verb.HEARD: "Heard back",
    Verb.PARTNERS: "Find partners",
    Verb.PROFILE: "Your profile",
}


# The money verbs' forms: (field, label, hint, optional).
DEAL_FIELDS = {
    Verb.ACCEPTED: [("ref", "Candidate's ref", "F-7", False)],
    Verb.PLACED: [
        ("ref", "Candidate's ref", "F-7", False),
        ("start", "Start date", "2027-01-04", False),
        ("amount", "Fee", "$25,000 or 20%", False),
        ("salary", "Salary (for a fee in %)", "$120,000", True),
    ],
    Verb.PAID: [
        ("ref", "Placement ref", "P-3", False),
        ("amount", "Amount paid (blank: the whole fee)", "$25,000", True),
    ],
    Verb.RECEIVED: [("ref", "Placement ref", "P-3", False)],
    Verb.FALLOFF: [
        ("ref", "Placement ref", "P-3", False),
        ("note", "Why?", "left in week 2", False),
    ],
}


def verb_modal(
    request: Request,
    *,
    channel: str | None,
    member: Member | None = None,
    job: JobOrder | None = None,
) -> View:
    """The form for a verb, with the fields the user already gave filled in.

    The submit form's job order is picked from a searchable menu; `job` preselects one.
    """
    verb = request.verb
    if verb is Verb.SUBMIT:
        blocks = [
            _user("partner", "Importer", request.partner),
            _text("candidate", "Candidate", request.candidate),
            job_menu(job),
            _text(
                "window", "Answer within", request.window, optional=True, hint="2d, 4h, by fri 5pm"
            ),
            _picker("Or pick a due time"),
            _text("note", "Note", request.note, optional=True, multiline=True),
        ]
    elif verb in CONVERSATION_VERBS:
        blocks = conversation_fields(request, owed="partner")
    elif verb is Verb.JOB:
        blocks = [
            _text("title", "Job title", request.title),
            _text("client", "Client", request.client, optional=True),
            _text("location", "Location", request.location, optional=True, hint="London"),
            _text("fee", "Fee %", _fee(request.fee_percent), optional=True, hint="25"),
            _text(
                "split",
                "Split: your share / the candidate's recruiter's",
                _split(request.split),
                optional=True,
                hint="50/50",
            ),
            _text(
                "guarantee",
                "Guarantee (days)",
                _days(request.guarantee_days),
                optional=True,
                hint="90",
            ),
            _text("terms_note", "Terms note", request.terms_note, optional=True, multiline=True),
        ]
    elif verb in {Verb.DONE, Verb.CANCEL}:
        blocks = [_text("ref", "Follow-up ref", request.ref, hint="F-7"), _note(request.note)]
    elif verb is Verb.SNOOZE:
        blocks = [
            _text("ref", "Follow-up ref", request.ref, hint="F-7"),
            _text("window", "Snooze for", request.window, optional=True, hint="1d, by mon 10am"),
            _picker("Or snooze until"),
        ]
    elif verb is Verb.INTERVIEW:
        blocks = [
            _text("ref", "Candidate's ref", request.ref, hint="F-7"),
            _text("window", "When (your time)", request.window, hint="tue 2pm, 2026-12-03 10:00"),
        ]
    elif verb is Verb.FEEDBACK:
        blocks = [
            _text("ref", "Candidate's ref", request.ref, hint="F-7"),
            _text("note", "How did it go?", request.note, multiline=True),
        ]
    elif verb in DEAL_FIELDS:
        blocks = [
            _text(name, label, None, optional=optional, hint=hint)
            for name, label, hint, optional in DEAL_FIELDS[verb]
        ]
    elif verb is Verb.HEARD:
        blocks = [_user("partner", "Who got back to you?", request.partner)]
    elif verb is Verb.PARTNERS:
        blocks = [_text("niche", "Niche", request.niche, hint="Healthcare")]
    else:
        blocks = profile_fields(member)
    return modal(f"{MODAL_PREFIX}{verb.value}", TITLES.get(verb, "Followthrough"), blocks, channel)


def job_menu(job: JobOrder | None) -> Block:
    """The open job orders to submit to, searched as the person types (options come from
    a block_suggestion request: the importer's, once one is chosen)."""
    element: Block = {
        "type": "external_select",
        "action_id": JOB_PICK,
        "min_query_length": 0,
        "placeholder": plain("Search open job orders"),
    }
    if job is not None:
        element["initial_option"] = job_option(job)
    return {
        "type": "input",
        "block_id": "job",
        "optional": True,
        "label": plain("Job order"),
        "element": element,
    }


def conversation_fields(request: Request, *, owed: str) -> list[Block]:
    """Fields for logging a call, email or talk (also used by the message shortcut)."""
    kind = request.verb.value if request.verb in CONVERSATION_VERBS else "talk"
    return [
        _user("partner", "Partner", request.partner),
        _dropdown("kind", "Kind", {"call": "Call", "email": "Email", "talk": "Slack talk"}, kind),
        _text("job", "Job order ref", request.job, optional=True, hint="JO-12"),
        _radio("owed_by", "Who owes the next move?", OWED_CHOICES, owed),
        _text("window", "Within", request.window, optional=True, hint="2d, 4h, by fri 5pm"),
        _picker("Or pick a due time"),
        _text("note", "Note", request.note, optional=True, multiline=True),
    ]


def profile_fields(member: Member | None) -> list[Block]:
    """Fields a member keeps current about themselves."""
    vacation: Block = {
        "type": "input",
        "block_id": "vacation_until",
        "optional": True,
        "label": plain("Away until (last day of vacation)"),
        "element": {"type": "datepicker", "action_id": VALUE},
    }
    if member is not None and member.vacation_until is not None:
        vacation["element"]["initial_date"] = member.vacation_until.isoformat()
    away_from: Block = {
        "type": "input",
        "block_id": "vacation_from",
        "optional": True,
        "label": plain("Away from (first day; empty: today)"),
        "element": {"type": "datepicker", "action_id": VALUE},
    }
    if member is not None and member.vacation_from is not None:
        away_from["element"]["initial_date"] = member.vacation_from.isoformat()
    return [
        _text(
            "specializations",
            "Specializations",
            member.specializations if member else None,
            optional=True,
            hint="IT, Healthcare",
        ),
        _text(
            "working_hours",
            "Working hours",
            member.working_hours if member else None,
            optional=True,
            hint="Mon-Fri 09:00-17:30",
        ),
        _text(
            "holiday_country",
            "Public holidays of",
            member.holiday_country if member else None,
            optional=True,
            hint="US, GB, DE or none",
        ),
        away_from,
        vacation,
    ]


def pass_modal(
    follow_up_id: int, candidate: str, *, channel: str, ts: str, seen: int | None = None
) -> View:
    """Ask the importer why they pass, so the exporter can adjust."""
    blocks = [
        section(f"Why are you passing on *{shown(candidate)}*? The exporter sees your reason."),
        _text("reason", "Reason", None, multiline=True, hint="Salary expectations too high"),
    ]
    metadata = {"follow_up": follow_up_id, "channel": channel, "ts": ts, "seen": seen}
    return modal(PASS_REASON, "Pass on a candidate", blocks, None, metadata=metadata)


def need_info_modal(
    follow_up_id: int, candidate: str, *, channel: str, ts: str, seen: int | None = None
) -> View:
    """Ask the importer what they need to know, so the exporter gets exactly that."""
    blocks = [
        section(
            f"What do you need to know about *{shown(candidate)}*? The exporter gets your "
            "question and a reminder until they answer it."
        ),
        _text("question", "What do you need?", None, multiline=True, hint="Notice period?"),
    ]
    metadata = {"follow_up": follow_up_id, "channel": channel, "ts": ts, "seen": seen}
    return modal(NEED_INFO_QUESTION, "Need more info", blocks, None, metadata=metadata)


def feedback_modal(
    follow_up_id: int, candidate: str, *, channel: str, ts: str, seen: int | None = None
) -> View:
    """Ask the importer how the interview went; the exporter reads their words as typed."""
    blocks = [
        section(
            f"How did the interview with *{shown(candidate)}* go? The exporter reads your words."
        ),
        _text(
            "feedback",
            "Feedback",
            None,
            multiline=True,
            hint="Strong on Java; second round with the CTO next week",
        ),
    ]
    metadata = {"follow_up": follow_up_id, "channel": channel, "ts": ts, "seen": seen}
    return modal(FEEDBACK_WORDS, "Give feedback", blocks, None, metadata=metadata)


def modal(
    callback_id: str,
    title: str,
    blocks: list[Block],
    channel: str | None,
    *,
    metadata: dict[str, Any] | None = None,
) -> View:
    """A modal with Save/Cancel; private metadata carries where to answer."""
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title[:24]),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"channel": channel, **(metadata or {})}),
        "blocks": blocks,
    }


def _text(
    field: str,
    label: str,
    initial: str | None,
    *,
    optional: bool = False,
    multiline: bool = False,
    hint: str | None = None,
) -> Block:
    element: Block = {"type": "plain_text_input", "action_id": VALUE, "multiline": multiline}
    if initial:
        element["initial_value"] = initial[:3000]
    if hint:
        element["placeholder"] = plain(hint)
    return {
        "type": "input",
        "block_id": field,
        "optional": optional,
        "label": plain(label),
        "element": element,
    }


def _picker(label: str) -> Block:
    """A date and time, shown in the picker's own timezone; Slack returns its UNIX seconds."""
    return {
        "type": "input",
        "block_id": PICKED,
        "optional": True,
        "label": plain(label),
        "element": {"type": "datetimepicker", "action_id": VALUE},
    }


def _user(field: str, label: str, initial: str | None) -> Block:
    element: Block = {"type": "users_select", "action_id": VALUE}
    if initial:
        element["initial_user"] = initial
    return {"type": "input", "block_id": field, "label": plain(label), "element": element}


def _dropdown(field: str, label: str, choices: dict[str, str], initial: str) -> Block:
    options = [_option(value, text) for value, text in choices.items()]
    element = {
        "type": "static_select",
        "action_id": VALUE,
        "options": options,
        "initial_option": _option(initial, choices[initial]),
    }
    return {"type": "input", "block_id": field, "label": plain(label), "element": element}


def _radio(field: str, label: str, choices: dict[str, str], initial: str) -> Block:
    options = [_option(value, text) for value, text in choices.items()]
    element = {
        "type": "radio_buttons",
        "action_id": VALUE,
        "options": options,
        "initial_option": _option(initial, choices[initial]),
    }
    return {"type": "input", "block_id": field, "label": plain(label), "element": element}


def _option(value: str, text: str) -> Block:
    return {"text": plain(text), "value": value}


def _note(note: str | None) -> Block:
    return _text("note", "Note", note, optional=True, multiline=True)


def _fee(fee: float | None) -> str | None:
    return None if fee is None else f"{fee:g}"


def _days(days: int | None) -> str | None:
    return None if days is None else str(days)


def _split(ours: int | None) -> str | None:
    return None if ours is None else f"{ours}/{100 - ours}"
