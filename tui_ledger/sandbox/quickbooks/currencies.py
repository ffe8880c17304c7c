"""Which currency a customer or vendor is held in: the home currency, or one the company records besides it.

A multicurrency QuickBooks company holds each customer and vendor in one currency (CurrencyRef): the home currency
unless another is given when it is created, and then only a currency the company has added (an active
CompanyCurrency). It cannot be changed afterwards, and a transaction to the party must be in it
(transactions.py), which is why a CAD invoice to a customer held in USD is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_ledger.sandbox.quickbooks.faults import business_validation, required_param_missing
from tui_ledger.sandbox.quickbooks.rules import RuleContext
from tui_ledger.sandbox.quickbooks.store import StoredEntity

HOME_CURRENCY = "USD"
HOME_CURRENCY_REF = {"value": HOME_CURRENCY, "name": "United States Dollar"}


def hold_party_currency(ctx: RuleContext, body: dict[str, Any], existing: StoredEntity | None, role: str) -> None:
    """Set `body["CurrencyRef"]` to the currency the party is held in, or answer QBO's Fault for one it cannot be."""
    current = existing.body.get("CurrencyRef") if existing is not None else None
    wanted = body.get("CurrencyRef")
    if wanted is None:
        body["CurrencyRef"] = dict(current or HOME_CURRENCY_REF)
        return
    code = str(wanted.get("value") or "").strip().upper() if isinstance(wanted, Mapping) else ""
    if not code:
        raise required_param_missing("CurrencyRef.value")
    if isinstance(current, Mapping) and current.get("value") != code:
        raise business_validation(
            f"You can't change the currency of this {role}: it is held in {current.get('value')}.", "CurrencyRef"
        )
    body["CurrencyRef"] = {"value": code, "name": _currency_name(ctx, code, role)}


def _currency_name(ctx: RuleContext, code: str, role: str) -> str:
    if code == HOME_CURRENCY:
        return HOME_CURRENCY_REF["name"]
    for currency in ctx.store.live(ctx.realm_id, "CompanyCurrency"):
        if currency.body.get("Code") == code and currency.body.get("Active", True) is not False:
            return str(currency.body.get("Name") or code)
    raise business_validation(
        f"The currency {code} is not one of this company's currencies; add it before giving a {role} that currency.",
        "CurrencyRef",
    )
