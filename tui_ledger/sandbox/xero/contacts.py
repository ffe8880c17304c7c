"""Contacts: customers and suppliers in one entity, with Xero's uniqueness rules.

* `Name` must be unique among ACTIVE contacts (case-insensitive): the spec's 400 example message.
* `ContactNumber` (the "contact code", settable only through the API) identifies one contact.
* `IsCustomer` / `IsSupplier` are read-only: they turn true when a sales or purchase document is raised
  against the contact, never from what a client sends.
* PUT creates only; POST updates the contact matched by `ContactID`, then `ContactNumber`, then `Name`,
  or creates it.
* A document naming a contact Xero does not know (by `Name` only) creates that contact, as the real API
  does; that is why a careful client sends the `ContactID`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tui_ledger.sandbox.xero.elements import ElementOutcome
from tui_ledger.sandbox.xero.ledger import Ledger
from tui_ledger.sandbox.xero.store import Collection, Record
from tui_ledger.sandbox.xero.wire import ms_datetime

CONTACT_STATUSES = ("ACTIVE", "ARCHIVED", "GDPRREQUEST")
WRITABLE_TEXT_FIELDS = (
    "ContactNumber",
    "AccountNumber",
    "Name",
    "FirstName",
    "LastName",
    "EmailAddress",
    "TaxNumber",
    "AccountsReceivableTaxType",
    "AccountsPayableTaxType",
    "DefaultCurrency",
    "SalesDefaultAccountCode",
    "PurchasesDefaultAccountCode",
    "BankAccountDetails",
    "CompanyNumber",
)
MAX_LENGTHS = {"Name": 255, "ContactNumber": 50, "AccountNumber": 50, "FirstName": 255, "LastName": 255}


def name_taken_message(name: str) -> str:
    return (
        f"The contact name {name} is already assigned to another contact. "
        "The contact name must be unique across all active contacts."
    )


IdFactory = Callable[[], str]


def random_id() -> str:
    return str(uuid.uuid4())


def new_contact(name: str, now: datetime, new_id: IdFactory = random_id, **fields: Any) -> Record:
    """A contact record in wire shape, with the empty collections Xero always returns."""
    record: Record = {
        "ContactID": new_id(),
        "ContactStatus": "ACTIVE",
        "Name": name,
        "BankAccountDetails": "",
        "Addresses": [],
        "Phones": [],
        "UpdatedDateUTC": ms_datetime(now),
        "ContactGroups": [],
        "IsSupplier": False,
        "IsCustomer": False,
        "ContactPersons": [],
        "HasAttachments": False,
        "HasValidationErrors": False,
    }
    record.update({key: value for key, value in fields.items() if value is not None})
    return record


def contact_summary(contact: Record) -> Record:
    """The contact as embedded in a document."""
    summary = {"ContactID": contact["ContactID"], "Name": contact["Name"]}
    for key in ("ContactNumber", "ContactStatus"):
        if contact.get(key):
            summary[key] = contact[key]
    summary.update({"Addresses": [], "Phones": [], "ContactGroups": [], "ContactPersons": []})
    summary["HasValidationErrors"] = False
    return summary


class ContactWriter:
    """Applies Contacts PUT/POST elements inside the caller's transaction."""

    def __init__(self, ledger: Ledger, now: datetime, new_id: IdFactory = random_id) -> None:
        self.ledger = ledger
        self.store = ledger.store
        self.now = now
        self.new_id = new_id

    def apply(self, element: Record, *, create_only: bool) -> ElementOutcome:
        outcome = ElementOutcome(echo=element)
        existing = None if create_only else self._match(element)
        if create_only and element.get("ContactID"):
            existing_by_id = self.ledger.contact(str(element["ContactID"]))
            if existing_by_id is not None:
                outcome.errors.append("A contact with this ContactID already exists. Use POST to update it.")
                return outcome
        record = dict(existing) if existing else new_contact("", self.now, self.new_id)
        for key in WRITABLE_TEXT_FIELDS:
            if key in element and element[key] is not None:
                record[key] = str(element[key]).strip() if key == "Name" else element[key]
        for key in ("Addresses", "Phones", "ContactPersons"):
            if isinstance(element.get(key), list):
                record[key] = element[key]
        if "ContactStatus" in element:
            if element["ContactStatus"] not in CONTACT_STATUSES:
                outcome.errors.append(f"ContactStatus must be one of {', '.join(CONTACT_STATUSES)}")
            else:
                record["ContactStatus"] = element["ContactStatus"]
        outcome.errors.extend(self._problems(record))
        if outcome.errors:
            return outcome
        record["UpdatedDateUTC"] = ms_datetime(self.now)
        self.save(record)
        outcome.record = record
        return outcome

    def _match(self, element: Record) -> Record | None:
        if element.get("ContactID"):
            return self.ledger.contact(str(element["ContactID"]))
        if element.get("ContactNumber"):
            found = self.ledger.contact_by_number(str(element["ContactNumber"]))
            if found is not None:
                return found
        if element.get("Name"):
            return self.ledger.active_contact_by_name(str(element["Name"]))
        return None

    def _problems(self, record: Record) -> list[str]:
        problems: list[str] = []
        name = str(record.get("Name") or "").strip()
        if not name:
            problems.append("The contact name must be specified.")
        for key, limit in MAX_LENGTHS.items():
            if len(str(record.get(key) or "")) > limit:
                problems.append(f"{key} must not be longer than {limit} characters.")
        if name and record.get("ContactStatus", "ACTIVE") == "ACTIVE":
            clash = self.ledger.active_contact_by_name(name)
            if clash is not None and clash["ContactID"] != record["ContactID"]:
                problems.append(name_taken_message(name))
        number = record.get("ContactNumber")
        if number:
            holder = self.ledger.contact_by_number(str(number))
            if holder is not None and holder["ContactID"] != record["ContactID"]:
                problems.append("Another contact has this contact number.")
        return problems

    def save(self, record: Record) -> None:
        self.store.put(
            self.ledger.tenant_id,
            Collection.CONTACTS,
            record["ContactID"],
            record,
            number=record.get("ContactNumber") or None,
            name=record["Name"],
        )

    def create_by_name(self, name: str) -> Record:
        """The contact a document creates when it names one Xero does not know."""
        record = new_contact(name.strip(), self.now, self.new_id)
        self.save(record)
        return record

    def mark_role(self, contact: Record, *, customer: bool) -> Record:
        """Set IsCustomer (sales documents) or IsSupplier (purchase documents) once a document is raised."""
        flag = "IsCustomer" if customer else "IsSupplier"
        if contact.get(flag):
            return contact
        updated = {**contact, flag: True, "UpdatedDateUTC": ms_datetime(self.now)}
        self.save(updated)
        return updated
