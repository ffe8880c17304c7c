"""Package-neutral drafts to Xero bodies, and Xero records back to package-neutral records.

A SALES_INVOICE is an ACCREC invoice, a BILL an ACCPAY invoice, a SALES_CREDIT an ACCRECCREDIT credit note and a
SUPPLIER_CREDIT an ACCPAYCREDIT one. Contacts are sent by `ContactID` when known: a name alone makes Xero create a
new contact when it does not match exactly. Xero's refusal texts are classified into `ProblemKind`s so a workflow
can offer the right fix while showing the package's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.xero.wire import amount, day, instant, text
from tui_ledger.domain.accounting import (
    AccountRecord,
    CompanyProfile,
    ContactDraft,
    ContactRecord,
    DocumentDraft,
    DocumentType,
    ElementResult,
    ItemDraft,
    ItemRecord,
    PackageProblem,
    PartyRef,
    ProblemKind,
    RemoteDocument,
    RemoteLine,
    RemoteStatus,
    TaxMode,
    TaxRateRecord,
    TrackingCategoryRecord,
)

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """An Accounting API collection that documents are created in."""

    collection: str
    id_field: str
    number_field: str


INVOICES = Endpoint("Invoices", "InvoiceID", "InvoiceNumber")
CREDIT_NOTES = Endpoint("CreditNotes", "CreditNoteID", "CreditNoteNumber")

XERO_TYPES: dict[DocumentType, tuple[Endpoint, str]] = {
    DocumentType.SALES_INVOICE: (INVOICES, "ACCREC"),
    DocumentType.BILL: (INVOICES, "ACCPAY"),
    DocumentType.SALES_CREDIT: (CREDIT_NOTES, "ACCRECCREDIT"),
    DocumentType.SUPPLIER_CREDIT: (CREDIT_NOTES, "ACCPAYCREDIT"),
}
DOCUMENT_TYPES = {xero_type: document_type for document_type, (_, xero_type) in XERO_TYPES.items()}
LINE_AMOUNT_TYPES = {TaxMode.EXCLUSIVE: "Exclusive", TaxMode.INCLUSIVE: "Inclusive", TaxMode.NO_TAX: "NoTax"}
STATUSES = {status.value.upper(): status for status in RemoteStatus}


def endpoint_for(document_type: DocumentType) -> Endpoint:
    return XERO_TYPES[document_type][0]


def _iso(value: date) -> str:
    return value.isoformat()


def document_body(draft: DocumentDraft) -> dict[str, Any]:
    """One element of a PUT /Invoices or /CreditNotes body."""
    endpoint, xero_type = XERO_TYPES[draft.document_type]
    contact = {"ContactID": draft.contact.id} if draft.contact.id else {"Name": draft.contact.name or ""}
    body: dict[str, Any] = {"Type": xero_type, "Contact": contact, "Date": _iso(draft.issue_date)}
    if draft.due_date is not None and endpoint is INVOICES:
        body["DueDate"] = _iso(draft.due_date)
    if draft.number:
        body[endpoint.number_field] = draft.number
    if draft.reference and draft.document_type.is_sales:
        body["Reference"] = draft.reference
    if draft.currency:
        body["CurrencyCode"] = draft.currency
    body["Status"] = "AUTHORISED" if draft.approve else "DRAFT"
    body["LineAmountTypes"] = LINE_AMOUNT_TYPES[draft.tax_mode]
    body["LineItems"] = [_line_body(line) for line in draft.lines]
    return body


def _line_body(line: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"Description": line.description, "Quantity": line.quantity, "UnitAmount": line.unit_amount}
    for key, value in (("AccountCode", line.account_code), ("ItemCode", line.item_code), ("TaxType", line.tax_code)):
        if value:
            body[key] = value
    if line.tax_amount is not None:
        body["TaxAmount"] = line.tax_amount
    if line.tracking:
        body["Tracking"] = [{"Name": choice.category, "Option": choice.option} for choice in line.tracking]
    return body


def status_of(record: dict[str, Any], where: str) -> RemoteStatus:
    raw = text(record, "Status", where) or "DRAFT"
    return STATUSES.get(raw.upper(), RemoteStatus.DRAFT)


def remote_document(record: dict[str, Any], endpoint: Endpoint) -> RemoteDocument:
    """A found or created document with lines and totals, for the "same content → link" comparison."""
    target_id = text(record, endpoint.id_field, endpoint.collection, required=True) or ""
    where = f"{endpoint.collection} {target_id}"
    xero_type = text(record, "Type", where, required=True) or ""
    contact = record.get("Contact") or {}
    lines = tuple(
        RemoteLine(
            description=str(line.get("Description") or ""),
            quantity=amount(line.get("Quantity"), "Quantity", where, default=Decimal(1)),
            unit_amount=amount(line.get("UnitAmount"), "UnitAmount", where, default=ZERO),
            line_amount=amount(line.get("LineAmount"), "LineAmount", where, default=ZERO),
            account_code=line.get("AccountCode") or None,
            item_code=line.get("ItemCode") or None,
            tax_code=line.get("TaxType") or None,
            tax_amount=amount(line.get("TaxAmount"), "TaxAmount", where, default=ZERO),
        )
        for line in record.get("LineItems") or []
        if isinstance(line, dict)
    )
    return RemoteDocument(
        document_type=DOCUMENT_TYPES.get(xero_type, DocumentType.SALES_INVOICE),
        target_id=target_id,
        number=record.get(endpoint.number_field) or None,
        status=status_of(record, where),
        contact=PartyRef(id=contact.get("ContactID"), name=contact.get("Name")),
        issue_date=day(record.get("Date"), "Date", where),
        total=amount(record.get("Total"), "Total", where, default=ZERO),
        subtotal=amount(record.get("SubTotal"), "SubTotal", where, default=ZERO),
        total_tax=amount(record.get("TotalTax"), "TotalTax", where, default=ZERO),
        currency=record.get("CurrencyCode") or None,
        due_date=day(record.get("DueDate"), "DueDate", where),
        reference=record.get("Reference") or None,
        lines=lines,
        updated_at=instant(record.get("UpdatedDateUTC"), "UpdatedDateUTC", where),
    )


def classify(message: str) -> ProblemKind:
    """Which fix a Xero refusal calls for, read from its words."""
    lowered = message.lower()
    if "must be unique" in lowered and ("#" in lowered or "number" in lowered):
        return ProblemKind.DUPLICATE_NUMBER
    if "already assigned to another contact" in lowered or "already exists" in lowered:
        return ProblemKind.DUPLICATE_NAME
    if "account code" in lowered and "archived" in lowered:
        return ProblemKind.ARCHIVED_ACCOUNT
    if "account code" in lowered:
        return ProblemKind.UNKNOWN_ACCOUNT
    if "taxtype" in lowered or "tax type" in lowered:
        return ProblemKind.UNKNOWN_TAX
    if "item code" in lowered:
        return ProblemKind.UNKNOWN_ITEM
    if "contact" in lowered:
        return ProblemKind.UNKNOWN_CONTACT
    if "valid status" in lowered or "cannot be voided" in lowered or "cannot be deleted" in lowered:
        return ProblemKind.INVALID_STATUS
    return ProblemKind.OTHER


def problems_of(record: dict[str, Any]) -> tuple[PackageProblem, ...]:
    messages = [
        error["Message"]
        for error in record.get("ValidationErrors") or []
        if isinstance(error, dict) and isinstance(error.get("Message"), str)
    ]
    failed = (
        record.get("StatusAttributeString") == "ERROR" or record.get("HasErrors") or record.get("HasValidationErrors")
    )
    if failed and not messages:
        messages = ["Xero refused this element without saying why"]
    return tuple(PackageProblem(classify(message), message) for message in messages)


def element_result(key: str, index: int, record: dict[str, Any], id_field: str, number_field: str) -> ElementResult:
    """One element of a summarizeErrors=false answer, matched to the draft sent at the same position."""
    problems = problems_of(record)
    warnings = tuple(
        warning["Message"]
        for warning in record.get("Warnings") or []
        if isinstance(warning, dict) and isinstance(warning.get("Message"), str)
    )
    target_id = None if problems else (record.get(id_field) or None)
    status = None if problems or "Status" not in record else status_of(record, f"element {index}")
    return ElementResult(
        key=key,
        index=index,
        target_id=target_id,
        number=record.get(number_field) or None,
        status=status,
        problems=problems,
        warnings=warnings,
    )


def contact_body(draft: ContactDraft) -> dict[str, Any]:
    body: dict[str, Any] = {"Name": draft.name}
    if draft.number:
        body["ContactNumber"] = draft.number
    if draft.email:
        body["EmailAddress"] = draft.email
    if draft.currency:
        body["DefaultCurrency"] = draft.currency
    return body


def item_body(draft: ItemDraft) -> dict[str, Any]:
    body: dict[str, Any] = {"Code": draft.code, "Name": draft.name[:50]}
    if draft.description:
        body["Description"] = draft.description
    for key, account, price in (
        ("SalesDetails", draft.sales_account_code, draft.sales_unit_price),
        ("PurchaseDetails", draft.purchase_account_code, draft.purchase_unit_price),
    ):
        details: dict[str, Any] = {}
        if account:
            details["AccountCode"] = account
        if price is not None:
            details["UnitPrice"] = price
        if details:
            body[key] = details
    return body


def contact_record(record: dict[str, Any]) -> ContactRecord:
    where = "Contacts"
    return ContactRecord(
        id=text(record, "ContactID", where, required=True) or "",
        name=text(record, "Name", where) or "",
        active=record.get("ContactStatus", "ACTIVE") == "ACTIVE",
        number=record.get("ContactNumber") or None,
        email=record.get("EmailAddress") or None,
        is_customer=bool(record.get("IsCustomer")),
        is_supplier=bool(record.get("IsSupplier")),
        currency=record.get("DefaultCurrency") or None,
    )


def item_record(record: dict[str, Any]) -> ItemRecord:
    where = "Items"
    return ItemRecord(
        id=text(record, "ItemID", where, required=True) or "",
        code=text(record, "Code", where, required=True) or "",
        name=record.get("Name") or None,
        active=True,
        description=record.get("Description") or None,
        sales_account_code=(record.get("SalesDetails") or {}).get("AccountCode") or None,
        purchase_account_code=(record.get("PurchaseDetails") or {}).get("AccountCode") or None,
    )


def account_record(record: dict[str, Any]) -> AccountRecord:
    where = "Accounts"
    status = text(record, "Status", where) or "ACTIVE"
    return AccountRecord(
        id=text(record, "AccountID", where, required=True) or "",
        code=record.get("Code") or None,
        name=text(record, "Name", where) or "",
        account_type=text(record, "Type", where) or "",
        active=status == "ACTIVE",
        status=status,
        tax_code=record.get("TaxType") or None,
        account_class=record.get("Class") or None,
    )


_APPLIES_TO = {
    "CanApplyToAssets": "ASSET",
    "CanApplyToEquity": "EQUITY",
    "CanApplyToExpenses": "EXPENSE",
    "CanApplyToLiabilities": "LIABILITY",
    "CanApplyToRevenue": "REVENUE",
}


def tax_rate_record(record: dict[str, Any]) -> TaxRateRecord:
    where = "TaxRates"
    flags = {flag: record.get(flag) for flag in _APPLIES_TO}
    applies = (
        None
        if all(value is None for value in flags.values())
        else frozenset(account_class for flag, account_class in _APPLIES_TO.items() if flags[flag])
    )
    return TaxRateRecord(
        code=text(record, "TaxType", where, required=True) or "",
        name=text(record, "Name", where) or "",
        rate=amount(record.get("EffectiveRate"), "EffectiveRate", where, default=ZERO),
        active=record.get("Status", "ACTIVE") == "ACTIVE",
        applies_to=applies,
    )


def tracking_record(record: dict[str, Any]) -> TrackingCategoryRecord:
    where = "TrackingCategories"
    return TrackingCategoryRecord(
        id=text(record, "TrackingCategoryID", where, required=True) or "",
        name=text(record, "Name", where) or "",
        active=record.get("Status", "ACTIVE") == "ACTIVE",
        options=tuple(
            str(option.get("Name"))
            for option in record.get("Options") or []
            if isinstance(option, dict) and option.get("Status", "ACTIVE") == "ACTIVE"
        ),
    )


def company_profile(record: dict[str, Any], currencies: list[dict[str, Any]]) -> CompanyProfile:
    """The organisation and the currencies it records (GET /Currencies lists the base currency too; an organisation
    without Xero's multi-currency feature lists only that one)."""
    where = "Organisation"
    locks = [day(record.get(field), field, where) for field in ("PeriodLockDate", "EndOfYearLockDate")]
    known = [lock for lock in locks if lock is not None]
    base = (text(record, "BaseCurrency", where) or "").strip().upper()
    codes = [(text(currency, "Code", "Currency", required=True) or "").strip().upper() for currency in currencies]
    recorded = tuple(dict.fromkeys([base, *codes]) if base else dict.fromkeys(codes))
    return CompanyProfile(
        id=text(record, "OrganisationID", where, required=True) or "",
        name=text(record, "Name", where) or "",
        base_currency=base,
        country=record.get("CountryCode") or None,
        lock_date=max(known) if known else None,
        multi_currency=len(recorded) > 1,
        currencies=recorded,
    )
