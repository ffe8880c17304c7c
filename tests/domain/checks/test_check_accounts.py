"""Accounts absent or archived in the package (issue 4 part 1): one problem per account code."""

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import (
    BANK,
    COSTS,
    QUICKBOOKS,
    SALES,
    account,
    context,
    expense,
    invoice,
    line,
    snapshot,
)
from tui_ledger.domain.checks import CheckKind, FixPlace, Outcome


def test_an_account_the_package_lacks_blocks_once_naming_the_lines_using_it() -> None:
    result = verdict(invoice([line("60.00", account="4999"), line("40.00", "Licences", account="4999", line_id=2)]))
    (problem,) = problems_of(result, CheckKind.ACCOUNT_MISSING)
    assert problem.message == (
        "Invoice 5001: account '4999' (line 1 'Managed services', line 2 'Licences') "
        "is not in the Xero chart of accounts"
    )
    assert problem.value == "4999"
    assert problem.fix.place is FixPlace.PACKAGE
    assert str(problem.fix).startswith("Xero: add account '4999'")


def test_an_archived_account_blocks_with_its_name() -> None:
    package = snapshot(accounts=[account(SALES, "Old sales", active=False)])
    result = verdict(invoice(), package)
    (problem,) = problems_of(result, CheckKind.ACCOUNT_ARCHIVED)
    assert problem.message == "Invoice 5001: account '4000' (Old sales; line 1 'Managed services') is archived in Xero"


def test_the_payment_account_of_a_purchase_must_exist_too() -> None:
    package = snapshot(QUICKBOOKS, accounts=[account("6100"), account(COSTS)])
    result = verdict(expense(), package, context(QUICKBOOKS, expenses_as="purchases"))
    (problem,) = problems_of(result, CheckKind.ACCOUNT_MISSING)
    assert problem.value == BANK
    assert "(payment)" in problem.message


def test_accounts_present_and_active_pass() -> None:
    result = verdict(invoice())
    assert CheckKind.ACCOUNT_MISSING not in kinds(result)
    assert result.outcome is Outcome.SEND
