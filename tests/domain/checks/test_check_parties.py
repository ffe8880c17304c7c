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
from tui_ledger.domain.accounting import PartyRole
from tui_ledger.domain.checks import Blocked, CheckKind, FixPlace, Outcome, Ready
from tui_ledger.domain.documents import Reference

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
    assert "for a supplier, and customer and supplier names must differ there" in problem.message


def test_in_quickbooks_customers_and_suppliers_are_matched_in_their_own_lists() -> None:
    package = snapshot(QUICKBOOKS, contacts=[contact("Ingram Micro", "INGRAM", customer=True, supplier=False)])
    result = verdict(purchase(vendor=INGRAM), package)
    assert isinstance(result, Blocked)
    assert kinds(result) == [CheckKind.NAME_COLLISION]


def test_in_xero_one_contact_serves_as_customer_and_supplier() -> None:
    package = snapshot(contacts=[contact("Ingram Micro", "INGRAM", customer=True, supplier=False)])
    assert verdict(purchase(vendor=INGRAM), package).outcome is Outcome.SEND
