"""The company's lists, by the codes tui-ledger speaks and the Ids QuickBooks wants.

Workflows name things by code: an account by its number (QBO `AcctNum`), an item by its name, a customer or
supplier by its display name. QBO references everything by Id. The book holds both directions for one company,
read once per connector (and again after tui-ledger creates customers or items), so that building thirty
documents does not cost thirty look-ups.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tui_ledger.domain.accounting import PartyRef, PartyRole


def _folded(name: str) -> str:
    """QBO compares display names without regard to case (a duplicate is a duplicate in any case)."""
    return " ".join(name.split()).casefold()


@dataclass
class ReferenceBook:
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    vendors: dict[str, dict[str, Any]] = field(default_factory=dict)
    employees: dict[str, dict[str, Any]] = field(default_factory=dict)
    tax_codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tax_rates: dict[str, dict[str, Any]] = field(default_factory=dict)
    _account_by_number: dict[str, str] = field(default_factory=dict)
    _item_by_name: dict[str, str] = field(default_factory=dict)
    _party_by_name: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, lists: Mapping[str, Iterable[dict[str, Any]]]) -> ReferenceBook:
        """Build from query results keyed by entity name (Account, Item, Customer, Vendor, Employee, TaxCode...)."""

        def by_id(entity: str) -> dict[str, dict[str, Any]]:
            return {str(row["Id"]): row for row in lists.get(entity, ()) if "Id" in row}

        book = cls(
            accounts=by_id("Account"),
            items=by_id("Item"),
            customers=by_id("Customer"),
            vendors=by_id("Vendor"),
            employees=by_id("Employee"),
            tax_codes=by_id("TaxCode"),
            tax_rates=by_id("TaxRate"),
        )
        for account_id, account in book.accounts.items():
            if account.get("AcctNum"):
                book._account_by_number[str(account["AcctNum"])] = account_id
        for item_id, item in book.items.items():
            book._item_by_name[_folded(str(item.get("Name", "")))] = item_id
        for role, rows in (("Customer", book.customers), ("Vendor", book.vendors), ("Employee", book.employees)):
            book._party_by_name[role] = {
                _folded(str(row.get("DisplayName", ""))): party_id for party_id, row in rows.items()
            }
        return book

    def account_id(self, code: str) -> str | None:
        return self._account_by_number.get(code) or (code if code in self.accounts else None)

    def account_code(self, account_id: str | None) -> str | None:
        account = self.accounts.get(account_id or "")
        return str(account["AcctNum"]) if account and account.get("AcctNum") else None

    def item_id(self, code: str) -> str | None:
        return self._item_by_name.get(_folded(code))

    def tax_code_exists(self, code: str) -> bool:
        return code in self.tax_codes or code in ("TAX", "NON")

    def party_id(self, party: PartyRef, role: PartyRole | None) -> tuple[str, str] | None:
        """(entity, Id) of a customer, supplier or, for purchases, an employee: by Id where given, else by name."""
        entities = {
            PartyRole.CUSTOMER: ("Customer",),
            PartyRole.SUPPLIER: ("Vendor",),
            None: ("Vendor", "Employee", "Customer"),
        }[role]
        for entity in entities:
            rows = {"Customer": self.customers, "Vendor": self.vendors, "Employee": self.employees}[entity]
            if party.id and party.id in rows:
                return entity, party.id
            if party.name:
                found = self._party_by_name.get(entity, {}).get(_folded(party.name))
                if found:
                    return entity, found
        return None

    def rate_of(self, tax_code: dict[str, Any]) -> Any:
        """A tax code's sales rate in percent: the sum of its sales tax rates' RateValue."""
        total = 0
        for entry in (tax_code.get("SalesTaxRateList") or {}).get("TaxRateDetail", []):
            rate = self.tax_rates.get(str((entry.get("TaxRateRef") or {}).get("value", "")))
            if rate is not None:
                total += rate.get("RateValue", 0)
        return total
