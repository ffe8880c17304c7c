"""Lock date, number length and what the package cannot record (issue 4 part 1)."""

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import QUICKBOOKS, context, expense, invoice, line, product, purchase, snapshot
from tui_ledger.domain.checks import CheckKind, FixPlace, Outcome, Ready


def test_a_document_dated_on_the_lock_date_blocks() -> None:
    (problem,) = problems_of(verdict(invoice(), snapshot(lock_date=date(2026, 10, 31))), CheckKind.DATE_LOCKED)
    assert problem.message == "Invoice 5001 is dated 2026-10-31, on or before the Xero lock date 2026-10-31"
    assert problem.fix.place is FixPlace.PACKAGE


def test_a_document_after_the_lock_date_passes() -> None:
    assert verdict(invoice(), snapshot(lock_date=date(2026, 10, 30))).outcome is Outcome.SEND


def test_a_bill_is_judged_by_the_date_it_carries_in_the_package() -> None:
    """The PO is dated 2026-10-15, the vendor's invoice (and so the bill) 2026-10-18."""
    assert verdict(purchase(), snapshot(lock_date=date(2026, 10, 16))).outcome is Outcome.SEND
    (problem,) = problems_of(verdict(purchase(), snapshot(lock_date=date(2026, 10, 18))), CheckKind.DATE_LOCKED)
    assert problem.value == "2026-10-18"


def test_an_invoice_number_too_long_for_quickbooks_is_fixed_in_settings() -> None:
    plans = context(QUICKBOOKS, invoice_prefix="ACME-SERVICES-")
    assert verdict(invoice(number="5001234"), snapshot(QUICKBOOKS), plans).outcome is Outcome.SEND
    result = verdict(invoice(number="50012345"), snapshot(QUICKBOOKS), plans)
    (problem,) = problems_of(result, CheckKind.NUMBER_TOO_LONG)
    assert problem.message == (
        "Invoice 50012345: invoice number 'ACME-SERVICES-50012345' has 22 characters; QuickBooks Online allows 21"
    )
    assert problem.fix.place is FixPlace.SETTINGS


def test_an_expense_number_too_long_is_fixed_in_connectwise() -> None:
    result = verdict(expense(member="a-very-long-member-id"), snapshot(QUICKBOOKS), context(QUICKBOOKS))
    (problem,) = problems_of(result, CheckKind.NUMBER_TOO_LONG)
    assert problem.fix.place is FixPlace.CONNECTWISE


@given(
    prefix=st.text("ABC-", max_size=12),
    suffix=st.text("XYZ/", max_size=6),
    number=st.text("0123456789", min_size=1, max_size=10),
    limit=st.integers(5, 30),
    returns=st.booleans(),
)
def test_no_planned_number_exceeds_the_package_limit_without_an_error(
    prefix: str, suffix: str, number: str, limit: int, returns: bool
) -> None:
    capabilities = replace(QUICKBOOKS, max_number_length=limit)
    lines = [line("100.00"), line("-30.00", line_id=2)] if returns else [line("100.00")]
    result = verdict(
        invoice(lines, number=number),
        snapshot(capabilities),
        context(capabilities, invoice_prefix=prefix, invoice_suffix=suffix),
    )
    too_long = [part.number for part in result.plan.parts if len(part.number or "") > limit]
    assert sorted(problem.value for problem in problems_of(result, CheckKind.NUMBER_TOO_LONG)) == sorted(too_long)
    if too_long:
        assert not isinstance(result, Ready)


def test_a_document_type_the_package_cannot_create_blocks() -> None:
    result = verdict(purchase([product("-300.00", "-30.00")]), snapshot(QUICKBOOKS), context(QUICKBOOKS))
    (problem,) = problems_of(result, CheckKind.UNSUPPORTED_DOCUMENT)
    assert (
        problem.message
        == "Purchase order 984 would be a supplier credit, which the QuickBooks Online connection cannot create"
    )


def test_an_expense_sent_as_a_bill_against_the_setting_is_a_warning_not_an_error() -> None:
    result = verdict(expense(), plans=context(expenses_as="purchases"))
    assert isinstance(result, Ready)
    (warning,) = result.warnings
    assert warning.kind is CheckKind.EXPENSE_SENT_AS_BILL
    assert not warning.blocking
    assert warning.fix.place is FixPlace.SETTINGS
    assert kinds(verdict(expense(), plans=context(expenses_as="bills"))) == []
