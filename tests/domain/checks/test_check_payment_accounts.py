"""A purchase paid from an account the package refuses to pay purchases from (QuickBooks: bank or credit card only)."""

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import (
    BANK,
    QUICKBOOKS,
    SALES,
    TRAVEL,
    XERO,
    account,
    context,
    expense,
    snapshot,
)
from tui_ledger.domain.checks import Blocked, CheckKind, FixPlace, Outcome

REIMBURSEMENTS = "2150"
CARD = "2010"


def quickbooks_books() -> list:
    return [
        account(SALES),
        account(TRAVEL, "Travel", account_type="Expense"),
        account(BANK, "Business Checking"),
        account(CARD, "Company Credit Card", account_type="Credit Card"),
        account(REIMBURSEMENTS, "Employee Reimbursements Payable", account_type="Other Current Liability"),
    ]


def test_a_purchase_paid_from_a_liability_is_blocked_before_sending_with_where_to_fix() -> None:
    package = snapshot(QUICKBOOKS, accounts=quickbooks_books())

    result = verdict(expense(credit_account=REIMBURSEMENTS), package, context(QUICKBOOKS, expenses_as="purchases"))

    assert isinstance(result, Blocked)
    (problem,) = problems_of(result, CheckKind.PAYMENT_ACCOUNT_NOT_ALLOWED)
    assert problem.message == (
        "Expense 4351bbastine would be a purchase paid from account '2150' (Employee Reimbursements Payable, type "
        "'Other Current Liability'); QuickBooks Online pays purchases only from 'Bank' or 'Credit Card' accounts"
    )
    assert problem.value == REIMBURSEMENTS
    assert problem.fix.place is FixPlace.SETTINGS
    assert str(problem.fix).startswith('Settings: Export: set "expenses as" to bills')
    assert "Finance > GL Mapping" in problem.fix.instruction
    assert CheckKind.PAYMENT_ACCOUNT_NOT_ALLOWED.title("QuickBooks Online") == (
        "Purchase paid from an account QuickBooks Online refuses"
    )


def test_purchases_paid_from_the_bank_or_a_credit_card_pass() -> None:
    package = snapshot(QUICKBOOKS, accounts=quickbooks_books())
    plans = context(QUICKBOOKS, expenses_as="purchases")

    for paid_from in (BANK, CARD):
        result = verdict(expense(credit_account=paid_from), package, plans)
        assert result.outcome is Outcome.SEND, result.problems


def test_the_same_expense_sent_as_a_bill_is_owed_to_the_member_and_passes() -> None:
    package = snapshot(QUICKBOOKS, accounts=quickbooks_books())

    result = verdict(expense(credit_account=REIMBURSEMENTS), package, context(QUICKBOOKS, expenses_as="bills"))

    assert result.outcome is Outcome.SEND


def test_a_missing_payment_account_is_reported_once_as_missing_not_as_refused() -> None:
    package = snapshot(QUICKBOOKS, accounts=quickbooks_books())

    result = verdict(expense(credit_account="2999"), package, context(QUICKBOOKS, expenses_as="purchases"))

    assert CheckKind.ACCOUNT_MISSING in kinds(result)
    assert CheckKind.PAYMENT_ACCOUNT_NOT_ALLOWED not in kinds(result)


def test_a_package_without_purchases_never_raises_it() -> None:
    package = snapshot(XERO, accounts=quickbooks_books())

    result = verdict(expense(credit_account=REIMBURSEMENTS), package, context(XERO, expenses_as="purchases"))

    assert CheckKind.PAYMENT_ACCOUNT_NOT_ALLOWED not in kinds(result)
