"""Customers and suppliers: the party a document goes to must exist in the package, or be created, unambiguously.

How the party is looked up (by number, then by name, on which of the package's lists) is party_match.py. What can
go wrong, and where it is fixed:
- the document names no party at all (ConnectWise);
- the party is missing and Settings do not allow creating it (the package, or Settings);
- the matching contact is archived (the package);
- the name is held in the package by a contact whose number says it is another party, or — in QuickBooks, where
  customer, vendor and employee names share one list — by someone on another list (the package; a member the
  package holds as an employee needs a vendor of their own for expense bills, which QuickBooks owes to vendors
  only);
- two ConnectWise parties in this run share the name, so at most one of them can have it (ConnectWise);
- the contact found is held in another currency than the document's (party_currency.py).
When the party is missing and Settings allow it, it is a planned creation, not a problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.domain.accounting import ContactRecord, DocumentType, PartyRole
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import Findings, problems
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.checks.parties_index import party_of
from tui_ledger.domain.checks.party_currency import party_currency_problem
from tui_ledger.domain.checks.party_match import ContactMatch, MatchState, PartyNumbers, match_contact
from tui_ledger.domain.checks.problems import CheckKind, Fix, Problem
from tui_ledger.domain.documents import Document, UnpostedExpense, UnpostedInvoice
from tui_ledger.domain.plans import DocumentPlan
from tui_ledger.domain.plans.parties import party_key, party_name


def missing_party_instruction(document: Document) -> str:
    if isinstance(document, UnpostedInvoice):
        return f"Finance > Invoices: set the company billed on invoice {document.number}"
    if isinstance(document, UnpostedExpense):
        return f"Time & Expense: expense {document.expense_id} needs the member it is owed to"
    return f"Procurement > Purchase Orders: set the vendor of purchase order {document.po_number}"


def _role_word(role: PartyRole) -> str:
    return "customer" if role is PartyRole.CUSTOMER else "supplier"


@dataclass(frozen=True, slots=True)
class Party:
    """The party of one document, as messages name it."""

    document_label: str
    role: PartyRole
    name: str
    key: str
    numbers: PartyNumbers

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
    match = match_contact(plan, context.snapshot)
    if match.state is MatchState.FOUND and match.record is not None:
        return _found(plan, context, match.record)
    party = Party(label, role, name, key, PartyNumbers.of(document))
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
    if match.state is MatchState.FOUND_BY_NAME and match.record is not None:
        return _found(plan, context, match.record)
    if match.state is MatchState.MISSING:
        return _missing(plan, context, party)
    return problems(_conflict(plan, context, match, party))


def _found(plan: DocumentPlan, context: CheckContext, record: ContactRecord) -> Findings:
    """The contact the documents go to, and whether it takes them in their currency."""
    problem = party_currency_problem(plan, context, record)
    return Findings(problems=(problem,) if problem else (), contact=record)


def _conflict(plan: DocumentPlan, context: CheckContext, match: ContactMatch, party: Party) -> Problem:
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
        account_number = party.numbers.account_number
        if context.snapshot.capabilities.contact_numbers_hold_psa_keys or not account_number:
            ours, wanted = "", party.key
        else:
            ours, wanted = f" (account number '{account_number}' in ConnectWise)", account_number
        return Problem(
            kind=CheckKind.NAME_COLLISION,
            message=f"{party.document_label}: {party.phrase}: {package} already has a contact named '{held}' "
            f"with number '{number}'{ours}",
            fix=context.in_package(
                f"if '{held}' is the same party, set its number to '{wanted}'; otherwise rename one of them"
            ),
            value=party.name,
        )
    holder = _holder_word(record)
    article = "an" if holder.startswith("e") else "a"
    return Problem(
        kind=CheckKind.NAME_COLLISION,
        message=f"{party.document_label}: {party.phrase}: {package} already uses the name '{held}' for {article} "
        f"{holder}, and names must differ across its customers, suppliers and employees",
        fix=_other_list_fix(plan, context, holder, held, party.key),
        value=party.name,
    )


def _holder_word(record: ContactRecord | None) -> str:
    """Who holds a name on another of QuickBooks' lists: a customer, a supplier, else an employee (its third list)."""
    if record is not None and record.is_customer:
        return "customer"
    if record is not None and record.is_supplier:
        return "supplier"
    return "employee"


def _other_list_fix(plan: DocumentPlan, context: CheckContext, holder: str, held: str, key: str) -> Fix:
    """Rename the holder, except for a bill to a member the package knows as an employee: QuickBooks owes a bill to
    a vendor only, so the member needs a vendor of their own, under another name and found by the identifier."""
    billed = any(part.draft.document_type is not DocumentType.PURCHASE for part in plan.parts)
    if isinstance(plan.document, UnpostedExpense) and holder == "employee" and billed:
        return context.in_package(
            f"add a vendor for employee '{held}' under another name, with account number '{key}' "
            "(a bill is owed to a vendor, and names differ across the lists)"
        )
    return context.in_package(f"rename the {holder} '{held}'")


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
