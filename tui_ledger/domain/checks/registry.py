"""The list of checks and the runner that turns a document into a verdict.

Every check runs on every document, so the Errors pane lists all of a document's problems at once rather than
one per Refresh. The order of `CHECKS` is the order problems are listed within a document.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tui_ledger.domain.accounting import PartyRef
from tui_ledger.domain.checks.accounts import check_accounts
from tui_ledger.domain.checks.consistency import check_currency, check_lines_add_up
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.duplicates import check_already_in_package
from tui_ledger.domain.checks.findings import Check, Findings, merge
from tui_ledger.domain.checks.gl import check_gl_entries, check_gl_mapping
from tui_ledger.domain.checks.items import check_items
from tui_ledger.domain.checks.limits import check_lock_date, check_number_length, check_supported
from tui_ledger.domain.checks.parties import check_party
from tui_ledger.domain.checks.payment_accounts import check_payment_account
from tui_ledger.domain.checks.snapshot import PackageSnapshot, name_key
from tui_ledger.domain.checks.taxes import check_taxes
from tui_ledger.domain.checks.verdicts import Blocked, NotSent, Ready, Verdict, no_lines_log_text
from tui_ledger.domain.collector import collection_paused
from tui_ledger.domain.documents import Document, UnpostedInvoice
from tui_ledger.domain.plans import DocumentPlan, PlanContext, plan_document
from tui_ledger.domain.plans.parties import addressed_to, party_name

CHECKS: tuple[Check, ...] = (
    check_gl_mapping,
    check_gl_entries,
    check_accounts,
    check_payment_account,
    check_taxes,
    check_party,
    check_items,
    check_already_in_package,
    check_currency,
    check_lines_add_up,
    check_lock_date,
    check_number_length,
    check_supported,
)


def check_document(
    document: Document, context: CheckContext, *, attempt: int = 1, plan: DocumentPlan | None = None
) -> Verdict:
    """The verdict for one document: Ready (send or link), NotSent (no lines) or Blocked.

    `plan`: the document's plan (for `attempt`) when the caller has made it already; planned here otherwise.
    When the package holds the party under another name (found by number), the verdict's plan is addressed to
    that contact, so what is sent lands on it (plans.parties.addressed_to)."""
    if plan is None:
        plan = plan_document(document, context.plans, attempt=attempt)
    if isinstance(document, UnpostedInvoice) and not document.has_lines:
        return NotSent(plan, no_lines_log_text(context.package))
    findings = merge(check(plan, context) for check in CHECKS)
    contact = findings.contact
    if contact is not None and name_key(contact.name) != name_key(party_name(document.counterparty)):
        plan = addressed_to(plan, PartyRef(id=contact.id, name=contact.name))
    if any(problem.blocking for problem in findings.problems):
        return Blocked(plan, findings.problems)
    return _ready(plan, findings)


def _ready(plan: DocumentPlan, findings: Findings) -> Ready:
    """Ready to send; contacts and items are only created when at least one part is created, not just linked."""
    linked = {link.part for link in findings.links}
    creates = any(part.part not in linked for part in plan.parts)
    return Ready(
        plan=plan,
        contacts_to_create=findings.contacts_to_create if creates else (),
        items_to_create=findings.items_to_create if creates else (),
        links=findings.links,
        warnings=findings.problems,
        contact=findings.contact,
    )


def check_documents(
    documents: Iterable[Document],
    snapshot: PackageSnapshot,
    plans: PlanContext,
    *,
    planned: Sequence[DocumentPlan] | None = None,
) -> tuple[Verdict, ...]:
    """Verdicts for a run's documents, in their order; name collisions are looked for across all of them.

    `planned`: the documents' plans (same order, first attempt), when the caller made them already — a Retrieve
    plans every document to learn which numbers to look up, and planning ten thousand again costs half a second.
    """
    listed = tuple(documents)
    if planned is not None and (
        len(planned) != len(listed)
        or any(plan.document is not document for plan, document in zip(planned, listed, strict=True))
    ):
        raise ValueError("planned must hold the plans of exactly the documents checked, in the same order")
    with collection_paused():
        context = CheckContext.for_run(listed, snapshot, plans)
        if planned is None:
            return tuple(check_document(document, context) for document in listed)
        return tuple(
            check_document(document, context, plan=plan) for document, plan in zip(listed, planned, strict=True)
        )
