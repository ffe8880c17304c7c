"""Money is Decimal, always.

Floats cannot represent cents exactly, and a finance tool that loses a cent loses trust. Every amount that
enters the domain passes through `to_money`, which refuses floats outright so a float can never sneak in
from a JSON parser that was not told to use Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


class MoneyError(ValueError):
    """An amount could not be read as money."""


def to_money(value: Decimal | int | str | None) -> Decimal:
    """Read an amount into a Decimal rounded half-up to the cent. `None` counts as zero."""
    if value is None:
        return ZERO
    if isinstance(value, float):
        raise MoneyError(f"refusing float amount {value!r}: parse JSON with Decimal")
    if isinstance(value, bool):
        raise MoneyError(f"refusing boolean amount {value!r}")
    try:
        amount = Decimal(value) if not isinstance(value, Decimal) else value
    except InvalidOperation as exc:
        raise MoneyError(f"not an amount: {value!r}") from exc
    if not amount.is_finite():
        raise MoneyError(f"not a finite amount: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Sum amounts exactly and round once at the end, as an accountant would."""
    return to_money(sum(amounts, Decimal(0)))


def format_money(amount: Decimal, currency: str | None = None) -> str:
    """Render an amount with thousands separators and two decimals, e.g. `-1,234.50 USD`."""
    text = f"{to_money(amount):,.2f}"
    return f"{text} {currency}" if currency else text
