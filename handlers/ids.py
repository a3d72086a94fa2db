"""Callback and action ids shared by renderers and listeners: one name, one place."""

from __future__ import annotations

from bot.models import Resolution

COMMAND = "/followthrough"
SHORTCUT_TRACK = "track_follow_through"

# Buttons on cards, nudges and the Home tab; each button's value is the follow-up id.
ANSWER_PREFIX = "answer_"
ANSWER_ACTIONS = {
    f"{ANSWER_PREFIX}{resolution.value}": resolution
    for resolution in (
        Resolution.INTERESTED,
        Resolution.NEED_MORE_INFO,
        Resolution.PASSED,
        Resolution.CALLED_BACK,
        Resolution.EMAILED_BACK,
        Resolution.DONE,
        Resolution.HEARD,
    )
}
SNOOZE_ONE_DAY = "snooze_1d"
# The feedback card's button: it opens a short form for the importer's words.
GIVE_FEEDBACK = f"{ANSWER_PREFIX}feedback"
# On the notice of a follow-up a phone call closed: "that call wasn't about this" reopens it.
REOPEN_CALL = "reopen_call"
# Choices of a question the bot asked (who owes, which item); the value is `question:choice`.
QUESTION_PREFIX = "ask_"
# A job order's Submit button (its value is the job order's ref) and the submit form's job menu.
JOB_SUBMIT = "job_submit"
JOB_PICK = "job_pick"

# Modals: one callback id per form.
MODAL_PREFIX = "form_"
PASS_REASON = "pass_reason"
NEED_INFO_QUESTION = "need_info_question"
FEEDBACK_WORDS = "feedback_words"
