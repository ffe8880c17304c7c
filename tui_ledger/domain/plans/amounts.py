"""Exact money arithmetic for plans: spreading a document's tax over its lines, and pricing a line.

Packages compute `quantity * unit amount` per line and add tax per line, so both must reproduce the PSA's
amounts to the cent or the package's total drifts from ConnectWise's. Nothing here rounds more than once,
and every function returns amounts whose sum is exactly the amount it was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from tui_ledger.domain.money import CENT, ZERO

UNIT_PLACES = Decimal("0.0001")
"""Unit amounts are exact to 4 decimals (Xero `unitdp=4`; QuickBooks keeps more)."""

ONE = Decimal(1)


def allocate(amount: Decimal, weights: Sequence[Decimal]) -> tuple[Decimal, ...]:
    """Split `amount` in proportion to `weights`, to the cent, so that the parts add up to `amount` exactly.

    Weights may be negative (a taxable return carries negative tax). Each share is rounded half-up to the cent
    and the rounding residue goes to the heaviest weight, the line where a cent matters least. When the
    weights add up to zero no proportion exists: everything goes to the heaviest weight. No weights, nothing
    to split: an empty tuple (the caller decides where an unallocatable amount is reported).
    """
    if not weights:
        return ()
    if amount == 0:
        return tuple(amount for _ in weights)
    heaviest = max(range(len(weights)), key=lambda index: (abs(weights[index]), -index))
    weight_sum = sum(weights, Decimal(0))
    if weight_sum == 0:
        return tuple(amount if index == heaviest else ZERO for index in range(len(weights)))
    shares = [(amount * weight / weight_sum).quantize(CENT, rounding=ROUND_HALF_UP) for weight in weights]
    shares[heaviest] += amount - sum(shares, Decimal(0))
    return tuple(shares)


def price_line(amount: Decimal, quantity: Decimal) -> tuple[Decimal, Decimal]:
    """The (quantity, unit amount) a package line gets so that their product is exactly `amount`.

    The quantity is kept when the unit amount it implies is exact to 4 decimals; otherwise (3 for 10.00, a
    zero quantity) the line goes as quantity 1 at the whole amount, because a cent lost to a repeating decimal
    is worse than a quantity the package does not show. Quantities are never negative: packages refuse them
    (Xero "Quantity must not be less than zero"), so the sign lives in the unit amount.
    """
    if quantity == ONE:
        return ONE, amount
    size = abs(quantity)
    if size != 0:
        unit = (amount / size).quantize(UNIT_PLACES, rounding=ROUND_HALF_UP)
        if unit * size == amount:
            return size, unit
    return ONE, amount
