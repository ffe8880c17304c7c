"""Target numbers: how a PSA number is written in the package.

Seed 000 promises that a GL batch label without its letter finds the document in the package, and seed 004
shows the package number carrying the configured prefix and suffix. So:

- an invoice is `<prefix><ConnectWise invoice number><suffix>`;
- a negative invoice becomes a credit note numbered the same way (`<prefix><number><suffix>`): it has no
  invoice twin, and the packages number credit notes apart from invoices;
- the returns of an invoice split into invoice plus credit note go on a credit note numbered
  `<prefix><number><suffix>-CR`, so the two are found together and never share a number;
- bills keep the PO number, expenses their `<expense id><member>` number (the batch label without its letter);
  the prefix and suffix are invoice settings only.
"""

from __future__ import annotations

from tui_ledger.domain.plans.options import ExportOptions

RETURNS_CREDIT_SUFFIX = "-CR"


def invoice_number(psa_number: str, options: ExportOptions) -> str:
    return f"{options.invoice_prefix}{psa_number.strip()}{options.invoice_suffix}"


def returns_credit_number(target_number: str) -> str:
    """The credit note number of a split invoice's returns, from the invoice's target number."""
    return f"{target_number}{RETURNS_CREDIT_SUFFIX}"
