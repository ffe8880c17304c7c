"""What makes an `Agreement` body valid, and what ConnectWise fills in when a client leaves fields out.

Creating an agreement needs a name, an agreement type, a company and a contact of that company (reference
§4.4, the spec's `required`). Like ConnectWise, the sandbox copies the type's billing settings (cycle, bill
time/expenses/products, taxable, invoicing cycle) and the company's terms, tax code, currency and site into a
new agreement, so an agreement "created from the default Agreement Type" reads like one made in the UI.
Cancelling is a change of `cancelledFlag` (with `dateCancelled`, today when not given); the status follows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tui_ledger.sandbox.connectwise import fields
from tui_ledger.sandbox.connectwise.body_checks import Body, BodyReader, stamp, without_nulls
from tui_ledger.sandbox.connectwise.ledger import Ledger
from tui_ledger.sandbox.connectwise.patching import apply_patch

RESOURCE = "agreement"
BILLING_OPTIONS = ("Billable", "DoNotBill", "NoCharge", "NoDefault")
INVOICING_CYCLES = ("ContractYear", "CalendarYear")
MAX_NAME = 100

_TYPE_SETTINGS = ("billingCycle", "invoicingCycle", "billTime", "billExpenses", "billProducts", "prorateFlag")
_COMPANY_SETTINGS = ("billingTerms", "taxCode", "currency", "site")
_COMPUTED = frozenset(
    {"id", "_info", "type", "company", "contact", "startDate", "endDate", "noEndingDateFlag", "cancelledFlag"}
    | {"dateCancelled", "agreementStatus", "billTime", "billExpenses", "billProducts", "invoicingCycle", "name"}
)


class AgreementRules:
    """Builds agreement bodies from requests, against the sandbox's agreement types, companies and contacts."""

    def __init__(self, ledger: Ledger) -> None:
        self._types = ledger.resources["agreement_types"]
        self._companies = ledger.resources["companies"]
        self._contacts = {contact.id: contact for contact in ledger.company.contacts}
        self._locations = {customer.id: customer.location_id for customer in ledger.company.customers}
        self._location_names = {location.id: location.name for location in ledger.company.locations}

    def created(self, request: Any, agreement_id: int, now: datetime) -> Body:
        """POST: the request over the defaults of its type and company."""
        reader = BodyReader(request, RESOURCE)
        defaults = self._defaults(reader)
        return self._checked({**defaults, **reader.body}, agreement_id, now, entered=None)

    def replaced(self, request: Any, current: Body, now: datetime) -> Body:
        """PUT: the whole agreement as sent (the defaults fill only what it leaves out)."""
        reader = BodyReader(request, RESOURCE)
        defaults = self._defaults(reader)
        return self._checked({**defaults, **reader.body}, current["id"], now, entered=_entered(current))

    def patched(self, operations: Any, current: Body, now: datetime) -> Body:
        """PATCH: the operations applied to the current agreement, then checked as a whole."""
        patched = apply_patch(current, operations, RESOURCE, fields.AGREEMENT)
        if patched.get("cancelledFlag") is False:
            patched.pop("dateCancelled", None)
            patched.pop("reasonCancelled", None)
        return self._checked(patched, current["id"], now, entered=_entered(current))

    def _defaults(self, reader: BodyReader) -> Body:
        kind = self._types.get(reader.reference_id("type") or 0, {})
        company = self._companies.get(reader.reference_id("company") or 0, {})
        defaults: Body = {name: kind[name] for name in _TYPE_SETTINGS if name in kind}
        if "taxableFlag" in kind:
            defaults["taxable"] = kind["taxableFlag"]
        defaults.update({name: company[name] for name in _COMPANY_SETTINGS if name in company})
        location_id = self._locations.get(company.get("id", 0))
        if location_id is not None:
            defaults["location"] = {"id": location_id, "name": self._location_names[location_id]}
        defaults["billAmount"] = 0
        return defaults

    def _checked(self, candidate: Body, agreement_id: int, now: datetime, *, entered: str | None) -> Body:
        reader = BodyReader(candidate, RESOURCE)
        name = reader.text("name", MAX_NAME, required=True)
        kind = self._type(reader)
        company = self._company(reader)
        contact = self._contact(reader, company["id"])
        start = reader.moment("startDate") or now.replace(hour=0, minute=0, second=0, microsecond=0)
        end = reader.moment("endDate")
        if end is not None and end < start:
            raise reader.wrong("endDate", "endDate must not be before startDate.")
        cancelled = bool(reader.flag("cancelledFlag"))
        date_cancelled = (reader.moment("dateCancelled") or now) if cancelled else None
        kept = {key: value for key, value in candidate.items() if key in fields.AGREEMENT and key not in _COMPUTED}
        body: Body = {
            "id": agreement_id,
            "name": name,
            "type": {"id": kind["id"], "name": kind["name"]},
            "company": {"id": company["id"], "identifier": company["identifier"], "name": company["name"]},
            "contact": contact,
            **kept,
            "startDate": stamp(start),
            "endDate": stamp(end),
            "noEndingDateFlag": end is None,
            "cancelledFlag": cancelled,
            "dateCancelled": stamp(date_cancelled),
            "billTime": reader.choice("billTime", BILLING_OPTIONS) or kind.get("billTime"),
            "billExpenses": reader.choice("billExpenses", BILLING_OPTIONS) or kind.get("billExpenses"),
            "billProducts": reader.choice("billProducts", BILLING_OPTIONS) or kind.get("billProducts"),
            "invoicingCycle": reader.choice("invoicingCycle", INVOICING_CYCLES) or kind.get("invoicingCycle"),
            "agreementStatus": "Cancelled" if cancelled else "Active",
            "_info": {"lastUpdated": stamp(now), "updatedBy": "tuiledger", "dateEntered": entered or stamp(now)},
        }
        return without_nulls(body)

    def _type(self, reader: BodyReader) -> Body:
        type_id = reader.reference_id("type", required=True) or 0
        kind = self._types.get(type_id)
        if kind is None:
            raise reader.wrong("type", f"Agreement type {type_id} does not exist.")
        if kind.get("inactiveFlag"):
            raise reader.wrong("type", f"Agreement type {kind['name']} is inactive.")
        return kind

    def _company(self, reader: BodyReader) -> Body:
        company_id = reader.reference_id("company", required=True) or 0
        company = self._companies.get(company_id)
        if company is None or company.get("deletedFlag"):
            raise reader.wrong("company", f"Company {company_id} does not exist.")
        return company

    def _contact(self, reader: BodyReader, company_id: int) -> Body:
        contact_id = reader.reference_id("contact", required=True) or 0
        contact = self._contacts.get(contact_id)
        if contact is None:
            raise reader.wrong("contact", f"Contact {contact_id} does not exist.")
        if contact.company_id != company_id:
            raise reader.wrong("contact", f"Contact {contact_id} is not a contact of company {company_id}.")
        return {"id": contact.id, "name": contact.name}


def _entered(current: Body) -> str | None:
    info = current.get("_info")
    return info.get("dateEntered") if isinstance(info, dict) else None
