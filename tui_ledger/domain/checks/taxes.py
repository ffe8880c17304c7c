"""Tax codes: each code a line carries must exist and be active in the package, and be allowed on its account.

ConnectWise sends the tax code mapped to its own code (the package's TaxType or TaxCode); a code the package
lacks, or one it forbids on that account ("The TaxType code 'x' cannot be used with account code 'y'"),
rejects the whole document, so both are caught here before anything is sent.
"""

from __future__ import annotations

from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import Findings, problems
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.plans import DocumentPlan


def check_taxes(plan: DocumentPlan, context: CheckContext) -> Findings:
    label = document_label(plan.document)
    package = context.package
    snapshot = context.snapshot
    reported: set[tuple[str, str]] = set()
    found: list[Problem] = []
    for part in plan.parts:
        for line, origin in zip(part.draft.lines, part.origins, strict=True):
            tax = (line.tax_code or "").strip()
            if not tax:
                continue
            rate = snapshot.tax_rate(tax)
            if rate is None or not rate.active:
                if ("", tax) in reported:
                    continue
                reported.add(("", tax))
                state = "is not a tax code" if rate is None else "is an inactive tax code"
                found.append(
                    Problem(
                        kind=CheckKind.TAX_CODE_MISSING,
                        message=f"{label} {origin.label}: '{tax}' {state} in {package}",
                        fix=context.in_package(
                            f"add or reactivate tax rate '{tax}', or map the ConnectWise tax code to an existing one"
                        ),
                        value=tax,
                    )
                )
                continue
            account = (line.account_code or "").strip()
            if account and not snapshot.tax_allowed(account, tax) and (account, tax) not in reported:
                reported.add((account, tax))
                found.append(
                    Problem(
                        kind=CheckKind.TAX_NOT_ALLOWED,
                        message=f"{label} {origin.label}: tax code '{tax}' cannot be used with account '{account}' "
                        f"in {package}",
                        fix=context.in_package(
                            f"allow tax '{tax}' on account '{account}', or map the line to another tax code or "
                            "account in ConnectWise"
                        ),
                        value=f"{tax} on {account}",
                    )
                )
    return problems(*found)
