"""Customers and suppliers (issue 4 part 1): found by number then name; missing → created or an error; collisions."""

from dataclasses import replace

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import (
    ACME,
    INGRAM,
    QUICKBOOKS,
    contact,
    context,
    expense,
    invoice,
    purchase,
    snapshot,
)
from tui_ledger.domain.accounting import ContactRecord, PartyRef, PartyRole
from tui_ledger.domain.checks import Blocked, CheckKind, FixPlace, Outcome, Ready
from tui_ledger.domain.checks.party_match import MatchState, match_contact
from tui_ledger.domain.documents import Reference, UnpostedExpense, UnpostedInvoice
from tui_ledger.domain.plans import plan_document

GLOBEX = Reference(251, "GLOBEX", "Globex Corp")


def test_a_customer_found_by_number_is_used_even_after_a_rename_in_the_package() -> None:
    result = verdict(invoice(), snapshot(contacts=[contact("ACME Limited (old)", "ACME")]))
    assert isinstance(result, Ready)
    assert result.contact is not None
    assert result.contact.name == "ACME Limited (old)"
    assert result.contacts_to_create == ()


def test_a_customer_found_by_name_without_a_number_is_used() -> None:
    result = verdict(invoice(), snapshot(contacts=[contact("acme  LTD")]))
    assert isinstance(result, Ready)
    assert result.contact is not None


def test_a_missing_customer_is_a_planned_creation_when_settings_allow() -> None:
    result = verdict(invoice(customer=GLOBEX))
    assert isinstance(result, Ready)
    assert [(draft.name, draft.number, draft.role) for draft in result.contacts_to_create] == [
        ("Globex Corp", "GLOBEX", PartyRole.CUSTOMER)
    ]


def test_a_missing_customer_blocks_when_settings_do_not_allow_creating_it() -> None:
    result = verdict(invoice(customer=GLOBEX), plans=context(create_missing_contacts=False))
    (problem,) = problems_of(result, CheckKind.CUSTOMER_MISSING)
    assert problem.message == "Invoice 5001: customer 'Globex Corp' (GLOBEX) is not in Xero"
    assert problem.fix.place is FixPlace.PACKAGE
    assert "create missing customers and suppliers" in problem.fix.instruction


def test_a_missing_supplier_blocks_as_its_own_kind() -> None:
    other = Reference(401, "TD", "TD Synnex")
    result = verdict(purchase(vendor=other), plans=context(create_missing_contacts=False))
    assert kinds(result) == [CheckKind.SUPPLIER_MISSING]


def test_a_document_naming_no_party_misses_its_billing_contact() -> None:
    result = verdict(invoice(customer=Reference()))
    (problem,) = problems_of(result, CheckKind.MISSING_BILLING_CONTACT)
    assert problem.message == "Invoice 5001 names no customer to send it to"
    assert problem.fix.place is FixPlace.CONNECTWISE
    expense_result = verdict(expense(member=" "))
    assert CheckKind.MISSING_BILLING_CONTACT in kinds(expense_result)


def test_an_archived_contact_blocks_rather_than_being_created_twice() -> None:
    result = verdict(invoice(), snapshot(contacts=[contact("Acme Ltd", "ACME", active=False)]))
    (problem,) = problems_of(result, CheckKind.CONTACT_ARCHIVED)
    assert str(problem.fix) == "Xero: restore contact 'Acme Ltd'"


def test_a_name_the_package_holds_for_another_number_collides() -> None:
    result = verdict(invoice(), snapshot(contacts=[contact("Acme Ltd", "ACME-OLD")]))
    (problem,) = problems_of(result, CheckKind.NAME_COLLISION)
    assert problem.message == (
        "Invoice 5001: customer 'Acme Ltd' (ACME): Xero already has a contact named 'Acme Ltd' with number 'ACME-OLD'"
    )
    assert "set its number to 'ACME'" in problem.fix.instruction


