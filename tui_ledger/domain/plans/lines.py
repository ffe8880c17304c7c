"""Turning one priced PSA line into a package line, signed for the document it lands on.

Invoices, bills and expenses all reduce to the same step: a signed amount, a quantity, the tax charged on it,
its account, product and tax code. Keeping that step in one place keeps the sign rule in one place: credits
carry the negated amounts (a return of -50.00 is a credit note line of 50.00).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tui_ledger.domain.accounting import LineDraft
from tui_ledger.domain.plans.amounts import price_line
from tui_ledger.domain.plans.model import LineOrigin


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A PSA line reduced to what a package line needs; `amount` and `tax` are as ConnectWise signs them.

    `tax` is None where ConnectWise states no tax for the line (a tax-inclusive expense): the package computes it.
    """

    description: str
    amount: Decimal
    quantity: Decimal
    tax: Decimal | None
    origin: LineOrigin
    account_code: str | None = None
    item_code: str | None = None
    tax_code: str | None = None

    def draft(self, *, negate: bool) -> LineDraft:
        amount = -self.amount if negate else self.amount
        quantity, unit_amount = price_line(amount, self.quantity)
        return LineDraft(
            description=self.description,
            quantity=quantity,
            unit_amount=unit_amount,
            account_code=self.account_code,
            item_code=self.item_code,
            tax_code=self.tax_code,
            tax_amount=None if self.tax is None else (-self.tax if negate else self.tax),
        )

    @property
    def gross(self) -> Decimal:
        return self.amount + (self.tax or 0)


def description_of(text: str | None, *fallbacks: str | None) -> str:
    """The first non-blank of the line's text and its fallbacks: packages refuse a line without a description."""
    for candidate in (text, *fallbacks):
        if candidate and candidate.strip():
            return candidate.strip()
    return "-"
