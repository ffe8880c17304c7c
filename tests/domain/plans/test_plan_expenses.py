"""Expense plans: a bill to the member, or a purchase where the package records purchases (and a notice where not)."""

from dataclasses import replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tests.domain.plans.builders import BANK, QUICKBOOKS, TRAVEL, context, expense
from tui_ledger.domain.accounting import DocumentType, PartyRole, TaxMode
from tui_ledger.domain.plans import plan_document


def test_an_expense_is_a_bill_to_the_member_numbered_like_its_batch_label() -> None:
    plan = plan_document(expense("42.50", tax_code="INPUT"), context())
    (part,) = plan.parts
    draft = part.draft
    assert draft.document_type is DocumentType.BILL
    assert draft.number == "4351bbastine"
    assert draft.contact.name == "bbastine"
    assert draft.tax_mode is TaxMode.INCLUSIVE
    assert [(entry.account_code, entry.tax_code, entry.line_amount) for entry in draft.lines] == [
        (TRAVEL, "INPUT", Decimal("42.50"))
    ]
    assert draft.payment_account_code is None
    assert draft.lines[0].tax_amount is None
    assert part.total == Decimal("42.50")
    assert plan.contact is not None
    assert plan.contact.role is PartyRole.SUPPLIER
    assert plan.notices == ()


def test_the_bill_names_the_member_as_people_know_them_and_numbers_the_contact_with_the_identifier() -> None:
    plan = plan_document(replace(expense("42.50"), member_name="Bob Bastine"), context())
    (part,) = plan.parts
    assert part.draft.contact.name == "Bob Bastine"
    assert part.draft.number == "4351bbastine"
    assert plan.contact is not None
    assert (plan.contact.name, plan.contact.number) == ("Bob Bastine", "bbastine")


def test_expenses_as_purchases_are_paid_from_the_credit_account_where_the_package_has_purchases() -> None:
    plan = plan_document(expense(), context(QUICKBOOKS, expenses_as="purchases"))
    (part,) = plan.parts
    assert part.draft.document_type is DocumentType.PURCHASE
    assert part.draft.payment_account_code == BANK
    assert plan.notices == ()


def test_a_package_without_purchases_gets_a_bill_and_the_plan_says_so() -> None:
    plan = plan_document(expense(), context(expenses_as="purchases"))
    assert plan.parts[0].draft.document_type is DocumentType.BILL
    assert plan.notices == ("Xero cannot record purchases: expense 4351bbastine is sent as a bill",)


def test_a_refund_is_a_supplier_credit() -> None:
    plan = plan_document(expense("-15.00"), context())
    assert plan.parts[0].draft.document_type is DocumentType.SUPPLIER_CREDIT
    assert plan.parts[0].total == Decimal("15.00")


@given(cents=st.integers(-1_000_000, 1_000_000), route=st.sampled_from(["bills", "purchases"]))
def test_an_expense_plan_adds_up_to_the_expense_to_the_cent(cents: int, route: str) -> None:
    document = expense(str(Decimal(cents).scaleb(-2)))
    assert plan_document(document, context(QUICKBOOKS, expenses_as=route)).signed_total == document.total