def test_two_psa_customers_with_one_name_collide_in_one_run() -> None:
    twin = Reference(252, "ACME-UK", "Acme Ltd")
    first = invoice(customer=replace(ACME, identifier="ACME-US"), number="1", invoice_id=1)
    second = invoice(customer=twin, number="2", invoice_id=2)
    result = verdict(first, snapshot(contacts=[]), alongside=[second])
    (problem,) = problems_of(result, CheckKind.NAME_COLLISION)
    assert problem.message == (
        "Invoice 1: customer 'Acme Ltd' (ACME-US) shares its name with customer:ACME-UK in this export; "
        "Xero needs a different name for each"
    )
    assert problem.fix.place is FixPlace.CONNECTWISE


def test_a_party_found_by_number_does_not_collide_with_a_namesake_in_the_run() -> None:
    twin = invoice(customer=Reference(252, "ACME-UK", "Acme Ltd"), number="2", invoice_id=2)
    assert isinstance(verdict(invoice(), alongside=[twin]), Ready)


def test_in_quickbooks_a_customer_may_not_take_a_supplier_name() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Globex Corp", customer=False, supplier=True)])
    result = verdict(invoice(customer=GLOBEX), package)
    (problem,) = problems_of(result, CheckKind.NAME_COLLISION)
    assert problem.message == (
        "Invoice 5001: customer 'Globex Corp' (GLOBEX): QuickBooks Online already uses the name 'Globex Corp' for a "
        "supplier, and names must differ across its customers, suppliers and employees"
    )
    assert str(problem.fix) == "QuickBooks Online: rename the supplier 'Globex Corp'"


def test_in_quickbooks_customers_and_suppliers_are_matched_in_their_own_lists() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Ingram Micro", "INGRAM", customer=True, supplier=False)])
    result = verdict(purchase(vendor=INGRAM), package)
    assert isinstance(result, Blocked)
    assert kinds(result) == [CheckKind.NAME_COLLISION]


def test_in_xero_one_contact_serves_as_customer_and_supplier() -> None:
    package = snapshot(contacts=[contact("Ingram Micro", "INGRAM", customer=True, supplier=False)])
    assert verdict(purchase(vendor=INGRAM), package).outcome is Outcome.SEND


def quickbooks_invoice(account_number: str | None = "C-1018") -> UnpostedInvoice:
    """An invoice to Acme whose company has the account number `account_number` in ConnectWise."""
    return replace(invoice(), account_number=account_number)


def test_in_quickbooks_a_hand_made_customer_with_the_bookkeepers_number_is_found_by_name() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Acme Ltd", "7001")])
    result = verdict(quickbooks_invoice(account_number=None), package)
    assert isinstance(result, Ready)
    assert result.contact is not None
    assert result.contact.id == "c-Acme Ltd"
    assert result.contacts_to_create == ()


def test_in_quickbooks_a_hand_made_vendor_with_your_account_number_there_is_found_by_name() -> None:
    vendor = contact("Ingram Micro", "V-1001", customer=False, supplier=True)
    result = verdict(purchase(), snapshot(QUICKBOOKS, contacts=[vendor]))
    assert isinstance(result, Ready)
    assert result.contacts_to_create == ()


def test_in_quickbooks_the_customer_carrying_the_connectwise_account_number_is_found_by_it() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Acme Ltd", " c-1018 ")])
    match = match_contact(plan_document(quickbooks_invoice(), context(QUICKBOOKS)), package)
    assert match.state is MatchState.FOUND
    assert match.record is not None
    assert match.record.id == "c-Acme Ltd"


def test_a_customer_found_by_number_under_another_name_gets_its_documents_addressed_there() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Acme Ltd LLC", "C-1018")])
    result = verdict(quickbooks_invoice(), package)
    assert isinstance(result, Ready)
    assert result.contacts_to_create == ()
    assert [part.draft.contact for part in result.plan.parts] == [PartyRef(id="c-Acme Ltd LLC", name="Acme Ltd LLC")]


def test_a_customer_found_under_its_own_name_keeps_the_plan_as_planned() -> None:
    result = verdict(quickbooks_invoice(), snapshot(QUICKBOOKS, contacts=[contact("ACME LTD", "C-1018")]))
    assert isinstance(result, Ready)
    assert [part.draft.contact for part in result.plan.parts] == [PartyRef(name="Acme Ltd")]


