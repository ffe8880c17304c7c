"""Finding a document's party among the package's contacts: by number first, then by name.

The numbers ConnectWise knows a party by are its identifier, which tui-ledger writes as the number of every
contact it creates (so a contact renamed in the package is still found), and, on an invoice, the company's account
number ("Account #"), which MSPs keep equal to the customer's number in the package.

Whether a same-named contact's number can say "another party" depends on the package
(`PackageCapabilities.contact_numbers_hold_psa_keys`): Xero's ContactNumber holds only what an integration wrote,
so another number there is another party's. QuickBooks' AcctNum is the bookkeeper's own "Account no.", so a
company set up by hand carries numbers that are no ConnectWise identifier; there another number only tells
another party when ConnectWise states the company's account number to compare it with, and otherwise the name,
unique across QuickBooks' lists, decides.

Which of the package's lists a party may come from depends on the document: a customer's invoice goes to a
customer and a bill to a supplier (QuickBooks keeps them apart), but a purchase (a QuickBooks expense) may be paid to
anyone on its lists — a vendor, an employee or a customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tui_ledger.domain.accounting import ContactRecord, DocumentType, PackageCapabilities, PartyRole
from tui_ledger.domain.checks.parties_index import party_of
from tui_ledger.domain.checks.snapshot import PackageSnapshot, name_key
from tui_ledger.domain.documents import Document, UnpostedInvoice
from tui_ledger.domain.plans import DocumentPlan
from tui_ledger.domain.plans.parties import party_name


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


@dataclass(frozen=True, slots=True)
class PartyNumbers:
    """The numbers ConnectWise knows a document's party by, trimmed; empty where it states none."""

    identifier: str
    account_number: str

    @classmethod
    def of(cls, document: Document) -> PartyNumbers:
        """The counterparty's identifier and, for an invoice, the company's account number."""
        account_number = document.account_number if isinstance(document, UnpostedInvoice) else None
        return cls((document.counterparty.identifier or "").strip(), (account_number or "").strip())

    @property
    def keys(self) -> tuple[str, ...]:
        """The numbers as the snapshot indexes contact numbers (case-folded), identifier first."""
        return tuple(dict.fromkeys(number.casefold() for number in (self.identifier, self.account_number) if number))

    def name(self, number: str | None) -> bool:
        """True when a package contact's `number` is one of these."""
        return (number or "").strip().casefold() in self.keys


def tells_other_party(number: str | None, numbers: PartyNumbers, capabilities: PackageCapabilities) -> bool:
    """Whether a same-named contact's `number` shows it is another party's (see the module docstring)."""
    if not (number or "").strip() or numbers.name(number):
        return False
    return capabilities.contact_numbers_hold_psa_keys or bool(numbers.account_number)


def paid_to_anyone(plan: DocumentPlan) -> bool:
    """True when every part is a purchase, whose payee may be on any of the package's lists."""
    return bool(plan.parts) and all(part.draft.document_type is DocumentType.PURCHASE for part in plan.parts)


def _on_list(contact: ContactRecord, role: PartyRole, separate: bool) -> bool:
    if not separate:
        return True
    return contact.is_customer if role is PartyRole.CUSTOMER else contact.is_supplier


def match_contact(plan: DocumentPlan, snapshot: PackageSnapshot) -> ContactMatch:
    """Where the party of the planned document stands in the package: found, archived, its name taken, or missing."""
    document = plan.document
    role, reference = party_of(document)
    separate = snapshot.capabilities.suppliers_separate_from_customers and not paid_to_anyone(plan)
    numbers = PartyNumbers.of(document)
    numbered = [
        contact
        for key in numbers.keys
        for contact in snapshot.contacts_by_number.get(key, ())
        if _on_list(contact, role, separate)
    ]
    active = next((contact for contact in numbered if contact.active), None)
    if active is not None:
        return ContactMatch(MatchState.FOUND, active)
    if numbered:
        return ContactMatch(MatchState.ARCHIVED, numbered[0])
    named = [
        contact for contact in snapshot.contacts_by_name.get(name_key(party_name(reference)), ()) if contact.active
    ]
    own_list = [contact for contact in named if _on_list(contact, role, separate)]
    for contact in own_list:
        if not tells_other_party(contact.number, numbers, snapshot.capabilities):
            return ContactMatch(MatchState.FOUND_BY_NAME, contact)
    if own_list:
        return ContactMatch(MatchState.NAME_TAKEN, own_list[0])
    if named:
        return ContactMatch(MatchState.NAME_TAKEN_BY_OTHER_ROLE, named[0])
    return ContactMatch(MatchState.MISSING)
