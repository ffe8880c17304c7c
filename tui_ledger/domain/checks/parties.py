"""Customers and suppliers: the party a document goes to must exist in the package, or be created, unambiguously.

A party is found by its ConnectWise identifier first (kept as the contact's number, so a renamed contact is
still found), then by name. What can go wrong, and where it is fixed:
- the document names no party at all (ConnectWise);
- the party is missing and Settings do not allow creating it (the package, or Settings);
- the matching contact is archived (the package);
- the name is held in the package by a contact with another number, or — in QuickBooks, where customer,
  vendor and employee names share one list — by a party of the other role (the package);
- two ConnectWise parties in this run share the name, so at most one of them can have it (ConnectWise).
When the party is missing and Settings allow it, it is a planned creation, not a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tui_ledger.domain.accounting import ContactRecord, PartyRole
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import Findings, problems
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.parties_index import party_of
from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.checks.snapshot import PackageSnapshot, name_key
from tui_ledger.domain.documents import Document, Reference, UnpostedExpense, UnpostedInvoice
from tui_ledger.domain.plans import DocumentPlan
from tui_ledger.domain.plans.parties import party_key, party_name


class MatchState(Enum):
    FOUND = "found"
    FOUND_BY_NAME = "found_by_name"
    ARCHIVED = "archived"
    NAME_TAKEN = "name_taken"
    NAME_TAKEN_BY_OTHER_ROLE = "name_taken_by_other_role"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class ContactMatch:
    state: MatchState
    record: ContactRecord | None = None


def _in_role(contact: ContactRecord, role: PartyRole, separate: bool) -> bool:
    if not separate:
        return True
    return contact.is_customer if role is PartyRole.CUSTOMER else contact.is_supplier


def match_contact(reference: Reference, role: PartyRole, snapshot: PackageSnapshot) -> ContactMatch:
    """Where `reference` stands in the package: found, archived, its name taken, or missing."""
    separate = snapshot.capabilities.suppliers_separate_from_customers
    identifier = (reference.identifier or "").strip().casefold()
    if identifier:
        numbered = [c for c in snapshot.contacts_by_number.get(identifier, ()) if _in_role(c, role, separate)]
        active = next((c for c in numbered if c.active), None)
        if active is not None:
            return ContactMatch(MatchState.FOUND, active)
        if numbered:
            return ContactMatch(MatchState.ARCHIVED, numbered[0])
    named = [c for c in snapshot.contacts_by_name.get(name_key(party_name(reference)), ()) if c.active]
    own_role = [c for c in named if _in_role(c, role, separate)]
    for contact in own_role:
        number = (contact.number or "").strip().casefold()
        if not number or number == identifier:
            return ContactMatch(MatchState.FOUND_BY_NAME, contact)
    if own_role:
        return ContactMatch(MatchState.NAME_TAKEN, own_role[0])
    if named:
        return ContactMatch(MatchState.NAME_TAKEN_BY_OTHER_ROLE, named[0])
    return ContactMatch(MatchState.MISSING)


def missing_party_instruction(document: Document) -> str:
    if isinstance(document, UnpostedInvoice):
        return f"Finance > Invoices: set the company billed on invoice {document.number}"
    if isinstance(document, UnpostedExpense):
        return f"Time & Expense: expense {document.expense_id} needs the member it is owed to"
    return f"Procurement > Purchase Orders: set the vendor of purchase order {document.po_number}"


def _role_word(role: PartyRole) -> str:
    return "customer" if role is PartyRole.CUSTOMER else "supplier"


def _other_role_word(role: PartyRole) -> str:
    return "supplier" if role is PartyRole.CUSTOMER else "customer"


@dataclass(frozen=True, slots=True)
class Party:
    """The party of one document, as messages name it."""

    document_label: str
    role: PartyRole
    name: str
    key: str

    @property
    def phrase(self) -> str:
        return f"{_role_word(self.role)} '{self.name}' ({self.key})"


def check_party(plan: DocumentPlan, context: CheckContext) -> Findings:
    document = plan.document
    label = document_label(document)
    role, reference = party_of(document)
    name, key = party_name(reference), party_key(reference)
    if not name or not key:
        return problems(
            Problem(
                kind=CheckKind.MISSING_BILLING_CONTACT,
                message=f"{label} names no {_role_word(role)} to send it to",
                fix=context.in_connectwise(missing_party_instruction(document)),
                value=label,
            )
        )
    match = match_contact(reference, role, context.snapshot)
    if match.state is MatchState.FOUND:
        return Findings(contact=match.record)
    party = Party(label, role, name, key)
    others = context.parties.others_named_like(role, reference)
    if others:
        return problems(
            Problem(
                kind=CheckKind.NAME_COLLISION,
                message=f"{label}: {party.phrase} shares its name with {', '.join(others)} in this export; "
                f"{context.package} needs a different name for each",
                fix=context.in_connectwise(f"rename one of the parties named '{name}' so each name is unique"),
                value=name,
            )
        )
    if match.state is MatchState.FOUND_BY_NAME:
        return Findings(contact=match.record)
    if match.state is MatchState.MISSING:
        return _missing(plan, context, party)
    return problems(_conflict(context, match, party))


def _conflict(context: CheckContext, match: ContactMatch, party: Party) -> Problem:
    """The contact matched is archived, or its name belongs to someone else in the package."""
    package = context.package
    record = match.record
    held = record.name if record else party.name
    if match.state is MatchState.ARCHIVED:
        return Problem(
            kind=CheckKind.CONTACT_ARCHIVED,
            message=f"{party.document_label}: {party.phrase} is archived in {package} as '{held}'",
            fix=context.in_package(f"restore contact '{held}'"),
            value=party.name,
        )
    if match.state is MatchState.NAME_TAKEN:
        number = record.number if record else None
        return Problem(
            kind=CheckKind.NAME_COLLISION,
            message=f"{party.document_label}: {party.phrase}: {package} already has a contact named '{held}' "
            f"with number '{number}'",
            fix=context.in_package(
                f"if '{held}' is the same party, set its number to '{party.key}'; otherwise rename one of them"
            ),
            value=party.name,
        )
    other = _other_role_word(party.role)
    return Problem(
        kind=CheckKind.NAME_COLLISION,
        message=f"{party.document_label}: {party.phrase}: {package} already uses the name '{held}' for a {other}, "
        "and customer and supplier names must differ there",
        fix=context.in_package(f"rename the {other} '{held}'"),
        value=party.name,
    )


def _missing(plan: DocumentPlan, context: CheckContext, party: Party) -> Findings:
    """A planned creation when Settings allow it, else a problem."""
    if context.plans.options.create_missing_contacts and plan.contact is not None:
        return Findings(contacts_to_create=(plan.contact,))
    kind = CheckKind.CUSTOMER_MISSING if party.role is PartyRole.CUSTOMER else CheckKind.SUPPLIER_MISSING
    return problems(
        Problem(
            kind=kind,
            message=f"{party.document_label}: {party.phrase} is not in {context.package}",
            fix=context.in_package(
                f"add {_role_word(party.role)} '{party.name}', or turn on 'create missing customers and suppliers' "
                "in Settings"
            ),
            value=party.name,
        )
    )
