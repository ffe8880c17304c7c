"""Rules for the transactions tui-ledger writes: Invoice, CreditMemo (sales) and Bill, Purchase (expenses).

Each rule checks a body the way QBO does (required references, active accounts and items, tax codes that exist,
Amount = Qty x UnitPrice, a positive total, document numbers unique per type), then fills in what QBO computes:
line Ids, reference names, the sub-total line, TotalAmt, Balance and default dates. It returns the columns the
store indexes the entity by. Sales tax is computed from each line's tax code and its rates (no automated
sales tax in the sandbox); a client that states `TxnTaxDetail.TotalTax` overrides it, as QBO allows.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tui_ledger.sandbox.quickbooks.currencies import HOME_CURRENCY_REF
from tui_ledger.sandbox.quickbooks.faults import (
    amount_mismatch,
    business_validation,
    duplicate_doc_number,
    required_param_missing,
)
from tui_ledger.sandbox.quickbooks.kinds import PEOPLE
from tui_ledger.sandbox.quickbooks.rules import CENT, RuleContext, money, reference_to
from tui_ledger.sandbox.quickbooks.store import EntityIndex, StoredEntity

DOC_NUMBER_MAX = 21
AUTO_GENERATE = "AUTO_GENERATE"
US_TAX_CODES = {"TAX": "TAX", "NON": "NON"}
"""US companies mark lines taxable or not with these two pseudo-codes instead of TaxCode Ids."""
SALES_LINE_TYPES = frozenset({"SalesItemLineDetail", "DescriptionOnly", "DiscountLineDetail", "SubTotalLineDetail"})
EXPENSE_LINE_TYPES = frozenset({"AccountBasedExpenseLineDetail", "ItemBasedExpenseLineDetail"})

TransactionRule = Callable[[RuleContext, dict[str, Any], StoredEntity | None], EntityIndex]


def invoice_rule(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None) -> EntityIndex:
    return _sales(ctx, body, existing, "Invoice")


def credit_memo_rule(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None) -> EntityIndex:
    return _sales(ctx, body, existing, "CreditMemo")


def bill_rule(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None) -> EntityIndex:
    vendor = ctx.require(body, "VendorRef", ("Vendor",))
    body["VendorRef"] = reference_to(vendor)
    _currency(body, vendor, "vendor")
    if "APAccountRef" in body:
        account = ctx.require(body, "APAccountRef", ("Account",))
        if account.body.get("AccountType") != "Accounts Payable":
            raise business_validation("APAccountRef must be an Accounts Payable account.", "APAccountRef")
        body["APAccountRef"] = reference_to(account, "Name")
    total = _expense_lines(ctx, body)
    _dates(ctx, body, due=True)
    doc_number = _doc_number(ctx, body, existing, "Bill", party_id=vendor.id)
    body["TotalAmt"] = total
    body["Balance"] = total
    return EntityIndex(doc_number=doc_number, party_id=vendor.id)


def purchase_rule(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None) -> EntityIndex:
    payment_type = body.get("PaymentType")
    if not payment_type:
        raise required_param_missing("PaymentType")
    account = ctx.require(body, "AccountRef", ("Account",))
    wanted = "Credit Card" if payment_type == "CreditCard" else "Bank"
    if account.body.get("AccountType") != wanted:
        raise business_validation(
            f"A {payment_type} purchase must be paid from a {wanted} account, not {account.body.get('AccountType')}.",
            "AccountRef",
        )
    body["AccountRef"] = reference_to(account, "Name")
    party_id = None
    if "EntityRef" in body:
        kind = body["EntityRef"].get("type") if isinstance(body["EntityRef"], dict) else None
        party = ctx.require(body, "EntityRef", (kind,) if kind in PEOPLE else PEOPLE)
        body["EntityRef"] = {**reference_to(party), "type": party.kind}
        party_id = party.id
    total = _expense_lines(ctx, body)
    _dates(ctx, body, due=False)
    doc_number = _doc_number(ctx, body, existing, "Purchase", party_id=None, unique=False)
    body["TotalAmt"] = total
    return EntityIndex(doc_number=doc_number, party_id=party_id)


def _sales(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None, kind: str) -> EntityIndex:
    customer = ctx.require(body, "CustomerRef", ("Customer",))
    body["CustomerRef"] = reference_to(customer)
    _currency(body, customer, "customer")
    tally = _TaxTally(body)
    subtotal = _sales_lines(ctx, body, tally)
    total = subtotal + tally.tax_to_add()
    if total < 0:
        raise business_validation("Transaction amount must be positive.", "TotalAmt")
    _dates(ctx, body, due=kind == "Invoice")
    doc_number = _doc_number(ctx, body, existing, kind, party_id=None)
    body["Line"].append({"Amount": subtotal, "DetailType": "SubTotalLineDetail", "SubTotalLineDetail": {}})
    body["TotalAmt"] = total
    body["Balance"] = total
    if kind == "CreditMemo":
        body["RemainingCredit"] = total
    return EntityIndex(doc_number=doc_number, party_id=customer.id)


def _currency(body: dict[str, Any], party: StoredEntity, role: str) -> None:
    """A transaction is in its customer's or vendor's currency (multicurrency companies); QBO refuses others."""
    party_currency = party.body.get("CurrencyRef") or HOME_CURRENCY_REF
    wanted = body.get("CurrencyRef")
    if isinstance(wanted, dict) and wanted.get("value") != party_currency.get("value"):
        raise business_validation(
            f"The currency of the transaction ({wanted.get('value')}) must match the currency of the {role} "
            f"({party_currency.get('value')}).",
            "CurrencyRef",
        )
    body["CurrencyRef"] = dict(party_currency)


def _lines(body: dict[str, Any], allowed: frozenset[str], kind_label: str) -> list[dict[str, Any]]:
    lines = [line for line in body.get("Line") or [] if line.get("DetailType") != "SubTotalLineDetail"]
    if not lines:
        raise required_param_missing("Line")
    for line in lines:
        detail_type = line.get("DetailType")
        if not detail_type:
            raise required_param_missing("Line.DetailType")
        if detail_type not in allowed:
            raise business_validation(f"{detail_type} lines are not allowed on {kind_label}.", "Line.DetailType")
    for number, line in enumerate(lines, start=1):
        line["Id"] = str(number)
        line["LineNum"] = number
    body["Line"] = lines
    return lines


def _sales_lines(ctx: RuleContext, body: dict[str, Any], tally: _TaxTally) -> Decimal:
    subtotal = Decimal("0.00")
    for line in _lines(body, SALES_LINE_TYPES, "a sales transaction"):
        detail_type = line["DetailType"]
        if detail_type == "DescriptionOnly":
            line.pop("Amount", None)
            continue
        if "Amount" not in line:
            raise required_param_missing("Line.Amount")
        amount = money(line["Amount"], "Line.Amount")
        line["Amount"] = amount
        if detail_type == "DiscountLineDetail":
            subtotal -= amount
            continue
        detail = line.get("SalesItemLineDetail")
        if not isinstance(detail, dict):
            raise required_param_missing("Line.SalesItemLineDetail")
        if "ItemRef" not in detail:
            continue
        item = ctx.require(detail, "ItemRef", ("Item",), "Line.SalesItemLineDetail")
        detail["ItemRef"] = reference_to(item, "Name")
        tally.add(amount, _tax_rate(ctx, detail, "Line.SalesItemLineDetail", "SalesTaxRateList"))
        _quantity_times_price(detail, amount)
        subtotal += amount
    return subtotal


def _expense_lines(ctx: RuleContext, body: dict[str, Any]) -> Decimal:
    tally = _TaxTally(body)
    total = Decimal("0.00")
    for line in _lines(body, EXPENSE_LINE_TYPES, "an expense transaction"):
        detail_type = line["DetailType"]
        if "Amount" not in line:
            raise required_param_missing("Line.Amount")
        amount = money(line["Amount"], "Line.Amount")
        line["Amount"] = amount
        detail = line.get(detail_type)
        if not isinstance(detail, dict):
            raise required_param_missing(f"Line.{detail_type}")
        path = f"Line.{detail_type}"
        if detail_type == "AccountBasedExpenseLineDetail":
            account = ctx.require(detail, "AccountRef", ("Account",), path)
            detail["AccountRef"] = reference_to(account, "Name")
        else:
            item = ctx.require(detail, "ItemRef", ("Item",), path)
            detail["ItemRef"] = reference_to(item, "Name")
            _quantity_times_price(detail, amount)
        customer = ctx.optional(detail, "CustomerRef", ("Customer",), path)
        if customer is not None:
            detail["CustomerRef"] = reference_to(customer)
        tally.add(amount, _tax_rate(ctx, detail, path, "PurchaseTaxRateList"))
        total += amount
    tax = tally.tax_to_add()
    if total + tax < 0:
        raise business_validation("Transaction amount must be positive.", "TotalAmt")
    return total + tax


def _tax_rate(ctx: RuleContext, detail: dict[str, Any], path: str, rate_list: str) -> Decimal:
    """The percentage the line's tax code charges (its rates added up); 0 without a code or for TAX/NON."""
    reference = detail.get("TaxCodeRef")
    if not isinstance(reference, dict) or str(reference.get("value", "")) in US_TAX_CODES:
        return Decimal("0")
    code = ctx.require(detail, "TaxCodeRef", ("TaxCode",), path)
    detail["TaxCodeRef"] = {"value": code.id}
    rate = Decimal("0")
    for entry in (code.body.get(rate_list) or {}).get("TaxRateDetail", []):
        tax_rate = ctx.store.get(ctx.realm_id, "TaxRate", str(entry.get("TaxRateRef", {}).get("value", "")))
        if tax_rate is not None:
            rate += Decimal(str(tax_rate.body.get("RateValue", 0)))
    return rate


