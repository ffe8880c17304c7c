"""The drafts a run will send, kept in the journal as JSON so a resume sends exactly what was planned.

After a crash the plans cannot simply be rebuilt: the document may have changed in ConnectWise meanwhile, and the
idempotency keys and numbers already promised to the package must stay the same. So the journal keeps each draft
whole. Amounts are Decimal text (never floats), dates ISO text; reading back gives an equal draft.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from tui_ledger.domain.accounting import (
    ContactDraft,
    DocumentDraft,
    DocumentType,
    ItemDraft,
    LineDraft,
    PartyRef,
    PartyRole,
    TaxMode,
    TrackingChoice,
)
from tui_ledger.store.codec import json_object_from_text, json_text
from tui_ledger.store.errors import StoreError


class JournalDraftError(StoreError):
    """A draft stored in the journal cannot be read back (the file was edited, or written by another version)."""


def document_draft_text(draft: DocumentDraft) -> str:
    return json_text(
        {
            "document_type": draft.document_type,
            "idempotency_key": draft.idempotency_key,
            "contact": {"id": draft.contact.id, "name": draft.contact.name},
            "issue_date": draft.issue_date,
            "lines": [_line(line) for line in draft.lines],
            "number": draft.number,
            "due_date": draft.due_date,
            "currency": draft.currency,
            "reference": draft.reference,
            "tax_mode": draft.tax_mode,
            "approve": draft.approve,
            "payment_account_code": draft.payment_account_code,
        }
    )


def _line(line: LineDraft) -> dict[str, Any]:
    return {
        "description": line.description,
        "quantity": line.quantity,
        "unit_amount": line.unit_amount,
        "account_code": line.account_code,
        "item_code": line.item_code,
        "tax_code": line.tax_code,
        "tracking": [[choice.category, choice.option] for choice in line.tracking],
        "tax_amount": line.tax_amount,
    }


def contact_draft_text(draft: ContactDraft) -> str:
    return json_text(
        {
            "name": draft.name,
            "role": draft.role,
            "idempotency_key": draft.idempotency_key,
            "number": draft.number,
            "email": draft.email,
            "currency": draft.currency,
        }
    )


def item_draft_text(draft: ItemDraft) -> str:
    return json_text(
        {
            "code": draft.code,
            "name": draft.name,
            "idempotency_key": draft.idempotency_key,
            "description": draft.description,
            "sales_account_code": draft.sales_account_code,
            "sales_unit_price": draft.sales_unit_price,
            "purchase_account_code": draft.purchase_account_code,
            "purchase_unit_price": draft.purchase_unit_price,
        }
    )


class _Reader:
    """Reads one stored draft, naming the field and the row when something is not as written."""

    def __init__(self, text: str, where: str) -> None:
        self.where = where
        try:
            self.data = json_object_from_text(text)
        except ValueError as error:
            raise JournalDraftError(f"{where}: the stored draft is not a JSON object ({error})") from None

    def fail(self, name: str, problem: str) -> JournalDraftError:
        return JournalDraftError(f"{self.where}: field {name!r} {problem}")

    def text(self, name: str, data: dict[str, Any] | None = None) -> str:
        value = (self.data if data is None else data).get(name)
        if not isinstance(value, str):
            raise self.fail(name, "is not text")
        return value

    def optional_text(self, name: str, data: dict[str, Any] | None = None) -> str | None:
        value = (self.data if data is None else data).get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(name, "is not text")
        return value

    def decimal(self, name: str, data: dict[str, Any]) -> Decimal:
        value = self.optional_decimal(name, data)
        if value is None:
            raise self.fail(name, "is missing")
        return value

    def optional_decimal(self, name: str, data: dict[str, Any] | None = None) -> Decimal | None:
        value = (self.data if data is None else data).get(name)
        if value is None:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise self.fail(name, f"is not an amount: {value!r}") from None

    def day(self, name: str) -> date:
        value = self.optional_day(name)
        if value is None:
            raise self.fail(name, "is missing")
        return value

    def optional_day(self, name: str) -> date | None:
        value = self.optional_text(name)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(name, f"is not a date: {value!r}") from None

    def objects(self, name: str) -> list[dict[str, Any]]:
        value = self.data.get(name)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.fail(name, "is not a list of objects")
        return value


def document_draft_from_text(text: str, where: str) -> DocumentDraft:
    reader = _Reader(text, where)
    contact = reader.data.get("contact")
    if not isinstance(contact, dict):
        raise reader.fail("contact", "is not an object")
    try:
        document_type = DocumentType(reader.text("document_type"))
        tax_mode = TaxMode(reader.text("tax_mode"))
    except ValueError as error:
        raise JournalDraftError(f"{where}: {error}") from None
    return DocumentDraft(
        document_type=document_type,
        idempotency_key=reader.text("idempotency_key"),
        contact=PartyRef(id=reader.optional_text("id", contact), name=reader.optional_text("name", contact)),
        issue_date=reader.day("issue_date"),
        lines=tuple(_line_from(reader, line) for line in reader.objects("lines")),
        number=reader.optional_text("number"),
        due_date=reader.optional_day("due_date"),
        currency=reader.optional_text("currency"),
        reference=reader.optional_text("reference"),
        tax_mode=tax_mode,
        approve=bool(reader.data.get("approve", True)),
        payment_account_code=reader.optional_text("payment_account_code"),
    )


def _line_from(reader: _Reader, line: dict[str, Any]) -> LineDraft:
    tracking = line.get("tracking") or []
    if not isinstance(tracking, list) or not all(isinstance(pair, list) and len(pair) == 2 for pair in tracking):
        raise reader.fail("tracking", "is not a list of [category, option] pairs")
    return LineDraft(
        description=reader.text("description", line),
        quantity=reader.decimal("quantity", line),
        unit_amount=reader.decimal("unit_amount", line),
        account_code=reader.optional_text("account_code", line),
        item_code=reader.optional_text("item_code", line),
        tax_code=reader.optional_text("tax_code", line),
        tracking=tuple(TrackingChoice(str(category), str(option)) for category, option in tracking),
        tax_amount=reader.optional_decimal("tax_amount", line),
    )


def contact_draft_from_text(text: str, where: str) -> ContactDraft:
    reader = _Reader(text, where)
    try:
        role = PartyRole(reader.text("role"))
    except ValueError as error:
        raise JournalDraftError(f"{where}: {error}") from None
    return ContactDraft(
        name=reader.text("name"),
        role=role,
        idempotency_key=reader.text("idempotency_key"),
        number=reader.optional_text("number"),
        email=reader.optional_text("email"),
        currency=reader.optional_text("currency"),
    )


def item_draft_from_text(text: str, where: str) -> ItemDraft:
    reader = _Reader(text, where)
    return ItemDraft(
        code=reader.text("code"),
        name=reader.text("name"),
        idempotency_key=reader.text("idempotency_key"),
        description=reader.optional_text("description"),
        sales_account_code=reader.optional_text("sales_account_code"),
        sales_unit_price=reader.optional_decimal("sales_unit_price"),
        purchase_account_code=reader.optional_text("purchase_account_code"),
        purchase_unit_price=reader.optional_decimal("purchase_unit_price"),
    )
