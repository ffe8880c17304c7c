"""What the package refuses outright: dates in a locked period, numbers too long, documents it cannot record.

Xero refuses documents dated on or before its period lock date, QuickBooks those in a closed period (6210);
a QuickBooks DocNumber holds 21 characters, so a prefix and suffix can push an invoice number over; and a
package only creates the document types its connector states. Each is cheaper to show before a run than as
a rejection half-way through one.
"""

from __future__ import annotations

from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import NOTHING, Findings, problems
from tui_ledger.domain.checks.labels import document_label, package_document_name
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.documents import UnpostedExpense, UnpostedInvoice
from tui_ledger.domain.plans import DocumentPlan


def check_lock_date(plan: DocumentPlan, context: CheckContext) -> Findings:
    lock = context.snapshot.lock_date
    if lock is None:
        return NOTHING
    locked = sorted({part.draft.issue_date for part in plan.parts if part.draft.issue_date <= lock})
    if not locked:
        return NOTHING
    label = document_label(plan.document)
    return problems(
        Problem(
            kind=CheckKind.DATE_LOCKED,
            message=f"{label} is dated {locked[0].isoformat()}, on or before the {context.package} lock date "
            f"{lock.isoformat()}",
            fix=context.in_package(
                f"move the lock date before {locked[0].isoformat()}, or date the document later in ConnectWise"
            ),
            value=locked[0].isoformat(),
        )
    )


def check_number_length(plan: DocumentPlan, context: CheckContext) -> Findings:
    limit = context.snapshot.capabilities.max_number_length
    label = document_label(plan.document)
    found: list[Problem] = []
    for part in plan.parts:
        number = part.draft.number or ""
        if len(number) <= limit:
            continue
        if isinstance(plan.document, UnpostedInvoice):
            fix = context.in_settings("Export: shorten the invoice prefix or suffix")
        else:
            fix = context.in_connectwise(f"give {label.lower()} a shorter number")
        name = package_document_name(part.draft.document_type, context.snapshot.capabilities.sales_credit_name)
        found.append(
            Problem(
                kind=CheckKind.NUMBER_TOO_LONG,
                message=f"{label}: {name} number '{number}' has {len(number)} characters; {context.package} "
                f"allows {limit}",
                fix=fix,
                value=number,
            )
        )
    return problems(*found)


def check_supported(plan: DocumentPlan, context: CheckContext) -> Findings:
    """A document type the package cannot create blocks; an expense sent as a bill against the setting warns."""
    capabilities = context.snapshot.capabilities
    label = document_label(plan.document)
    found: list[Problem] = []
    for part in plan.parts:
        if not capabilities.supports(part.draft.document_type):
            name = package_document_name(part.draft.document_type, capabilities.sales_credit_name)
            found.append(
                Problem(
                    kind=CheckKind.UNSUPPORTED_DOCUMENT,
                    message=f"{label} would be a {name}, which the {context.package} connection cannot create",
                    fix=context.in_package(f"enter {label.lower()} by hand and mark it batched in ConnectWise"),
                    value=name,
                )
            )
    if isinstance(plan.document, UnpostedExpense):
        found.extend(
            Problem(
                kind=CheckKind.EXPENSE_SENT_AS_BILL,
                message=notice,
                fix=context.in_settings('Export: set "expenses as" to bills to record expenses as bills knowingly'),
                blocking=False,
                value=plan.document.document_number,
            )
            for notice in plan.notices
        )
    return problems(*found)
