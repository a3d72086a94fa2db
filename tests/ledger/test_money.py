"""Amounts as recruiters type them: read exactly, or refused with the fix, never guessed."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput
from bot.ledger.money import Money, read_money


@pytest.mark.parametrize(
    ("typed", "cents", "shown"),
    [
        ("$25,000", 2_500_000, "$25,000"),
        ("25k", 2_500_000, "25,000"),
        ("£30k", 3_000_000, "£30,000"),
        ("€1.5m", 150_000_000, "€1,500,000"),
        ("EUR 25000", 2_500_000, "EUR 25,000"),
        ("25000 usd", 2_500_000, "25,000 USD"),
        ("gbp25000", 2_500_000, "GBP 25,000"),
        ("$25,000.50", 2_500_050, "$25,000.50"),
    ],
)
def test_amounts_are_read_exactly_with_their_currency_as_typed(
    typed: str, cents: int, shown: str
) -> None:
    money = read_money(typed)
    assert money.cents == cents
    assert str(money) == shown


def test_a_percentage_needs_the_salary_it_is_of() -> None:
    assert str(read_money("20%", salary="$120k")) == "$24,000"
    with pytest.raises(InvalidInput, match="20% of what"):
        read_money("20%")


@pytest.mark.parametrize(
    ("typed", "fix"),
    [
        ("25", "Is that 25% or 25,000?"),
        ("25.000", "Is 25.000 thousands?"),
        ("$25,000 EUR", "as an amount"),
        ("EUR 25000 USD", "as one amount"),
        ("lots", "as an amount"),
        ("$", "as an amount"),
        ("1,00", "as an amount"),
    ],
)
def test_an_ambiguous_amount_is_refused_with_the_fix(typed: str, fix: str) -> None:
    with pytest.raises(InvalidInput, match=fix.replace("?", r"\?")):
        read_money(typed)


def test_a_share_rounds_half_up_to_the_cent() -> None:
    assert Money(2_500_001, "$").times(50) == Money(1_250_001, "$")
    assert str(Money(3_333_333, "£").times(40)) == "£13,333.33"
