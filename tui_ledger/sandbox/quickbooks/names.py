"""Rules for name-list entities: Customer, Vendor, Employee, Item and Account.

The rule that bites exports is uniqueness: a DisplayName is unique across customers, vendors AND employees (a
supplier cannot be created under the name of an existing customer: 6240), items are unique by Name, accounts by
Name and by account number. Names cannot contain a colon, which QBO uses to separate sub-customers and sub-items.
A customer or vendor is held in one currency (currencies.py).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tui_ledger.sandbox.quickbooks.currencies import hold_party_currency
from tui_ledger.sandbox.quickbooks.faults import business_validation, duplicate_name, required_param_missing
from tui_ledger.sandbox.quickbooks.kinds import PEOPLE
from tui_ledger.sandbox.quickbooks.rules import RuleContext, check_name, reference_to
from tui_ledger.sandbox.quickbooks.store import EntityIndex, StoredEntity

NameRule = Callable[[RuleContext, dict[str, Any], StoredEntity | None], EntityIndex]

_CLASSIFICATION = {
    "Bank": "Asset",
    "Accounts Receivable": "Asset",
    "Other Current Asset": "Asset",
    "Fixed Asset": "Asset",
    "Other Asset": "Asset",
    "Accounts Payable": "Liability",
    "Credit Card": "Liability",
    "Other Current Liability": "Liability",
    "Long Term Liability": "Liability",
    "Equity": "Equity",
    "Income": "Revenue",
    "Other Income": "Revenue",
    "Cost of Goods Sold": "Expense",
    "Expense": "Expense",
    "Other Expense": "Expense",
}
_HOLDER = {"Customer": "customer", "Vendor": "vendor", "Employee": "employee"}
_SOLD_TYPES = {"Service", "NonInventory", "Inventory"}


def person_rule(kind: str) -> NameRule:
    """Customer, Vendor or Employee: a DisplayName (from the name parts when absent), unique across all three."""

    def rule(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None) -> EntityIndex:
        display = body.get("DisplayName") or _composed_name(body)
        display = check_name(str(display or ""), "DisplayName", max_length=500)
        for other in ctx.store.with_name(ctx.realm_id, PEOPLE, display):
            if existing is None or other.id != existing.id:
                raise duplicate_name(_HOLDER[other.kind])
        body["DisplayName"] = display
        body["FullyQualifiedName"] = display
        body.setdefault("PrintOnCheckName", display)
        body.setdefault("Active", True)
        if kind in ("Customer", "Vendor"):
            body.setdefault("Balance", Decimal("0"))
            hold_party_currency(ctx, body, existing, _HOLDER[kind])
        return EntityIndex(name=display, active=bool(body["Active"]))

    return rule


def item_rule(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None) -> EntityIndex:
    name = check_name(str(body.get("Name") or ""), "Name")
    for other in ctx.store.with_name(ctx.realm_id, ("Item",), name):
        if existing is None or other.id != existing.id:
            raise duplicate_name("product or service")
    item_type = body.setdefault("Type", "Service")
    if item_type in _SOLD_TYPES:
        body["IncomeAccountRef"] = reference_to(ctx.require(body, "IncomeAccountRef", ("Account",)), "Name")
    for optional in ("ExpenseAccountRef", "AssetAccountRef"):
        account = ctx.optional(body, optional, ("Account",))
        if account is not None:
            body[optional] = reference_to(account, "Name")
    if item_type == "Inventory":
        for needed in ("AssetAccountRef", "QtyOnHand", "InvStartDate"):
            if needed not in body:
                raise required_param_missing(needed)
        body["TrackQtyOnHand"] = True
    body["Name"] = name
    body["FullyQualifiedName"] = name
    body.setdefault("Active", True)
    return EntityIndex(name=name, active=bool(body["Active"]))


def account_rule(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None) -> EntityIndex:
    name = check_name(str(body.get("Name") or ""), "Name")
    account_type = body.get("AccountType")
    if not account_type:
        raise required_param_missing("AccountType")
    for other in ctx.store.with_name(ctx.realm_id, ("Account",), name):
        if existing is None or other.id != existing.id:
            raise duplicate_name("account")
    number = body.get("AcctNum")
    if number:
        for other in ctx.store.live(ctx.realm_id, "Account"):
            if other.body.get("AcctNum") == number and (existing is None or other.id != existing.id):
                raise business_validation("Another account is already using this number.", "AcctNum")
    body["Name"] = name
    body["FullyQualifiedName"] = name
    body["Classification"] = _CLASSIFICATION.get(str(account_type), "Asset")
    body.setdefault("Active", True)
    body.setdefault("CurrentBalance", Decimal("0"))
    return EntityIndex(name=name, active=bool(body["Active"]))


def _composed_name(body: dict[str, Any]) -> str:
    parts = [body.get(field) for field in ("Title", "GivenName", "MiddleName", "FamilyName", "Suffix")]
    composed = " ".join(str(part) for part in parts if part)
    return composed or str(body.get("CompanyName") or "")
