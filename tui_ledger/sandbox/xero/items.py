"""Items (products and services): `Code` is required, at most 30 characters and unique; `Name` at most 50.

Sales and purchase details name accounts that must exist and be ACTIVE, as on document lines. PUT creates
only; POST updates the item matched by `ItemID` or `Code`, or creates it.
"""

from __future__ import annotations

from datetime import datetime

from tui_ledger.sandbox.xero.contacts import IdFactory, random_id
from tui_ledger.sandbox.xero.elements import ElementOutcome
from tui_ledger.sandbox.xero.ledger import Ledger
from tui_ledger.sandbox.xero.store import Collection, Record
from tui_ledger.sandbox.xero.wire import WireValueError, ms_datetime, parse_amount

MAX_CODE = 30
MAX_NAME = 50
MAX_DESCRIPTION = 4000


def new_item(code: str, now: datetime, new_id: IdFactory = random_id) -> Record:
    return {
        "ItemID": new_id(),
        "Code": code,
        "IsSold": True,
        "IsPurchased": True,
        "IsTrackedAsInventory": False,
        "UpdatedDateUTC": ms_datetime(now),
    }


class ItemWriter:
    """Applies Items PUT/POST elements inside the caller's transaction."""

    def __init__(self, ledger: Ledger, now: datetime, new_id: IdFactory = random_id) -> None:
        self.ledger = ledger
        self.now = now
        self.new_id = new_id

    def apply(self, element: Record, *, create_only: bool) -> ElementOutcome:
        outcome = ElementOutcome(echo=element)
        code = str(element.get("Code") or "").strip()
        existing = self._match(element, code)
        if create_only and existing is not None:
            outcome.errors.append(f"Item code '{code}' already exists.")
            return outcome
        if not code and existing is None:
            outcome.errors.append("Item code must be specified.")
            return outcome
        record = dict(existing) if existing else new_item(code, self.now, self.new_id)
        if code:
            record["Code"] = code
        for key in ("Name", "Description", "PurchaseDescription", "IsSold", "IsPurchased"):
            if key in element and element[key] is not None:
                record[key] = element[key]
        for key in ("SalesDetails", "PurchaseDetails"):
            if isinstance(element.get(key), dict):
                record[key] = self._details(element[key], key, outcome.errors)
        outcome.errors.extend(self._problems(record))
        if outcome.errors:
            return outcome
        record["UpdatedDateUTC"] = ms_datetime(self.now)
        self.ledger.store.put(
            self.ledger.tenant_id,
            Collection.ITEMS,
            record["ItemID"],
            record,
            number=record["Code"],
            name=record.get("Name"),
        )
        self.ledger.items_by_code[record["Code"].upper()] = record
        outcome.record = record
        return outcome

    def _match(self, element: Record, code: str) -> Record | None:
        if element.get("ItemID"):
            return self.ledger.store.get(self.ledger.tenant_id, Collection.ITEMS, str(element["ItemID"]))
        return self.ledger.items_by_code.get(code.upper()) if code else None

    def _details(self, given: Record, key: str, errors: list[str]) -> Record:
        details: Record = {}
        if given.get("UnitPrice") is not None:
            try:
                details["UnitPrice"] = parse_amount(given["UnitPrice"], f"{key}.UnitPrice")
            except WireValueError as exc:
                errors.append(str(exc))
        for field in ("AccountCode", "COGSAccountCode", "TaxType"):
            if given.get(field):
                details[field] = str(given[field])
        code = details.get("AccountCode")
        if code:
            account = self.ledger.accounts_by_code.get(code.upper())
            if account is None:
                errors.append(f"Account code '{code}' is not a valid code.")
            elif account.get("Status") != "ACTIVE":
                errors.append(f"Account code '{code}' has been archived, or has been deleted.")
        tax_type = details.get("TaxType")
        if tax_type and tax_type.upper() not in self.ledger.tax_rates:
            errors.append(f"The TaxType code '{tax_type}' does not exist.")
        return details

    def _problems(self, record: Record) -> list[str]:
        problems: list[str] = []
        if len(record["Code"]) > MAX_CODE:
            problems.append(f"Item code must not be longer than {MAX_CODE} characters.")
        if len(str(record.get("Name") or "")) > MAX_NAME:
            problems.append(f"Item name must not be longer than {MAX_NAME} characters.")
        if len(str(record.get("Description") or "")) > MAX_DESCRIPTION:
            problems.append(f"Item description must not be longer than {MAX_DESCRIPTION} characters.")
        holder = self.ledger.items_by_code.get(record["Code"].upper())
        if holder is not None and holder["ItemID"] != record["ItemID"]:
            problems.append(f"Item code '{record['Code']}' already exists.")
        return problems
