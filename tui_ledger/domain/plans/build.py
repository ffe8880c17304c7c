"""One entry point from any PSA document to its plan, so callers never branch on the document kind."""

from __future__ import annotations

from collections.abc import Iterable

from tui_ledger.domain.collector import collection_paused
from tui_ledger.domain.documents import Document, UnpostedExpense, UnpostedInvoice
from tui_ledger.domain.plans.expenses import plan_expense
from tui_ledger.domain.plans.invoices import plan_invoice
from tui_ledger.domain.plans.model import DocumentPlan, PlanContext
from tui_ledger.domain.plans.purchases import plan_purchase


def plan_document(document: Document, context: PlanContext, *, attempt: int = 1) -> DocumentPlan:
    """The package documents `document` becomes. Pure and total: odd data yields drafts the checks flag."""
    if isinstance(document, UnpostedInvoice):
        return plan_invoice(document, context, attempt=attempt)
    if isinstance(document, UnpostedExpense):
        return plan_expense(document, context, attempt=attempt)
    return plan_purchase(document, context, attempt=attempt)


def plan_documents(documents: Iterable[Document], context: PlanContext) -> tuple[DocumentPlan, ...]:
    """The first-attempt plan of each document, in order: what a Retrieve plans to learn the numbers to look up,
    and hands to `check_documents` so nothing is planned twice."""
    with collection_paused():
        return tuple(plan_document(document, context) for document in documents)
