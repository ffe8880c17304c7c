"""Accounts: each account code a line (or a purchase's payment) uses must exist and be active in the package.

Both packages refuse a line whose account is unknown or archived ("Account code 'xxx' is not a valid code").
One problem per account code and document, naming the lines that use it, keeps the Errors pane readable.
"""

from __future__ import annotations

from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import Findings, problems
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.plans import DocumentPlan


def account_uses(plan: DocumentPlan) -> dict[str, list[str]]:
    """Account code → the labels of the lines (or payment) using it, in order of first use."""
    uses: dict[str, list[str]] = {}
    for part in plan.parts:
        for line, origin in zip(part.draft.lines, part.origins, strict=True):
            code = (line.account_code or "").strip()
            if code:
                uses.setdefault(code, []).append(origin.label)
        payment = (part.draft.payment_account_code or "").strip()
        if payment:
            uses.setdefault(payment, []).append("payment")
    return uses


def check_accounts(plan: DocumentPlan, context: CheckContext) -> Findings:
    label = document_label(plan.document)
    package = context.package
    found: list[Problem] = []
    for code, used_by in account_uses(plan).items():
        account = context.snapshot.account(code)
        where = ", ".join(used_by)
        if account is None:
            found.append(
                Problem(
                    kind=CheckKind.ACCOUNT_MISSING,
                    message=f"{label}: account '{code}' ({where}) is not in the {package} chart of accounts",
                    fix=context.in_package(
                        f"add account '{code}' to the chart of accounts, or map these lines to an existing account "
                        "in ConnectWise (Finance > GL Mapping)"
                    ),
                    value=code,
                )
            )
        elif not account.active:
            found.append(
                Problem(
                    kind=CheckKind.ACCOUNT_ARCHIVED,
                    message=f"{label}: account '{code}' ({account.name}; {where}) is archived in {package}",
                    fix=context.in_package(
                        f"restore account '{code}', or map these lines to an active account in ConnectWise"
                    ),
                    value=code,
                )
            )
    return problems(*found)
