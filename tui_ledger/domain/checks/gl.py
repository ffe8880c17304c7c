"""GL mapping: every line needs a GL account, and every document GL entries to be batched with.

ConnectWise fills a line's account from Finance > GL Mapping; an unmapped product or expense type leaves it
empty, and the package refuses a line without an account. A document without GL entries could be sent but
never marked batched (a batch is made from GL entry ids), so it would be exported again on every run.
"""

from __future__ import annotations

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import NOTHING, Findings, problems
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.plans import DocumentPlan, LineOrigin


def mapping_instruction(origin: LineOrigin) -> str:
    if origin.is_down_payment:
        return "Finance > GL Mapping: map deferred revenue (down payments) to a GL account"
    if origin.psa_item:
        return f"Finance > GL Mapping: map product '{origin.psa_item}' to a GL account"
    return f"Finance > GL Mapping: map the GL type of {origin.label} to a GL account"


def check_gl_mapping(plan: DocumentPlan, context: CheckContext) -> Findings:
    label = document_label(plan.document)
    found: list[Problem] = []
    for part in plan.parts:
        for line, origin in zip(part.draft.lines, part.origins, strict=True):
            if not (line.account_code or "").strip():
                found.append(
                    Problem(
                        kind=CheckKind.MISSING_GL_ACCOUNT,
                        message=f"{label} {origin.label}: no GL account is mapped",
                        fix=context.in_connectwise(mapping_instruction(origin)),
                        value=origin.psa_item or origin.label,
                    )
                )
        if part.draft.document_type is DocumentType.PURCHASE and not (part.draft.payment_account_code or "").strip():
            found.append(
                Problem(
                    kind=CheckKind.MISSING_GL_ACCOUNT,
                    message=f"{label}: no credit account to pay the purchase from",
                    fix=context.in_connectwise("Finance > GL Mapping: map the expense's credit (payment) account"),
                    value=label,
                )
            )
    return problems(*found)


def check_gl_entries(plan: DocumentPlan, context: CheckContext) -> Findings:
    if not plan.parts or plan.document.gl_entry_ids:
        return NOTHING
    label = document_label(plan.document)
    return problems(
        Problem(
            kind=CheckKind.NO_GL_ENTRIES,
            message=f"{label} has no GL entries in ConnectWise, so it could not be marked batched after export",
            fix=context.in_connectwise(
                "Finance > GL Mapping: complete the mapping, then reopen and close the document so its GL entries "
                "are written"
            ),
            value=label,
        )
    )
