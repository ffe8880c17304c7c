"""A document in another currency than the customer or supplier it goes to.

QuickBooks holds each customer and vendor in one currency (CurrencyRef, chosen when it is created and fixed once
it has transactions) and refuses a document to it in any other, so a CAD invoice to a customer held in USD passes
the company-currency check and fails half-way through the run. Where the package holds the currency on the
contact only as a default for new documents (Xero's DefaultCurrency), the document is still accepted: the
difference is shown as a warning, because it usually means the customer's currency changed in one system only.
"""

from __future__ import annotations

from tui_ledger.domain.accounting import ContactRecord
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.documents import UnpostedInvoice
from tui_ledger.domain.plans import DocumentPlan


def party_currency_problem(plan: DocumentPlan, context: CheckContext, contact: ContactRecord) -> Problem | None:
    """The problem of sending `plan` to `contact` in its currency, or None when the currencies agree or are unknown."""
    held = (contact.currency or "").strip().upper()
    wanted = (plan.document.currency or "").strip().upper()
    if not plan.parts or not held or not wanted or held == wanted:
        return None
    label = document_label(plan.document)
    role = "customer" if isinstance(plan.document, UnpostedInvoice) else "supplier"
    package = context.package
    if not context.snapshot.capabilities.contacts_hold_one_currency:
        return Problem(
            kind=CheckKind.PARTY_CURRENCY,
            message=f"{label} is in {wanted}; {package} contact '{contact.name}' defaults to {held}",
            fix=context.in_package(
                f"set the default currency of contact '{contact.name}' to {wanted} if it now trades in {wanted}"
            ),
            blocking=False,
            value=wanted,
        )
    return Problem(
        kind=CheckKind.PARTY_CURRENCY,
        message=f"{label} is in {wanted}, but {package} holds {role} '{contact.name}' in {held} and takes "
        f"documents to it in {held} only",
        fix=context.in_connectwise(
            f"issue {label.lower()} in {held}, the currency {package} holds '{contact.name}' in (the company's "
            f"currency in ConnectWise); {package} cannot change the currency of a {role} that has transactions"
        ),
        value=wanted,
    )
