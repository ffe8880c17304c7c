"""QuickBooks Online JSON → the package-neutral records workflows read.

A record that lacks what the API promises (an Id, a total) is a `MalformedResponse` naming the field and the
record, never a KeyError. Status: QBO has no status field on transactions; a void leaves the document at zero with
"Voided" in its private note, and a paid one has no balance left, so that is how they are told apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.connectors.quickbooks.book import ReferenceBook
from tui_ledger.connectors.quickbooks.payloads import TYPE_OF
from tui_ledger.connectors.quickbooks.tokens import SERVICE
from tui_ledger.domain.accounting import (
    AccountRecord,
    ContactRecord,
    ItemRecord,
    PartyRef,
    RemoteDocument,
    RemoteLine,
    RemoteStatus,
    TaxRateRecord,
)

ZERO = Decimal("0")
LINE_DETAILS = ("SalesItemLineDetail", "ItemBasedExpenseLineDetail", "AccountBasedExpenseLineDetail")


class _Reader:
    """Field access on one QBO record that fails with the record's name in the message."""

    def __init__(self, entity: str, row: Mapping[str, Any]) -> None:
        self.entity = entity
        self.row = row
        self.label = f"{entity} {row.get('DocNumber') or row.get('DisplayName') or row.get('Name') or row.get('Id')}"

    def fail(self, field: str, problem: str) -> MalformedResponse:
        return MalformedResponse(SERVICE, problem, field=field, record=self.label)

    def text(self, field: str) -> str:
        value = self.row.get(field)
        if value is None or value == "":
            raise self.fail(field, f"{self.entity} without {field}")
        return str(value)

    def decimal(self, field: str, default: Decimal | None = None, row: Mapping[str, Any] | None = None) -> Decimal:
        value = (row if row is not None else self.row).get(field)
        if value is None:
            if default is not None:
                return default
            raise self.fail(field, f"{self.entity} without {field}")
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise self.fail(field, f"{field} is not a number: {value!r}") from None

    def day(self, field: str) -> date | None:
        value = self.row.get(field)
        if not value:
            return None
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            raise self.fail(field, f"{field} is not a date: {value!r}") from None


def reference(value: Any) -> tuple[str | None, str | None]:
    """(Id, name) of a `{"value", "name"}` reference."""
    if isinstance(value, Mapping):
        return (str(value["value"]) if value.get("value") else None, value.get("name"))
    return None, None


def document(entity: str, row: Mapping[str, Any], book: ReferenceBook) -> RemoteDocument:
    read = _Reader(entity, row)
    total = read.decimal("TotalAmt")
    tax_detail = row.get("TxnTaxDetail") if isinstance(row.get("TxnTaxDetail"), Mapping) else {}
    total_tax = read.decimal("TotalTax", ZERO, tax_detail)
    party_id, party_name = reference(row.get("CustomerRef") or row.get("VendorRef") or row.get("EntityRef"))
    updated = (row.get("MetaData") or {}).get("LastUpdatedTime")
    included = row.get("GlobalTaxCalculation") == "TaxInclusive"
    return RemoteDocument(
        document_type=TYPE_OF[entity],
        target_id=read.text("Id"),
        number=str(row["DocNumber"]) if row.get("DocNumber") else None,
        status=_status(read, total),
        contact=PartyRef(id=party_id, name=party_name),
        issue_date=read.day("TxnDate"),
        total=total,
        subtotal=total if included else total - total_tax,
        total_tax=total_tax,
        currency=reference(row.get("CurrencyRef"))[0],
        due_date=read.day("DueDate"),
        reference=row.get("PrivateNote"),
        lines=tuple(_lines(read, book)),
        updated_at=_instant(updated),
    )


def deleted_document(last_seen: RemoteDocument) -> RemoteDocument:
    """QBO answers a delete with a bare stub; the document as last read, marked deleted."""
    return replace(last_seen, status=RemoteStatus.DELETED)


