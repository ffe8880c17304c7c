"""The account a purchase is paid from must be one the package pays purchases from.

An expense sent as a purchase (`expenses_as = "purchases"`) is paid from the expense's credit account in
ConnectWise. QuickBooks pays a Purchase only from a bank account (Cash, Check) or a credit-card account
(CreditCard), but ConnectWise credits a reimbursable expense to a liability (what the company owes the member), so
such an expense would pass every other check and be refused only half-way through the run. The account types
allowed are the package's (`PackageCapabilities.purchase_payment_account_types`); an account that is missing or
archived is the accounts check's to report.
"""

from __future__ import annotations

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import NOTHING, Findings, problems
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.plans import DocumentPlan


def check_payment_account(plan: DocumentPlan, context: CheckContext) -> Findings:
    allowed = context.snapshot.capabilities.purchase_payment_account_types
    purchase = plan.part_of_type(DocumentType.PURCHASE)
    code = (purchase.draft.payment_account_code or "").strip() if purchase else ""
    account = context.snapshot.account(code) if allowed and code else None
    if account is None or not account.active or account.account_type in allowed:
        return NOTHING
    kinds = " or ".join(f"'{kind}'" for kind in sorted(allowed))
    return problems(
        Problem(
            kind=CheckKind.PAYMENT_ACCOUNT_NOT_ALLOWED,
            message=f"{document_label(plan.document)} would be a purchase paid from account '{code}' "
            f"({account.name}, type '{account.account_type}'); {context.package} pays purchases only from "
            f"{kinds} accounts",
            fix=context.in_settings(
                'Export: set "expenses as" to bills, so the expense becomes a bill owed to the member; or map the '
                "expense's credit account to a bank or credit-card account in ConnectWise (Finance > GL Mapping)"
            ),
            value=code,
        )
    )
