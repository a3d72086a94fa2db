"""Settings come from the environment and fail fast with one line per problem."""

from __future__ import annotations

import pytest

from bot.config import SettingsError, load_settings


def test_defaults_suit_a_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATABASE_URL", "HOLIDAY_COUNTRY", "DEFAULT_WINDOW", "MAX_NUDGES"):
        monkeypatch.delenv(f"FOLLOWTHROUGH_{name}", raising=False)
    settings = load_settings()
    assert settings.database_url == "sqlite:///followthrough.db"
    assert (settings.max_nudges, settings.nudge_spacing_days) == (2, 1)
    assert str(settings.default_hours) == "Mon-Fri 09:00-17:30"
    # Members keep their timezone's public holidays; zones of no country (UTC) keep none.
    assert settings.holiday_country is None
    assert settings.default_calendar_for("Europe/London").country == "GB"
    assert settings.default_calendar_for("UTC").country is None


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_DATABASE_URL", "postgresql+psycopg://db/followthrough")
    monkeypatch.setenv("FOLLOWTHROUGH_HOLIDAY_COUNTRY", "gb")
    monkeypatch.setenv("FOLLOWTHROUGH_WORKING_HOURS", "Mon-Thu 08:00-18:00")
    monkeypatch.setenv("FOLLOWTHROUGH_DEFAULT_WINDOW", "within 1 week")
    settings = load_settings()
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.holiday_country == "GB"
    assert settings.default_window == "1w"
    assert settings.default_calendar_for("Europe/Paris").timezone == "Europe/Paris"


def test_no_holidays_can_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_HOLIDAY_COUNTRY", "none")
    assert load_settings().holiday_country is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("MAX_NUDGES", "lots", "FOLLOWTHROUGH_MAX_NUDGES: Input should be a valid integer"),
        ("MAX_NUDGES", "0", "FOLLOWTHROUGH_MAX_NUDGES: Input should be greater than or equal"),
        ("DATABASE_URL", "followthrough.db", "use a SQLAlchemy URL"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus", "FOLLOWTHROUGH_DEFAULT_TIMEZONE"),
        ("HOLIDAY_COUNTRY", "XX", "FOLLOWTHROUGH_HOLIDAY_COUNTRY"),
        ("WORKING_HOURS", "all day", "FOLLOWTHROUGH_WORKING_HOURS"),
        ("DEFAULT_WINDOW", "soonish", "FOLLOWTHROUGH_DEFAULT_WINDOW"),
        # A claim shorter than the Slack calls one request may make would let two processes
        # do the same work: refused, with the bound spelled out.
        ("LEASE_SECONDS", "30", "FOLLOWTHROUGH_LEASE_SECONDS must be at least 120"),
    ],
)
def test_bad_settings_say_which_and_how_to_fix(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(f"FOLLOWTHROUGH_{name}", value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert message in str(raised.value)
    assert len(str(raised.value).splitlines()) == 1


def test_the_lease_bound_follows_the_slack_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWTHROUGH_SLACK_TIMEOUT", "2")
    monkeypatch.setenv("FOLLOWTHROUGH_LEASE_SECONDS", "24")
    assert load_settings().lease_seconds == 24
    monkeypatch.setenv("FOLLOWTHROUGH_LEASE_SECONDS", "23")
    with pytest.raises(SettingsError, match="at least 24"):
        load_settings()