class _TaxTally:
    """Sales tax of a transaction, computed from its lines' tax codes unless the client states the total.

    `TxnTaxDetail.TotalTax` sent by the client overrides the computation (what a PSA export does, so the total is
    the PSA's to the cent). `GlobalTaxCalculation` says whether line amounts exclude tax (the default), include it,
    or carry none.
    """

    def __init__(self, body: dict[str, Any]) -> None:
        self._body = body
        self._mode = body.get("GlobalTaxCalculation", "TaxExcluded")
        self._computed = Decimal("0")

    def add(self, amount: Decimal, rate: Decimal) -> None:
        if self._mode == "TaxInclusive":
            self._computed += amount * rate / (100 + rate)
        elif self._mode != "NotApplicable":
            self._computed += amount * rate / 100

    def tax_to_add(self) -> Decimal:
        """Record TotalTax on the body and answer what the total adds to the lines (nothing when included)."""
        detail = self._body.get("TxnTaxDetail")
        stated = detail.get("TotalTax") if isinstance(detail, dict) else None
        tax = money(stated, "TxnTaxDetail.TotalTax") if stated is not None else self._computed.quantize(CENT)
        self._body["TxnTaxDetail"] = {**(detail if isinstance(detail, dict) else {}), "TotalTax": tax}
        return Decimal("0.00") if self._mode == "TaxInclusive" else tax


