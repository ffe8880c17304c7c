"""Package-neutral drafts → QuickBooks Online JSON (Invoice, CreditMemo, Bill, Purchase, Customer, Vendor, Item).

Codes are resolved to Ids through the `ReferenceBook`. What cannot be resolved is reported on the draft as a
problem and the draft is not sent: QBO would only refuse it, and a reference it cannot see gives the user less to
go on than "account 4999 is not in QuickBooks Online". Inactive accounts and items ARE sent, so the user reads QBO's
own refusal. Amounts: each line's Amount is quantity x unit price to the cent, with Qty and UnitPrice alongside
(QBO checks Amount = Qty x UnitPrice); the PSA's tax, when the draft states it, goes as `TxnTaxDetail.TotalTax`.
QBO has no draft state: `approve` has no effect here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui_ledger.connectors.quickbooks.book import ReferenceBook
from tui_ledger.domain.accounting import (
    ContactDraft,
    DocumentDraft,
    DocumentType,
    ItemDraft,
    LineDraft,
    PackageProblem,
    PartyRole,
    ProblemKind,
    TaxMode,
)
from tui_ledger.domain.money import to_money

ENTITY_OF = {
    DocumentType.SALES_INVOICE: "Invoice",
    DocumentType.SALES_CREDIT: "CreditMemo",
    DocumentType.BILL: "Bill",
    DocumentType.PURCHASE: "Purchase",
}
TYPE_OF = {entity: document_type for document_type, entity in ENTITY_OF.items()}
TAX_CALCULATION = {
    TaxMode.EXCLUSIVE: "TaxExcluded",
    TaxMode.INCLUSIVE: "TaxInclusive",
    TaxMode.NO_TAX: "NotApplicable",
}
PAYMENT_TYPES = {"Credit Card": "CreditCard", "Bank": "Cash"}


@dataclass(frozen=True, slots=True)
class Prepared:
    """A body ready to send, or the problems that keep it from being sent."""

    entity: str
    body: dict[str, Any] | None
    problems: tuple[PackageProblem, ...] = ()


class _Problems:
    def __init__(self) -> None:
        self.found: list[PackageProblem] = []

    def add(self, kind: ProblemKind, message: str) -> None:
        self.found.append(PackageProblem(kind, message))


def prepare_document(draft: DocumentDraft, book: ReferenceBook) -> Prepared:
    entity = ENTITY_OF.get(draft.document_type)
    if entity is None:
        problem = PackageProblem(
            ProblemKind.OTHER, f"QuickBooks Online documents of type {draft.document_type.value} are not supported"
        )
        return Prepared(draft.document_type.value, None, (problem,))
    problems = _Problems()
    body: dict[str, Any] = {"TxnDate": draft.issue_date.isoformat()}
    if draft.number:
        body["DocNumber"] = draft.number
    if draft.currency:
        body["CurrencyRef"] = {"value": draft.currency}
    if draft.reference:
        body["PrivateNote"] = draft.reference
    if draft.due_date and entity in ("Invoice", "Bill"):
        body["DueDate"] = draft.due_date.isoformat()
    body["GlobalTaxCalculation"] = TAX_CALCULATION[draft.tax_mode]
    _party(draft, entity, book, body, problems)
    sales = entity in ("Invoice", "CreditMemo")
    body["Line"] = [_line(line, number, sales, book, problems) for number, line in enumerate(draft.lines, start=1)]
    if not draft.lines:
        problems.add(ProblemKind.OTHER, "a QuickBooks Online document needs at least one line")
    if entity == "Purchase":
        _paid_from(draft, book, body, problems)
    total_tax = draft.total_tax
    if total_tax is not None:
        body["TxnTaxDetail"] = {"TotalTax": to_money(total_tax)}
    if problems.found:
        return Prepared(entity, None, tuple(problems.found))
    return Prepared(entity, body)


def _party(draft: DocumentDraft, entity: str, book: ReferenceBook, body: dict[str, Any], problems: _Problems) -> None:
    role = {"Invoice": PartyRole.CUSTOMER, "CreditMemo": PartyRole.CUSTOMER, "Bill": PartyRole.SUPPLIER}.get(entity)
    found = book.party_id(draft.contact, role)
    if found is None:
        who = {PartyRole.CUSTOMER: "customer", PartyRole.SUPPLIER: "vendor", None: "payee"}[role]
        problems.add(ProblemKind.UNKNOWN_CONTACT, f"no {who} {draft.contact.label!r} in QuickBooks Online")
        return
    party_entity, party_id = found
    if entity == "Purchase":
        body["EntityRef"] = {"value": party_id, "type": party_entity}
    else:
        body["CustomerRef" if role is PartyRole.CUSTOMER else "VendorRef"] = {"value": party_id}


def _paid_from(draft: DocumentDraft, book: ReferenceBook, body: dict[str, Any], problems: _Problems) -> None:
    code = draft.payment_account_code
    account_id = book.account_id(code) if code else None
    if account_id is None:
        problems.add(
            ProblemKind.UNKNOWN_ACCOUNT,
            f"a purchase needs the bank or card account it was paid from; account {code!r} is not in QuickBooks Online"
            if code
            else "a purchase needs the bank or card account it was paid from, and none was given",
        )
        return
    account_type = str(book.accounts[account_id].get("AccountType", ""))
    body["PaymentType"] = PAYMENT_TYPES.get(account_type, "Cash")
    body["AccountRef"] = {"value": account_id}


def _line(line: LineDraft, number: int, sales: bool, book: ReferenceBook, problems: _Problems) -> dict[str, Any]:
    amount = to_money(line.line_amount)
    body: dict[str, Any] = {"Amount": amount, "Description": line.description}
    tax = None
    if line.tax_code:
        if book.tax_code_exists(line.tax_code):
            tax = {"value": line.tax_code}
        else:
            problems.add(
                ProblemKind.UNKNOWN_TAX, f"line {number}: tax code {line.tax_code!r} is not in QuickBooks Online"
            )
    item_id = book.item_id(line.item_code) if line.item_code else None
    if line.item_code and item_id is None:
        problems.add(ProblemKind.UNKNOWN_ITEM, f"line {number}: product {line.item_code!r} is not in QuickBooks Online")
    if sales or item_id is not None or line.item_code:
        if sales and not line.item_code:
            problems.add(
                ProblemKind.UNKNOWN_ITEM,
                f"line {number}: QuickBooks Online posts invoice lines through a product or service; "
                "this line has none",
            )
        detail: dict[str, Any] = {
            "ItemRef": {"value": item_id or ""},
            "Qty": line.quantity,
            "UnitPrice": line.unit_amount,
        }
        detail_type = "SalesItemLineDetail" if sales else "ItemBasedExpenseLineDetail"
    else:
        account_id = book.account_id(line.account_code) if line.account_code else None
        if account_id is None:
            problems.add(
                ProblemKind.UNKNOWN_ACCOUNT,
                f"line {number}: account {line.account_code!r} is not in QuickBooks Online"
                if line.account_code
                else f"line {number}: an expense line needs an account or a product",
            )
        detail = {"AccountRef": {"value": account_id or ""}}
        detail_type = "AccountBasedExpenseLineDetail"
    if tax is not None:
        detail["TaxCodeRef"] = tax
    body["DetailType"] = detail_type
    body[detail_type] = detail
    return body


def prepare_contact(draft: ContactDraft) -> Prepared:
    entity = "Customer" if draft.role is PartyRole.CUSTOMER else "Vendor"
    body: dict[str, Any] = {"DisplayName": draft.name, "CompanyName": draft.name}
    if draft.number:
        body["AcctNum"] = draft.number
    if draft.email:
        body["PrimaryEmailAddr"] = {"Address": draft.email}
    if draft.currency:
        body["CurrencyRef"] = {"value": draft.currency}
    return Prepared(entity, body)


def prepare_item(draft: ItemDraft, book: ReferenceBook) -> Prepared:
    problems = _Problems()
    body: dict[str, Any] = {"Name": draft.code, "Type": "Service", "Description": draft.description or draft.name}
    income = book.account_id(draft.sales_account_code) if draft.sales_account_code else None
    if income is None:
        problems.add(
            ProblemKind.UNKNOWN_ACCOUNT,
            f"QuickBooks Online needs an income account for product {draft.code!r}; "
            + (f"account {draft.sales_account_code!r} is not there" if draft.sales_account_code else "none was given"),
        )
    body["IncomeAccountRef"] = {"value": income or ""}
    if draft.purchase_account_code:
        expense = book.account_id(draft.purchase_account_code)
        if expense is None:
            problems.add(
                ProblemKind.UNKNOWN_ACCOUNT, f"account {draft.purchase_account_code!r} is not in QuickBooks Online"
            )
        body["ExpenseAccountRef"] = {"value": expense or ""}
    if draft.sales_unit_price is not None:
        body["UnitPrice"] = draft.sales_unit_price
    if draft.purchase_unit_price is not None:
        body["PurchaseCost"] = draft.purchase_unit_price
    if problems.found:
        return Prepared("Item", None, tuple(problems.found))
    return Prepared("Item", body)
