"""Payload plans: a PSA document → the package-neutral drafts to create (issue 4 part 2).

`plan_document` is the entry point; see invoices.py, purchases.py and expenses.py for the rules of each kind,
numbers.py for target numbers and keys.py for the idempotency-key rule the export journal recomputes.
"""

from tui_ledger.domain.plans.build import plan_document, plan_documents
from tui_ledger.domain.plans.keys import IdempotencyKey, IdempotencyKeyError, KeySubject
from tui_ledger.domain.plans.lookups import numbers_to_look_up
from tui_ledger.domain.plans.model import DocumentPlan, LineOrigin, PlanContext, PlannedDocument, PlanPart
from tui_ledger.domain.plans.numbers import RETURNS_CREDIT_SUFFIX, invoice_number, returns_credit_number
from tui_ledger.domain.plans.options import ExportOptions, PlainExportOptions

__all__ = [
    "RETURNS_CREDIT_SUFFIX",
    "DocumentPlan",
    "ExportOptions",
    "IdempotencyKey",
    "IdempotencyKeyError",
    "KeySubject",
    "LineOrigin",
    "PlainExportOptions",
    "PlanContext",
    "PlanPart",
    "PlannedDocument",
    "invoice_number",
    "numbers_to_look_up",
    "plan_document",
    "plan_documents",
    "returns_credit_number",
]