def test_in_quickbooks_a_namesake_with_another_account_number_than_connectwise_states_collides() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Acme Ltd", "C-2000")])
    result = verdict(quickbooks_invoice(), package)
    (problem,) = problems_of(result, CheckKind.NAME_COLLISION)
    assert problem.message == (
        "Invoice 5001: customer 'Acme Ltd' (ACME): QuickBooks Online already has a contact named 'Acme Ltd' "
        "with number 'C-2000' (account number 'C-1018' in ConnectWise)"
    )
    assert problem.fix.instruction == (
        "if 'Acme Ltd' is the same party, set its number to 'C-1018'; otherwise rename one of them"
    )


def test_in_quickbooks_a_contact_tui_ledger_created_is_found_by_the_identifier_it_was_given() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Acme (renamed in QuickBooks)", "ACME")])
    result = verdict(quickbooks_invoice(), package)
    assert isinstance(result, Ready)
    assert result.contact is not None
    assert result.contact.name == "Acme (renamed in QuickBooks)"


def test_in_xero_another_number_on_a_namesake_collides_even_without_an_account_number_to_compare() -> None:
    package = snapshot(contacts=[contact("Acme Ltd", "GLOBEX")])
    assert kinds(verdict(quickbooks_invoice(account_number=None), package)) == [CheckKind.NAME_COLLISION]


def test_in_xero_the_connectwise_account_number_finds_a_contact_too() -> None:
    package = snapshot(contacts=[contact("Acme Ltd", "C-1018")])
    assert match_contact(plan_document(quickbooks_invoice(), context()), package).state is MatchState.FOUND


def employee(name: str) -> ContactRecord:
    """A QuickBooks employee: on neither the customer nor the vendor list, but holding its name all the same."""
    return contact(name, customer=False, supplier=False)


def member_expense() -> UnpostedExpense:
    """An expense owed to member bbastine, whom the package holds as an employee of the same name."""
    return expense(member="bbastine")


def test_in_quickbooks_an_expense_billed_to_a_member_held_as_an_employee_needs_a_vendor_of_their_own() -> None:
    package = snapshot(QUICKBOOKS, contacts=[employee("bbastine")])
    (problem,) = problems_of(verdict(member_expense(), package, context(QUICKBOOKS)), CheckKind.NAME_COLLISION)
    assert problem.message == (
        "Expense 4351bbastine: supplier 'bbastine' (bbastine): QuickBooks Online already uses the name 'bbastine' "
        "for an employee, and names must differ across its customers, suppliers and employees"
    )
    assert problem.fix.place is FixPlace.PACKAGE
    assert problem.fix.instruction == (
        "add a vendor for employee 'bbastine' under another name, with account number 'bbastine' "
        "(a bill is owed to a vendor, and names differ across the lists)"
    )


def test_the_vendor_a_bookkeeper_adds_for_a_member_is_found_by_the_member_identifier() -> None:
    vendor = contact("Bastine, Bob (expenses)", "bbastine", customer=False, supplier=True)
    package = snapshot(QUICKBOOKS, contacts=[employee("bbastine"), vendor])
    result = verdict(member_expense(), package, context(QUICKBOOKS))
    assert isinstance(result, Ready)
    assert [part.draft.contact for part in result.plan.parts] == [
        PartyRef(id="c-Bastine, Bob (expenses)", name="Bastine, Bob (expenses)")
    ]


def test_in_quickbooks_an_expense_sent_as_a_purchase_is_paid_to_the_employee() -> None:
    package = snapshot(QUICKBOOKS, contacts=[employee("bbastine")])
    result = verdict(member_expense(), package, context(QUICKBOOKS, expenses_as="purchases"))
    assert isinstance(result, Ready)
    assert result.contacts_to_create == ()
    assert result.contact == employee("bbastine")


def test_a_bill_still_needs_a_supplier_where_suppliers_are_kept_apart() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Ingram Micro", customer=True, supplier=False)])
    assert kinds(verdict(purchase(vendor=INGRAM), package)) == [CheckKind.NAME_COLLISION]
