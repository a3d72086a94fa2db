"""Fixed texts: help and the workspace settings summary."""

from __future__ import annotations

from bot.config import Settings
from bot.services.calls import Inbound

HELP = "\n".join(
    [
        "*Followthrough* keeps track of who owes the next move. Verbs:",
        "• `submit @importer Jane Doe [for JO-12] [within 2d]` — present a candidate",
        "• `submit @importer Jane Doe for Java Developer` — or name the job by its title",
        "• `call @partner [about JO-12] [within 1d] [note…]` — also `email`, `talk`; the note"
        " says who owes the next move: “they'll get back to me”, “I'll send 2 profiles by thu”,"
        " “waiting on them”, “fyi” (nobody); when it is unclear I ask",
        "• `job Senior Java Developer [client Acme] [location London] [fee 25%] [split 50/50]"
        " [guarantee 90d] [note …]` — post a job order (split: your share first); exporters"
        " accept its terms with one click before their first submittal goes to you",
        "• `job filled JO-12` · `job close JO-12 [reason]` — take it off the board",
        "• `jobs [java] [2]` — open job orders, newest first, with a Submit button",
        "• `interview F-7 tue 2pm` — you interview a submitted candidate: the exporter is told,"
        " and you owe them feedback a business day after",
        "• `feedback F-7 strong on Java, second round next week` — how the interview went",
        "• `accepted F-7` — the candidate took the offer: the importer owes the placement report",
        "• `placed F-7 start 2027-01-04 fee $25,000` (or `fee 20% salary $120k`) — a placement,"
        " P-3",
        "• `paid P-3 [amount]` — the client paid you: you owe your partner their share;"
        " `received P-3` — your share arrived",
        "• `falloff P-3 left in week 2` — a placed candidate left; inside the guarantee the"
        " importer owes a replacement search or a refund",
        "• `timeline F-7` · `timeline P-3` · `timeline JO-12` — a deal's record, in order",
        "• `list` — what you owe and what is owed to you",
        "• `done F-7` · `heard @partner` · `snooze F-7 1d` · `cancel F-7` · `reopen F-7`",
        "• `stats [@partner]` · `partners healthcare` · `profile …` · `settings`",
        "• `settings jobs-channel #jobs` (admins) — announce new job orders there; `off` stops it",
        "• `settings inbound` (admins) — the call and email webhook URLs; "
        "`profile phone …` · `profile email …` — how calls and emails are matched to you",
        "• `settings split 50/50 fee 25% guarantee 90d` (admins) — terms for job orders that"
        " name none",
        "• `settings directory on` (admins) — list your firm in the network directory, so"
        " partners at other firms find you with `partners healthcare`; `off` (the default) doesn't",
        "Windows are the debtor's business time: `4h`, `2d`, `1w`, `eod`, `tomorrow 10am`,"
        " `first thing tomorrow`, `next week`, `by fri 5pm`, `by 5` (5pm), `48h` (clock hours),"
        " `the 4th`, `12/04`, `end of month`.",
        "Any verb without its details opens a form.",
    ]
)


def settings_summary(
    settings: Settings,
    max_nudges: int,
    spacing: int,
    dates: str,
    job_channel: str | None = None,
    directory: bool = False,
) -> str:
    """The workspace's nudge policy, defaults, date order and job channel, in words."""
    reminders = "reminder" if max_nudges == 1 else "reminders"
    days = "day" if spacing == 1 else "days"
    written = "12 April" if dates == "dmy" else "December 4"
    jobs = (
        f" New job orders are announced in <#{job_channel}>."
        if job_channel
        else " Admins choose a channel for new job orders with `settings jobs-channel #jobs`."
    )
    network = (
        " Your members are in the network directory (`settings directory off` leaves it)."
        if directory
        else " Other firms don't see your members in `partners` (`settings directory on`)."
    )
    return (
        f"Nudges: at most {max_nudges} {reminders} per follow-up, {spacing} business {days} "
        "apart, only in the debtor's working hours; then it lapses. "
        f"Default window {settings.default_window}; default hours {settings.working_hours}; "
        "public holidays of each member's timezone "
        f"(else {settings.holiday_country or 'none'}); dates like 12/04 mean {written}. "
        "Admins change these with `settings nudges 3 spacing 2` or `settings dates dmy`; "
        "`profile` sets your own hours, holidays and reminders." + jobs + network
    )


def webhook_help(inbound: Inbound) -> str:
    """The webhook URLs for an admin, what a call and an email prove, and what was ignored."""
    urls = inbound.urls
    relative = (
        ""
        if urls["twilio"].startswith("http")
        else (
            " (set FOLLOWTHROUGH_PUBLIC_URL to the address phone systems reach, to see full URLs)"
        )
    )
    return (
        f"Call webhooks{relative}:\n"
        f"• Twilio (status callback, POST): `{urls['twilio']}`\n"
        f"• Aircall (webhook, event `call.ended`): `{urls['aircall']}`\n"
        "A call of 30 s or more from a partner to the person they owe a call back closes it; "
        "a shorter or missed call holds reminders a business day. Members add their number "
        "with `profile phone +44 20 7946 0958`.\n"
        "Email webhooks (BCC or forward to your log address; `log+F-7@…` ties an email to F-7):\n"
        f"• Postmark (inbound webhook, JSON): `{urls['postmark']}`\n"
        f"• Mailgun (route forward, signed): `{urls['mailgun']}`\n"
        f"• SendGrid (Inbound Parse): `{urls['sendgrid']}`\n"
        "An email from a partner to the person they owe an email back, a get-back or a "
        "submission's answer closes it (a submission's decision is not read from the email). "
        "An out-of-office reply with a return date sets the sender's vacation. Members add "
        "their address with `profile email jane@firm.com`. "
        + (
            "Email bodies are kept with the conversation (`settings email bodies off` stops it)."
            if inbound.email_bodies
            else "Only subjects are kept (`settings email bodies on` keeps bodies too)."
        )
        + f"\nEmails from nobody in this workspace, ignored so far: {inbound.ignored}."
    )
