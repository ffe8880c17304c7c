"""The QuickBooks entities the sandbox serves, and what each allows.

The endpoint of an entity is its lower-case name (`invoice`, `creditmemo`, ...), as in the reference's URI
patterns. Transactions can be deleted; only some can be voided (an invoice can, a bill cannot); name-list entities
are never deleted, only made inactive; tax codes and rates are read-only in the Accounting API, and so, in the
sandbox, are the company's currencies (the seed decides which a multicurrency company has).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntityKind:
    name: str
    is_transaction: bool
    writable: bool = True
    can_void: bool = False

    @property
    def endpoint(self) -> str:
        return self.name.lower()

    @property
    def can_delete(self) -> bool:
        return self.is_transaction


INVOICE = EntityKind("Invoice", is_transaction=True, can_void=True)
CREDIT_MEMO = EntityKind("CreditMemo", is_transaction=True)
BILL = EntityKind("Bill", is_transaction=True)
PURCHASE = EntityKind("Purchase", is_transaction=True)
CUSTOMER = EntityKind("Customer", is_transaction=False)
VENDOR = EntityKind("Vendor", is_transaction=False)
EMPLOYEE = EntityKind("Employee", is_transaction=False)
ITEM = EntityKind("Item", is_transaction=False)
ACCOUNT = EntityKind("Account", is_transaction=False)
TAX_CODE = EntityKind("TaxCode", is_transaction=False, writable=False)
TAX_RATE = EntityKind("TaxRate", is_transaction=False, writable=False)
COMPANY_CURRENCY = EntityKind("CompanyCurrency", is_transaction=False, writable=False)

ALL_KINDS = (
    INVOICE,
    CREDIT_MEMO,
    BILL,
    PURCHASE,
    CUSTOMER,
    VENDOR,
    EMPLOYEE,
    ITEM,
    ACCOUNT,
    TAX_CODE,
    TAX_RATE,
    COMPANY_CURRENCY,
)
BY_NAME = {kind.name: kind for kind in ALL_KINDS}
BY_ENDPOINT = {kind.endpoint: kind for kind in ALL_KINDS}
PEOPLE = ("Customer", "Vendor", "Employee")
"""DisplayName is unique across these three (error 6240)."""
