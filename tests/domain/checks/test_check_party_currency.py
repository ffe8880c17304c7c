"""A document in another currency than the customer or supplier it goes to (QuickBooks: one currency per party)."""

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import ACME, QUICKBOOKS, XERO, contact, context, expense, invoice, snapshot
from tui_ledger.domain.accounting import PackageCapabilities
from tui_ledger.domain.checks import Blocked, CheckKind, FixPlace, Outcome, PackageSnapshot, Ready
from tui_ledger.domain.plans import plan_document


def held_in(currency: str, capabilities: PackageCapabilities = QUICKBOOKS) -> PackageSnapshot:
    """A multi-currency package holding Acme and the member bbastine in `currency`."""
    return snapshot(
        capabilities,
        contacts=[
            contact("Acme Ltd", "ACME", currency=currency),
            contact("bbastine", "bbastine", customer=False, supplier=True, currency=currency),
        ],
        multi_currency=True,
    )


def test_quickbooks_refuses_a_cad_invoice_to_a_customer_held_in_usd_so_it_is_blocked() -> None:
    result = verdict(invoice(currency="CAD"), held_in("USD"), context(QUICKBOOKS))

    assert isinstance(result, Blocked)
    (problem,) = problems_of(result, CheckKind.PARTY_CURRENCY)
    assert problem.message == (
        "Invoice 5001 is in CAD, but QuickBooks Online holds customer 'Acme Ltd' in USD and takes documents to it "
        "in USD only"
    )
    assert problem.value == "CAD"
    assert problem.fix.place is FixPlace.CONNECTWISE
    assert problem.fix.instruction.startswith("issue invoice 5001 in USD")


def test_an_expense_to_a_supplier_in_another_currency_is_blocked_too() -> None:
    result = verdict(expense(), held_in("CAD"), context(QUICKBOOKS))

    (problem,) = problems_of(result, CheckKind.PARTY_CURRENCY)
    assert "holds supplier 'bbastine' in CAD" in problem.message


def test_the_same_currency_or_none_stated_passes() -> None:
    assert verdict(invoice(currency="CAD"), held_in("CAD"), context(QUICKBOOKS)).outcome is Outcome.SEND
    unstated = snapshot(QUICKBOOKS, multi_currency=True)
    assert CheckKind.PARTY_CURRENCY not in kinds(verdict(invoice(currency="CAD"), unstated, context(QUICKBOOKS)))


def test_xero_takes_it_so_a_contact_default_currency_only_warns() -> None:
    result = verdict(invoice(currency="CAD"), held_in("USD", XERO), context(XERO))

    assert isinstance(result, Ready)
    (warning,) = problems_of(result, CheckKind.PARTY_CURRENCY)
    assert not warning.blocking
    assert warning.message == "Invoice 5001 is in CAD; Xero contact 'Acme Ltd' defaults to USD"
    assert warning.fix.place is FixPlace.PACKAGE


def test_a_contact_to_create_is_created_in_the_currency_of_its_document() -> None:
    plan = plan_document(invoice(currency="cad", customer=ACME), context(QUICKBOOKS))

    assert plan.contact is not None
    assert plan.contact.currency == "CAD"
