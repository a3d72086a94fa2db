"""Amounts of money as recruiters type them ("$25,000", "25k", "£30k", "EUR 25000"), read
exactly (whole cents) or refused with the fix: a fee is never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.errors import InvalidInput

SYMBOLS = ("$", "£", "€", "¥", "₹")
CODES = frozenset({"usd", "gbp", "eur", "cad", "aud", "nzd", "chf", "sgd", "inr", "jpy", "zar"})
MAX_CENTS = 100_000_000_00  # a hundred million: more is a typo
_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?([km])?$", re.IGNORECASE)
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_PERCENT = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)\s*%$")
SMALLEST_FEE = 100_00  # a "fee 25" is 25% or 25,000, never 25 dollars: ask


@dataclass(frozen=True)
class Money:
    """An amount in whole cents with its currency as typed ("$" before, "EUR" after …)."""

    cents: int
    currency: str | None = None
    currency_first: bool = True

    def times(self, percent: int | float | Decimal) -> Money:
        """This amount's share at `percent`, rounded half up to the cent."""
        share = (Decimal(self.cents) * Decimal(str(percent)) / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        return Money(int(share), self.currency, self.currency_first)

    def __str__(self) -> str:
        whole, cents = divmod(self.cents, 100)
        number = f"{whole:,}" + (f".{cents:02d}" if cents else "")
        if self.currency is None:
            return number
        if self.currency in SYMBOLS:
            return f"{self.currency}{number}"
        return f"{self.currency} {number}" if self.currency_first else f"{number} {self.currency}"


def read_money(text: str, *, what: str = "fee", salary: str | None = None) -> Money:
    """An amount as typed; a percentage only with the salary it is of (`fee 20% salary $120k`).

    Refused with the fix: "25" (25% or 25,000?), "25.000" (a thousands dot or a decimal?),
    "20%" without a salary, two currencies, nothing numeric."""
    typed = " ".join(text.split())
    percent = _PERCENT.match(typed.replace(" ", ""))
    if percent:
        if not salary:
            raise InvalidInput(
                f"{percent.group(1)}% of what? Add the salary, e.g. `{what} {percent.group(1)}% "
                f"salary $120,000`, or write the amount, e.g. `{what} $24,000`."
            )
        return read_money(salary, what="salary").times(Decimal(percent.group(1)))
    currency, first, number = _currency(typed, what)
    if _DOTTED_THOUSANDS.match(number):
        raise InvalidInput(
            f"Is {number} thousands? Write it with commas or none, e.g. `{what} "
            f"{number.replace('.', ',')}`."
        )
    match = _NUMBER.match(number)
    if not match:
        raise InvalidInput(f"Write the {what} as an amount, e.g. `{what} $25,000` or `{what} 25k`.")
    try:
        amount = Decimal(match.group(1).replace(",", "") + "." + (match.group(2) or "0"))
    except InvalidOperation:
        raise InvalidInput(f"Write the {what} as an amount, e.g. `{what} $25,000`.") from None
    suffix = (match.group(3) or "").lower()
    amount *= {"": 1, "k": 1_000, "m": 1_000_000}[suffix]
    cents = int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents < SMALLEST_FEE:
        raise InvalidInput(
            f"Is that {number}% or {number},000? Write the amount, e.g. `{what} $25,000`."
        )
    if not 0 < cents <= MAX_CENTS:
        raise InvalidInput(f"Write the {what} as an amount, e.g. `{what} $25,000`.")
    return Money(cents, currency, first)


def _currency(typed: str, what: str) -> tuple[str | None, bool, str]:
    """The currency as typed (a symbol or code before, a code after) and the number left."""
    for symbol in SYMBOLS:
        if typed.startswith(symbol):
            return symbol, True, typed[len(symbol) :].strip()
    words = typed.split()
    if len(words) == 2 and words[0].lower() in CODES:
        return words[0].upper(), True, words[1]
    if len(words) == 2 and words[1].lower() in CODES:
        return words[1].upper(), False, words[0]
    if len(words) == 1 and words[0][:3].lower() in CODES and words[0][3:4].isdigit():
        return words[0][:3].upper(), True, words[0][3:]
    if len(words) != 1 or any(symbol in typed for symbol in SYMBOLS):
        raise InvalidInput(f"Write the {what} as one amount, e.g. `{what} $25,000`.")
    return None, True, typed
