"""Document-level consistency: the currency the package can take, and lines that add up to the total.

A document in a currency the company does not record is refused; a multi-currency company accepts the currencies
it has enabled (read from the package with the company, so CAD invoices pass where the package takes CAD). An
invoice whose lines and tax do not add up to its ConnectWise total would land in the package with another total
than the customer was sent, so it is stopped, with the difference.
"""

from __future__ import annotations

from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import NOTHING, Findings, problems
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.documents import UnpostedInvoice
from tui_ledger.domain.money import format_money, to_money
from tui_ledger.domain.plans import DocumentPlan


def check_currency(plan: DocumentPlan, context: CheckContext) -> Findings:
    """Only a currency the company cannot record blocks; the fix names it and where the package enables it."""
    currency = (plan.document.currency or "").strip().upper()
    if not plan.parts or not currency or context.snapshot.accepts_currency(currency):
        return NOTHING
    base = context.snapshot.base_currency
    if context.snapshot.multi_currency:
        recorded = [base, *sorted(context.snapshot.currencies - {base})]
        instruction = f"add {currency} to the company's currencies in its settings"
    else:
        recorded = [base]
        instruction = (
            f"turn on multi-currency in the company's settings and add {currency}, "
            f"or bill the customer in {base} in ConnectWise"
        )
    return problems(
        Problem(
            kind=CheckKind.CURRENCY_MISMATCH,
            message=f"{document_label(plan.document)} is in {currency}, but {context.package} records "
            f"{', '.join(recorded)} only",
            fix=context.in_package(instruction),
            value=currency,
        )
    )


def check_lines_add_up(plan: DocumentPlan, context: CheckContext) -> Findings:
    """Invoices only: expenses are one amount, and a purchase's total is the sum of its own records."""
    invoice = plan.document
    if not isinstance(invoice, UnpostedInvoice) or not invoice.lines:
        return NOTHING
    added = to_money(invoice.lines_total + invoice.sales_tax)
    stated = to_money(invoice.total)
    if added == stated:
        return NOTHING
    return problems(
        Problem(
            kind=CheckKind.LINES_DO_NOT_ADD_UP,
            message=f"Invoice {invoice.number}: lines {format_money(invoice.lines_total)} + tax "
            f"{format_money(invoice.sales_tax)} = {format_money(added)}, but the total is {format_money(stated)} "
            f"(difference {format_money(stated - added)})",
            fix=context.in_connectwise(f"Finance > Invoices: correct the lines or total of invoice {invoice.number}"),
            value=format_money(stated - added),
        )
    )
