"""Invoices and credit notes: validation, totals, numbering and the status rules of Xero.

One writer serves both collections (`INVOICES`: ACCREC sales invoices and ACCPAY bills; `CREDIT_NOTES`:
ACCRECCREDIT and ACCPAYCREDIT), because Xero treats them alike. The rules, with the package's own messages
where they are known:

* Numbers: ACCREC and ACCRECCREDIT numbers are unique among documents that are not DELETED ("Invoice # must
  be unique.") and are generated (INV-0001, CN-0001) when absent; ACCPAY numbers are free text and may repeat.
  A VOIDED document keeps its number, so a voided invoice's number cannot be used again.
* Lines: account codes must exist and be ACTIVE (the archived-account message), not a bank or control
  account; tax types must exist and be ACTIVE; item codes must exist and supply defaults; at most two
  tracking categories, by name and option; discounts only on ACCREC; no negative quantities; a document
  total may not be negative (a negative PSA invoice goes to Xero as a credit note).
* Amounts: `UnitAmount` is kept to 2 decimals (4 with `unitdp=4`); `LineAmount` = Quantity times UnitAmount less
  discount, rounded half away from zero; tax per line from the tax rate's effective rate, Exclusive or
  Inclusive; `SubTotal`, `TotalTax`, `Total` from the lines.
* Status: created as DRAFT unless SUBMITTED or AUTHORISED is asked; DELETED only from DRAFT or SUBMITTED;
  VOIDED only from AUTHORISED without payments; VOIDED, DELETED and PAID documents cannot be edited.
* Dates on or before the organisation's lock date are refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from tui_ledger.sandbox.xero.contacts import ContactWriter, IdFactory, contact_summary, random_id
from tui_ledger.sandbox.xero.elements import ElementOutcome
from tui_ledger.sandbox.xero.ledger import Ledger, public
from tui_ledger.sandbox.xero.store import Collection, Record
from tui_ledger.sandbox.xero.wire import (
    UNIT_2DP,
    UNIT_4DP,
    WireValueError,
    date_string,
    datetime_string,
    money,
    ms_date,
    ms_datetime,
    parse_amount,
    parse_request_date,
)

QUANTITY_PLACES = Decimal("0.0001")
EDITABLE = ("DRAFT", "SUBMITTED", "AUTHORISED")
CREATE_STATUSES = ("DRAFT", "SUBMITTED", "AUTHORISED")
LINE_AMOUNT_TYPES = ("Exclusive", "Inclusive", "NoTax")
MAX_TRACKING = 2
MAX_NUMBER_LENGTH = 255
NOT_ON_LINES_SYSTEM_ACCOUNTS = ("DEBTORS", "CREDITORS")
CREATED_BY_APP = "_CreatedByApp"
CONTACT_IDENTIFY_MESSAGE = (
    "The Contact must contain at least 1 of the following elements to identify the contact: "
    "Name, ContactID, ContactNumber"
)


@dataclass(frozen=True, slots=True)
class DocumentFlavour:
    """What differs between the Invoices and the CreditNotes endpoints."""

    collection: Collection
    label: str
    id_field: str
    number_field: str
    types: tuple[str, ...]
    sales_type: str
    number_prefix: str
    duplicate_message: str

    @property
    def plural(self) -> str:
        return self.collection.value


INVOICES = DocumentFlavour(
    collection=Collection.INVOICES,
    label="Invoice",
    id_field="InvoiceID",
    number_field="InvoiceNumber",
    types=("ACCREC", "ACCPAY"),
    sales_type="ACCREC",
    number_prefix="INV-",
    duplicate_message="Invoice # must be unique.",
)
CREDIT_NOTES = DocumentFlavour(
    collection=Collection.CREDIT_NOTES,
    label="Credit Note",
    id_field="CreditNoteID",
    number_field="CreditNoteNumber",
    types=("ACCRECCREDIT", "ACCPAYCREDIT"),
    sales_type="ACCRECCREDIT",
    number_prefix="CN-",
    duplicate_message="Credit Note # must be unique.",
)


@dataclass(slots=True)
class _Line:
    record: Record
    line_amount: Decimal
    tax_amount: Decimal
    discount: Decimal


class DocumentWriter:
    """Applies PUT/POST elements of one collection inside the caller's transaction."""

    def __init__(
        self,
        flavour: DocumentFlavour,
        ledger: Ledger,
        contacts: ContactWriter,
        *,
        now: datetime,
        client_id: str,
        unit_places: int = 2,
        new_id: IdFactory = random_id,
    ) -> None:
        self.flavour = flavour
        self.new_id = new_id
        self.ledger = ledger
        self.store = ledger.store
        self.contacts = contacts
        self.now = now
        self.client_id = client_id
        self.unit_quantum = UNIT_4DP if unit_places == 4 else UNIT_2DP

    # -- entry points

    def apply(self, element: Record, *, create_only: bool) -> ElementOutcome:
        """One element of a PUT (create only) or POST (update or create) call."""
        flavour = self.flavour
        if create_only:
            given_id = element.get(flavour.id_field)
            if given_id and self.store.get(self.ledger.tenant_id, flavour.collection, str(given_id)):
                outcome = ElementOutcome(echo=element)
                outcome.errors.append(f"This {flavour.label} already exists. Use POST to update it.")
                return outcome
            return self._build(element, existing=None)
        existing = self.match(element)
        return self._update(existing, element) if existing else self._build(element, existing=None)

    def update(self, existing: Record, element: Record) -> ElementOutcome:
        """POST /{collection}/{id}: the element changes the document the path names."""
        return self._update(existing, element)

    def match(self, element: Record) -> Record | None:
        """The document a POST element updates: by id, else (sales documents) by number."""
        flavour = self.flavour
        tenant = self.ledger.tenant_id
        if element.get(flavour.id_field):
            return self.store.get(tenant, flavour.collection, str(element[flavour.id_field]))
        number = str(element.get(flavour.number_field) or "").strip()
        if number and element.get("Type", flavour.sales_type) == flavour.sales_type:
            for record in self.store.by_numbers(tenant, flavour.collection, [number]):
                if record["Type"] == flavour.sales_type and record["Status"] != "DELETED":
                    return record
        return None

    # -- updates and status changes

    def _update(self, existing: Record, element: Record) -> ElementOutcome:
        outcome = ElementOutcome(echo=element)
        label = self.flavour.label
        current = existing["Status"]
        wanted = element.get("Status", current)
        if current in ("VOIDED", "DELETED"):
            outcome.errors.append(f"{label} not of valid status for modification")
            return outcome
        if current == "PAID":
            outcome.errors.append("This document cannot be edited as it has a payment or credit note allocated to it")
            return outcome
        if wanted == "DELETED":
            return self._remove(existing, outcome, "DELETED", allowed_from=("DRAFT", "SUBMITTED"))
        if wanted == "VOIDED":
            return self._remove(existing, outcome, "VOIDED", allowed_from=("AUTHORISED",))
        if wanted not in EDITABLE or (current == "AUTHORISED" and wanted != "AUTHORISED"):
            outcome.errors.append(f"{label} not of valid status for modification")
            return outcome
        merged = {**public(existing), **element}
        if "LineItems" not in element:
            merged["LineItems"] = existing.get("LineItems", [])
        return self._build(merged, existing=existing, echo=element)

    def _remove(
        self, existing: Record, outcome: ElementOutcome, status: str, allowed_from: tuple[str, ...]
    ) -> ElementOutcome:
        label = self.flavour.label
        if existing["Status"] not in allowed_from:
            outcome.errors.append(
                f"A {label.lower()} with status {existing['Status']} cannot be {status.lower()}; "
                f"only {' or '.join(allowed_from)} {label.lower()}s can."
            )
            return outcome
        if status == "VOIDED" and Decimal(existing.get("AmountPaid", 0) or 0) != 0:
            outcome.errors.append("This document cannot be edited as it has a payment or credit note allocated to it")
            return outcome
        record = {**existing, "Status": status, **self._stamp()}
        if self.flavour.collection is Collection.INVOICES:
            record["AmountDue"] = money(Decimal(0))
        else:
            record["RemainingCredit"] = money(Decimal(0))
        self._save(record)
        outcome.record = record
        return outcome

    # -- building a document

    def _build(self, element: Record, *, existing: Record | None, echo: Record | None = None) -> ElementOutcome:
        flavour = self.flavour
        outcome = ElementOutcome(echo=echo if echo is not None else element)
        errors = outcome.errors
        doc_type = element.get("Type")
        if doc_type not in flavour.types:
            errors.append(f"{flavour.label} Type must be one of {', '.join(flavour.types)}")
            return outcome
        status = element.get("Status", "DRAFT") if existing is None else element.get("Status", existing["Status"])
        if existing is None and status not in CREATE_STATUSES:
            errors.append(f"{flavour.label} not of valid status for creation")
        amount_types = element.get("LineAmountTypes", "Exclusive")
        if amount_types not in LINE_AMOUNT_TYPES:
            errors.append(f"LineAmountTypes must be one of {', '.join(LINE_AMOUNT_TYPES)}")
            amount_types = "Exclusive"
        contact = self._contact(element.get("Contact"), errors)
        issue_date = self._date(element, "Date", errors) or self.now.date()
        due_date = self._date(element, "DueDate", errors)
        lock = self.ledger.lock_date
        if lock is not None and issue_date <= lock:
            errors.append(f"The document date cannot be on or before the lock date of {lock.isoformat()}.")
        currency = str(element.get("CurrencyCode") or self.ledger.base_currency)
        if currency not in self.ledger.currencies:
            errors.append(f"The currency {currency} is not enabled for this organisation.")
        raw_lines = element.get("LineItems") or []
        if not isinstance(raw_lines, list):
            errors.append("LineItems must be a list")
            raw_lines = []
        if status in ("SUBMITTED", "AUTHORISED") and not raw_lines:
            errors.append(f"A {flavour.label.lower()} must have at least one line item to be approved.")
        lines = [
            line
            for index, raw in enumerate(raw_lines)
            if (line := self._line(raw, index, doc_type, amount_types, status, errors)) is not None
        ]
        number = self._number(element, doc_type, existing, errors)
        totals = _totals(lines, amount_types)
        if totals["Total"] < 0:
            errors.append(f"The {flavour.label.lower()} total must not be negative; raise a credit note instead.")
        if errors:
            return outcome
        if isinstance(contact, str):
            contact = self.contacts.create_by_name(contact)
        assert isinstance(contact, dict)
        contact = self.contacts.mark_role(contact, customer=doc_type == flavour.sales_type)
        record = self._record(element, existing, doc_type, status, contact, issue_date, due_date, currency)
        record.update(
            {
                flavour.number_field: number,
                "LineAmountTypes": amount_types,
                "LineItems": [line.record for line in lines],
                **totals,
            }
        )
        if flavour.collection is Collection.INVOICES:
            record["IsDiscounted"] = any(line.discount for line in lines)
            record["AmountDue"] = totals["Total"]
        else:
            record.pop("TotalDiscount")
            record["RemainingCredit"] = totals["Total"]
        self._save(record)
        outcome.record = record
        return outcome

    def _record(
        self,
        element: Record,
        existing: Record | None,
        doc_type: str,
        status: str,
        contact: Record,
        issue_date: date,
        due_date: date | None,
        currency: str,
    ) -> Record:
        flavour = self.flavour
        record_id = existing[flavour.id_field] if existing else self.new_id()
        record: Record = {
            "Type": doc_type,
            flavour.id_field: record_id,
            "Reference": str(element.get("Reference") or ""),
            "Prepayments": [],
            "Overpayments": [],
            "Payments": [],
            "AmountPaid": money(Decimal(0)),
            "AmountCredited": money(Decimal(0)),
            "SentToContact": False,
            "CurrencyRate": Decimal(str(element.get("CurrencyRate") or "1"))
            if currency != self.ledger.base_currency
            else Decimal("1.000000"),
            "HasErrors": False,
            "HasAttachments": False,
            "Contact": contact_summary(contact),
            "DateString": date_string(issue_date),
            "Date": ms_date(issue_date),
            "Status": status,
            "CurrencyCode": currency,
            **self._stamp(),
        }
        if flavour.collection is Collection.CREDIT_NOTES:
            record["ID"] = record_id
            record["Allocations"] = []
            for key in ("Prepayments", "Overpayments", "AmountCredited", "AmountPaid"):
                record.pop(key)
        else:
            record["CreditNotes"] = []
        if due_date is not None or flavour.collection is Collection.INVOICES:
            due = due_date or issue_date
            record["DueDateString"] = date_string(due)
            record["DueDate"] = ms_date(due)
        record[CREATED_BY_APP] = existing.get(CREATED_BY_APP) if existing else self.client_id
        return record

    def _stamp(self) -> Record:
        return {"UpdatedDateUTC": ms_datetime(self.now), "UpdatedDateUTCString": datetime_string(self.now)}

    def _save(self, record: Record) -> None:
        flavour = self.flavour
        self.store.put(
            self.ledger.tenant_id,
            flavour.collection,
            record[flavour.id_field],
            record,
            number=record.get(flavour.number_field) or None,
        )

    # -- parts

    def _contact(self, given: Any, errors: list[str]) -> Record | str | None:
        """The contact record, or the name of a contact to create once the element is known to be valid."""
        if not isinstance(given, dict) or not any(
            str(given.get(key) or "").strip() for key in ("ContactID", "ContactNumber", "Name")
        ):
            errors.append(CONTACT_IDENTIFY_MESSAGE)
            return None
        ledger = self.ledger
        name = str(given.get("Name") or "").strip()
        found: Record | None = None
        if given.get("ContactID"):
            found = ledger.contact(str(given["ContactID"]))
            if found is None:
                errors.append(f"The contact with ContactID {given['ContactID']} could not be found.")
                return None
        elif given.get("ContactNumber"):
            found = ledger.contact_by_number(str(given["ContactNumber"]))
            if found is None and not name:
                errors.append(f"The contact with ContactNumber {given['ContactNumber']} could not be found.")
                return None
        if found is None:
            found = ledger.active_contact_by_name(name)
            if found is None:
                return name
        if found.get("ContactStatus", "ACTIVE") != "ACTIVE":
            errors.append(f"The contact {found['Name']} is archived. Restore it or choose another contact.")
            return None
        return found

    @staticmethod
    def _date(element: Record, field: str, errors: list[str]) -> date | None:
        if element.get(field) in (None, ""):
            return None
        try:
            return parse_request_date(element[field], field)
        except WireValueError as exc:
            errors.append(str(exc))
            return None

    def _number(self, element: Record, doc_type: str, existing: Record | None, errors: list[str]) -> str:
        flavour = self.flavour
        number = str(element.get(flavour.number_field) or "").strip()
        if len(number) > MAX_NUMBER_LENGTH:
            errors.append(f"{flavour.number_field} must not be longer than {MAX_NUMBER_LENGTH} characters.")
            return number
        if doc_type != flavour.sales_type:
            return number
        own_id = existing[flavour.id_field] if existing else None
        if number:
            if self._number_taken(number, own_id):
                errors.append(flavour.duplicate_message)
            return number
        while True:
            candidate = f"{flavour.number_prefix}{self.store.next_counter(self.ledger.tenant_id, flavour.plural):04d}"
            if not self._number_taken(candidate, own_id):
                return candidate

    def _number_taken(self, number: str, own_id: str | None) -> bool:
        flavour = self.flavour
        for record in self.store.by_numbers(self.ledger.tenant_id, flavour.collection, [number]):
            if (
                record["Type"] == flavour.sales_type
                and record["Status"] != "DELETED"
                and record[flavour.id_field] != own_id
            ):
                return True
        return False

    def _line(
        self, raw: Any, index: int, doc_type: str, amount_types: str, status: str, errors: list[str]
    ) -> _Line | None:
        where = f"Line {index + 1}: "
        if not isinstance(raw, dict):
            errors.append(f"{where}a line item must be an object")
            return None
        sales = doc_type in ("ACCREC", "ACCRECCREDIT")
        ledger = self.ledger
        record: Record = {"LineItemID": str(raw.get("LineItemID") or self.new_id())}
        item_code = str(raw.get("ItemCode") or "").strip()
        item = ledger.items_by_code.get(item_code.upper()) if item_code else None
        if item_code and item is None:
            errors.append(f"Item code '{item_code}' is not valid.")
        details: Record = (item or {}).get("SalesDetails" if sales else "PurchaseDetails") or {}
        description = str(raw.get("Description") or "").strip()
        if not description and item is not None:
            description = str(item.get("Description" if sales else "PurchaseDescription") or item.get("Name") or "")
        if not description:
            errors.append("The description field is mandatory for each line item.")
        try:
            quantity = parse_amount(raw.get("Quantity", 1), "Quantity")
            unit_given = raw.get("UnitAmount")
            discount_rate = (
                parse_amount(raw["DiscountRate"], "DiscountRate") if raw.get("DiscountRate") is not None else Decimal(0)
            )
            line_given = parse_amount(raw["LineAmount"], "LineAmount") if raw.get("LineAmount") is not None else None
            if unit_given is not None:
                unit = parse_amount(unit_given, "UnitAmount")
            elif line_given is not None and quantity:
                unit = line_given / quantity
            else:
                unit = Decimal(str(details.get("UnitPrice") or 0))
            tax_given = parse_amount(raw["TaxAmount"], "TaxAmount") if raw.get("TaxAmount") is not None else None
        except WireValueError as exc:
            errors.append(where + str(exc))
            return None
        if quantity < 0:
            errors.append("Quantity must not be less than zero")
        if discount_rate and doc_type != "ACCREC":
            errors.append("Discounts can only be applied to sales invoices (ACCREC).")
        unit = unit.quantize(self.unit_quantum)
        gross = quantity * unit
        line_amount = money(gross * (1 - discount_rate / 100))
        if line_given is not None and unit_given is not None and abs(line_given - line_amount) > Decimal("0.01"):
            errors.append(
                f"{where}the LineAmount {line_given} does not equal Quantity x UnitAmount "
                f"less discount ({line_amount})."
            )
        account = self._account(raw, details, status, where, errors)
        tax_type = self._tax_type(raw, account, amount_types, errors)
        rate = ledger.tax_rate_percent(tax_type) if tax_type else Decimal(0)
        if tax_given is not None:
            tax_amount = money(tax_given)
        elif amount_types == "Inclusive":
            tax_amount = money(line_amount - line_amount / (1 + rate / 100))
        elif amount_types == "Exclusive":
            tax_amount = money(line_amount * rate / 100)
        else:
            tax_amount = money(Decimal(0))
        record.update(
            {
                "Description": description,
                "UnitAmount": unit,
                "TaxType": tax_type,
                "TaxAmount": tax_amount,
                "LineAmount": line_amount,
                "Quantity": quantity.quantize(QUANTITY_PLACES),
                "Tracking": self._tracking(raw.get("Tracking"), where, errors),
            }
        )
        if account is not None:
            record["AccountCode"] = account["Code"]
            record["AccountID"] = account["AccountID"]
        if item is not None:
            record["ItemCode"] = item["Code"]
            record["Item"] = {"ItemID": item["ItemID"], "Name": item.get("Name") or item["Code"], "Code": item["Code"]}
        if discount_rate:
            record["DiscountRate"] = discount_rate
        return _Line(record, line_amount, tax_amount, money(gross) - line_amount)

    def _account(self, raw: Record, details: Record, status: str, where: str, errors: list[str]) -> Record | None:
        code = str(raw.get("AccountCode") or details.get("AccountCode") or "").strip()
        if not code:
            if status != "DRAFT":
                errors.append(f"{where}an account code must be specified on every line of an approved document.")
            return None
        account = self.ledger.accounts_by_code.get(code.upper())
        if account is None:
            errors.append(f"Account code '{code}' is not a valid code for this document.")
            return None
        if account.get("Status") != "ACTIVE":
            errors.append(
                f"Account code '{code}' has been archived, or has been deleted. "
                "Each line item must reference a valid account."
            )
            return None
        if account.get("Type") == "BANK" or account.get("SystemAccount") in NOT_ON_LINES_SYSTEM_ACCOUNTS:
            errors.append(f"Account code '{code}' is not a valid code for this document.")
            return None
        return account

    def _tax_type(self, raw: Record, account: Record | None, amount_types: str, errors: list[str]) -> str:
        if amount_types == "NoTax":
            return "NONE"
        tax_type = str(raw.get("TaxType") or (account or {}).get("TaxType") or "NONE").strip()
        rate = self.ledger.tax_rates.get(tax_type.upper())
        if rate is None or rate.get("Status") != "ACTIVE":
            errors.append(
                f"The TaxType code '{tax_type}' does not exist or cannot be used with this type of transaction."
            )
        return tax_type

    def _tracking(self, given: Any, where: str, errors: list[str]) -> list[Record]:
        if not given:
            return []
        if not isinstance(given, list) or len(given) > MAX_TRACKING:
            errors.append(f"{where}a line can carry at most {MAX_TRACKING} tracking categories.")
            return []
        chosen: list[Record] = []
        for entry in given:
            name = str((entry or {}).get("Name") or "").strip()
            option_name = str((entry or {}).get("Option") or "").strip()
            category = self.ledger.tracking_categories.get(name.casefold())
            if category is None or category.get("Status") != "ACTIVE":
                errors.append(f"Tracking category '{name}' does not exist.")
                continue
            option = next(
                (
                    option
                    for option in category.get("Options", [])
                    if str(option["Name"]).casefold() == option_name.casefold() and option.get("Status") == "ACTIVE"
                ),
                None,
            )
            if option is None:
                errors.append(f"Tracking option '{option_name}' does not exist in tracking category '{name}'.")
                continue
            chosen.append(
                {
                    "TrackingCategoryID": category["TrackingCategoryID"],
                    "TrackingOptionID": option["TrackingOptionID"],
                    "Name": category["Name"],
                    "Option": option["Name"],
                }
            )
        return chosen


def _totals(lines: list[_Line], amount_types: str) -> dict[str, Decimal]:
    tax = sum((line.tax_amount for line in lines), Decimal(0))
    amounts = sum((line.line_amount for line in lines), Decimal(0))
    subtotal = amounts - tax if amount_types == "Inclusive" else amounts
    return {
        "SubTotal": money(subtotal),
        "TotalTax": money(tax),
        "Total": money(subtotal + tax),
        "TotalDiscount": money(sum((line.discount for line in lines), Decimal(0))),
    }