def _status(read: _Reader, total: Decimal) -> RemoteStatus:
    note = str(read.row.get("PrivateNote") or "")
    if total == 0 and note.startswith("Voided"):
        return RemoteStatus.VOIDED
    balance = read.row.get("Balance", read.row.get("RemainingCredit"))
    if balance is not None and total > 0 and read.decimal("Balance", ZERO, {"Balance": balance}) == 0:
        return RemoteStatus.PAID
    return RemoteStatus.AUTHORISED


def _lines(read: _Reader, book: ReferenceBook) -> list[RemoteLine]:
    lines = []
    for line in read.row.get("Line") or []:
        detail_type = line.get("DetailType")
        if detail_type not in LINE_DETAILS:
            continue
        detail = line.get(detail_type) or {}
        amount = read.decimal("Amount", None, line)
        quantity = read.decimal("Qty", Decimal(1), detail)
        item_id, item_name = reference(detail.get("ItemRef"))
        account_id, _ = reference(detail.get("AccountRef"))
        tax_id, _ = reference(detail.get("TaxCodeRef"))
        lines.append(
            RemoteLine(
                description=str(line.get("Description") or ""),
                quantity=quantity,
                unit_amount=read.decimal("UnitPrice", amount, detail),
                line_amount=amount,
                account_code=book.account_code(account_id),
                item_code=item_name or (str(book.items[item_id]["Name"]) if item_id in book.items else None),
                tax_code=tax_id,
            )
        )
    return lines


def _instant(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def contact(entity: str, row: Mapping[str, Any]) -> ContactRecord:
    """A Customer, Vendor or Employee (neither customer nor supplier). Its number is AcctNum, the bookkeeper's
    "Account no." (the ConnectWise identifier on contacts tui-ledger created), which is why QuickBooks states
    `contact_numbers_hold_psa_keys=False`. Its currency is its CurrencyRef, the only one it takes documents in."""
    read = _Reader(entity, row)
    email = row.get("PrimaryEmailAddr")
    return ContactRecord(
        id=read.text("Id"),
        name=read.text("DisplayName"),
        active=bool(row.get("Active", True)),
        number=str(row["AcctNum"]) if row.get("AcctNum") else None,
        email=str(email.get("Address")) if isinstance(email, Mapping) and email.get("Address") else None,
        is_customer=entity == "Customer",
        is_supplier=entity == "Vendor",
        currency=reference(row.get("CurrencyRef"))[0],
    )


def item(row: Mapping[str, Any], book: ReferenceBook) -> ItemRecord:
    read = _Reader("Item", row)
    return ItemRecord(
        id=read.text("Id"),
        code=read.text("Name"),
        name=str(row.get("Name")),
        active=bool(row.get("Active", True)),
        description=row.get("Description"),
        sales_account_code=book.account_code(reference(row.get("IncomeAccountRef"))[0]),
        purchase_account_code=book.account_code(reference(row.get("ExpenseAccountRef"))[0]),
    )


def account(row: Mapping[str, Any]) -> AccountRecord:
    read = _Reader("Account", row)
    active = bool(row.get("Active", True))
    classification = row.get("Classification")
    return AccountRecord(
        id=read.text("Id"),
        code=str(row["AcctNum"]) if row.get("AcctNum") else None,
        name=read.text("Name"),
        account_type=read.text("AccountType"),
        active=active,
        status="Active" if active else "Inactive",
        tax_code=reference(row.get("TaxCodeRef"))[0],
        account_class=str(classification).upper() if classification else None,
    )


def tax_rate(row: Mapping[str, Any], book: ReferenceBook) -> TaxRateRecord:
    """A QBO TaxCode as a tax rate a line may carry: code = its Id, rate = its sales rates added, in percent."""
    read = _Reader("TaxCode", row)
    return TaxRateRecord(
        code=read.text("Id"),
        name=read.text("Name"),
        rate=Decimal(str(book.rate_of(dict(row)))),
        active=bool(row.get("Active", True)),
    )
