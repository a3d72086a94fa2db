"""Members and workspaces: first sight, profile changes, settings, installs and uninstalls."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot import ledger
from bot.ledger import SlackProfile, status_checks
from bot.ledger.messages import deactivate_workspace, reactivate_workspace
from bot.models import Member, Workspace
from bot.services.core import Core, Origin, Unit
from bot.services.deals import Say

TERMS = ("split_importer", "fee_percent", "guarantee_days")  # `settings split 50/50 fee 25% …`
CLOCKS = (
    "feedback_days",
    "placement_days",
    "payout_days",
    "ownership_days",
)  # `settings feedback 1d` …


MET_LIMIT = 100_000  # members remembered as met, per process


def strangers(core: Core, team_id: str, user_ids: Iterable[str]) -> list[str]:
    """Which of these users Followthrough must ask Slack about from this workspace: those it
    has not met, and members of other firms (whether this workspace can see them is Slack's
    to say, each time: an id typed into a command is never trusted alone)."""
    wanted = [uid for uid in dict.fromkeys(user_ids) if (team_id, uid) not in core.met]
    if not wanted:  # every one met before as a member of this workspace: no read at all
        return []

    def question(scope: ledger.Scope) -> list[str]:
        known = {uid: ledger.find_member(scope, uid) for uid in wanted}
        return [uid for uid, m in known.items() if m is None or m.team_id != team_id]

    asked = core.read(team_id, question)
    if len(core.met) > MET_LIMIT:  # a process serving a huge network starts afresh
        core.met.clear()
    core.met.update((team_id, uid) for uid in wanted if uid not in asked)
    return asked


def meet(core: Core, team_id: str, profiles: Iterable[SlackProfile]) -> None:
    """Record members on first sight (an upsert: two requests at once make one member)."""

    def work(unit: Unit) -> None:
        for profile in profiles:
            ledger.upsert_member(unit.scope, profile)

    core.write(team_id, work)


def stale_statuses(
    core: Core, *, now: datetime, horizon: datetime, max_age: timedelta, limit: int
) -> dict[str, list[str]]:
    """Debtors about to be reminded whose Slack status was not asked for lately, per workspace."""
    return core.read(
        "",
        lambda scope: status_checks.stale_statuses(
            scope.session, now=now, horizon=horizon, max_age=max_age, limit=limit
        ),
    )


def statuses_checked(core: Core, team_id: str, profiles: Iterable[SlackProfile]) -> None:
    """What users.info said about known members (their status included), applied and stamped."""

    def work(unit: Unit) -> None:
        for profile in profiles:
            if ledger.find_member(unit.scope, profile.user_id) is not None:
                ledger.upsert_member(unit.scope, replace(profile, checked=True))

    core.write(team_id, work)


def refresh(core: Core, origin: Origin, profile: SlackProfile) -> None:
    """A user_change event: update a known member (unknown users wait for first sight)."""

    def work(unit: Unit) -> None:
        if ledger.find_member(unit.scope, profile.user_id) is not None:
            ledger.upsert_member(unit.scope, profile)

    core.run(origin, work)


def uninstalled(core: Core, origin: Origin) -> None:
    """app_uninstalled / tokens_revoked: stop all delivery to the workspace."""
    core.run(origin, lambda unit: deactivate_workspace(unit.session, team_id=origin.team_id))


def installed(core: Core, team_id: str, *, name: str = "") -> bool:
    """A valid token or verified request after a reinstall: resume; True if it had stopped.
    `name` is the workspace's (its firm's) name, as Slack gives it."""

    def work(unit: Unit) -> bool:
        if name:
            workspace = ledger.ensure_workspace(unit.session, team_id=team_id, now=unit.scope.now)
            workspace.name = name[:255]
        return reactivate_workspace(unit.session, team_id=team_id, now=unit.scope.now)

    return core.write(team_id, work)


def change_profile(
    core: Core, origin: Origin, *, change: Callable[[ledger.Scope], Member], say: Say[Member]
) -> Member | None:
    """A member keeps their profile current (the change validates before it writes)."""

    def work(unit: Unit) -> Member:
        member = change(unit.scope)
        unit.answer(say(member, member))
        return member

    return core.run(origin, work)


def save_profile_form(
    core: Core,
    origin: Origin,
    *,
    specializations: str,
    working_hours: str | None,
    holiday_country: str | None,
    vacation_from: date | None,
    vacation_until: date | None,
    say: Say[Member],
) -> Member | None:
    """Every field of the profile form at once (all checked before any is written)."""
    user_id = origin.user_id or ""

    def change(scope: ledger.Scope) -> Member:
        return ledger.update_profile(
            scope,
            user_id,
            specializations=specializations,
            working_hours=working_hours,
            holiday_country=holiday_country,
            vacation_from=vacation_from,
            vacation_until=vacation_until,
            clear_vacation=vacation_until is None,
        )

    return change_profile(core, origin, change=change, say=say)


def nudge_settings(
    core: Core, origin: Origin, *, changes: dict[str, int | float | str], say: Say[Workspace]
) -> Workspace | None:
    """Show the workspace's nudge policy and default terms; an admin may change them."""
    terms = {key: changes[key] for key in TERMS if key in changes}
    clocks = {key: int(changes[key]) for key in CLOCKS if key in changes}
    policy = {key: value for key, value in changes.items() if key not in (*TERMS, *CLOCKS)}

    def work(unit: Unit) -> Workspace:
        scope, user_id = unit.scope, origin.user_id or ""
        workspace = ledger.ensure_workspace(scope.session, team_id=scope.team_id, now=scope.now)
        if terms:
            split, fee, days = (terms.get(key) for key in TERMS)
            workspace = ledger.set_deal_defaults(
                scope,
                user_id,
                split_importer=int(split) if split is not None else None,
                fee_percent=float(fee) if fee is not None else None,
                guarantee_days=int(days) if days is not None else None,
            )
        for clock, days in clocks.items():
            workspace = ledger.set_deal_clock(scope, user_id, clock, days)
        if policy:
            nudges, spacing = policy.get("max_nudges"), policy.get("spacing_days")
            dates = policy.get("date_order")
            workspace = ledger.set_nudge_policy(
                scope,
                user_id,
                max_nudges=nudges if isinstance(nudges, int) else None,
                spacing_days=spacing if isinstance(spacing, int) else None,
                date_order=dates if isinstance(dates, str) else None,
            )
        unit.answer(say(workspace, ledger.get_member(scope, user_id)))
        return workspace

    return core.run(origin, work)


def directory(core: Core, origin: Origin, *, listed: bool, say: Say[Workspace]) -> None:
    """An admin lists (or unlists) the workspace's members in the network directory."""

    def work(unit: Unit) -> None:
        workspace = ledger.set_directory(unit.scope, origin.user_id or "", listed=listed)
        unit.answer(say(workspace, ledger.get_member(unit.scope, origin.user_id or "")))

    core.run(origin, work)
