"""Assembling source lines into one planned package document.

Every kind of PSA document ends here, so the fields shared by all drafts (key, contact, currency, tax mode)
are filled the same way for invoices, bills and expenses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tui_ledger.domain.accounting import DocumentDraft, DocumentType, PartyRef, TaxMode
from tui_ledger.domain.plans.keys import IdempotencyKey, KeySubject
from tui_ledger.domain.plans.lines import SourceLine
from tui_ledger.domain.plans.model import PlanContext, PlannedDocument, PlanPart


@dataclass(frozen=True, slots=True)
class Header:
    """The document-level facts of a draft, apart from its lines and type."""

    subject: KeySubject
    psa_id: int
    contact_name: str
    issue_date: date
    currency: str | None
    number: str | None
    due_date: date | None = None
    reference: str | None = None
    tax_mode: TaxMode = TaxMode.EXCLUSIVE


def planned_document(
    header: Header,
    part: PlanPart,
    document_type: DocumentType,
    lines: Sequence[SourceLine],
    context: PlanContext,
    *,
    attempt: int,
    negate: bool,
    number: str | None = None,
    reference: str | None = None,
    payment_account_code: str | None = None,
) -> PlannedDocument:
    """One draft from `lines`; `number`/`reference` replace the header's where a part has its own."""
    key = IdempotencyKey(context.profile, context.target, header.subject, str(header.psa_id), part.value, attempt)
    draft = DocumentDraft(
        document_type=document_type,
        idempotency_key=str(key),
        contact=PartyRef(name=header.contact_name or None),
        issue_date=header.issue_date,
        lines=tuple(line.draft(negate=negate) for line in lines),
        number=number if number is not None else header.number,
        due_date=header.due_date,
        currency=header.currency,
        reference=reference if reference is not None else header.reference,
        tax_mode=header.tax_mode,
        payment_account_code=payment_account_code,
    )
    return PlannedDocument(part=part, draft=draft, origins=tuple(line.origin for line in lines))