def _quantity_times_price(detail: dict[str, Any], amount: Decimal) -> None:
    """QBO insists Amount equals Qty x UnitPrice when both are given (6070); it derives the missing one."""
    quantity = detail.get("Qty")
    price = detail.get("UnitPrice")
    if quantity is not None and price is not None:
        expected = (Decimal(str(quantity)) * Decimal(str(price))).quantize(CENT, rounding=ROUND_HALF_UP)
        if expected != amount:
            raise amount_mismatch(str(amount))
    elif quantity is not None and Decimal(str(quantity)) != 0:
        detail["UnitPrice"] = amount / Decimal(str(quantity))
    elif price is not None and Decimal(str(price)) != 0:
        detail["Qty"] = amount / Decimal(str(price))


def _dates(ctx: RuleContext, body: dict[str, Any], due: bool) -> None:
    body.setdefault("TxnDate", ctx.today().isoformat())
    if due:
        body.setdefault("DueDate", body["TxnDate"])


def _doc_number(
    ctx: RuleContext,
    body: dict[str, Any],
    existing: StoredEntity | None,
    kind: str,
    party_id: str | None,
    unique: bool = True,
) -> str | None:
    """Check (or generate) DocNumber: at most 21 characters, unique per transaction type (per vendor for bills)."""
    doc_number = body.get("DocNumber")
    if doc_number == AUTO_GENERATE or (not doc_number and body.pop("AutoDocNumber", False)):
        doc_number = ctx.store.next_doc_number(ctx.realm_id)
        body["DocNumber"] = doc_number
    if not doc_number:
        return None
    doc_number = str(doc_number)
    if len(doc_number) > DOC_NUMBER_MAX:
        raise business_validation(
            "String length is either shorter or longer than supported by specification. "
            f"Min:0 Max:{DOC_NUMBER_MAX} supplied:{len(doc_number)}",
            "DocNumber",
        )
    if unique and ctx.realm.reject_duplicate_doc_numbers:
        for other in ctx.store.with_doc_number(ctx.realm_id, (kind,), doc_number):
            same_party = party_id is None or _party_of(other) == party_id
            if (existing is None or other.id != existing.id) and same_party:
                raise duplicate_doc_number(doc_number, kind, other.id)
    return doc_number


def _party_of(entity: StoredEntity) -> str | None:
    for field in ("VendorRef", "CustomerRef"):
        reference = entity.body.get(field)
        if isinstance(reference, dict):
            return str(reference.get("value"))
    return None
