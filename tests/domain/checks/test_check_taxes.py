"""Tax codes absent, inactive, or not allowed with the line's account (issue 4 part 1)."""

from decimal import Decimal

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import SALES, account, invoice, line, snapshot
from tui_ledger.domain.accounting import TaxRateRecord
from tui_ledger.domain.checks import CheckKind, FixPlace, Outcome, PackageSnapshot
from tui_ledger.domain.documents import UnpostedInvoice


def taxed(code: str, *, account: str = SALES) -> UnpostedInvoice:
    return invoice([line("100.00", tax_code=code, taxable=True, account=account)], tax="10.00")


def test_a_tax_code_the_package_lacks_blocks() -> None:
    result = verdict(taxed("GST"))
    (problem,) = problems_of(result, CheckKind.TAX_CODE_MISSING)
    assert problem.message == "Invoice 5001 line 1 'Managed services': 'GST' is not a tax code in Xero"
    assert problem.value == "GST"
    assert problem.fix.place is FixPlace.PACKAGE


def test_an_inactive_tax_code_blocks() -> None:
    package = snapshot(tax_rates=[TaxRateRecord("OUTPUT", "Sales tax", Decimal("0.1"), active=False)])
    (problem,) = problems_of(verdict(taxed("OUTPUT"), package), CheckKind.TAX_CODE_MISSING)
    assert "inactive" in problem.message


def test_a_missing_code_on_several_lines_is_reported_once() -> None:
    document = invoice([line("50.00", tax_code="GST"), line("50.00", tax_code="GST", line_id=2)])
    assert kinds(verdict(document)).count(CheckKind.TAX_CODE_MISSING) == 1


def constrained(*applies_to: str) -> PackageSnapshot:
    """A package whose sales account is a REVENUE account and whose OUTPUT rate applies to `applies_to`."""
    return snapshot(
        accounts=[account(SALES, account_class="REVENUE")],
        tax_rates=[TaxRateRecord("OUTPUT", "Sales tax", Decimal("10"), True, applies_to=frozenset(applies_to))],
    )


def test_a_tax_code_the_account_does_not_allow_blocks() -> None:
    package = constrained("EXPENSE")
    (problem,) = problems_of(verdict(taxed("OUTPUT"), package), CheckKind.TAX_NOT_ALLOWED)
    assert problem.message == (
        "Invoice 5001 line 1 'Managed services': tax code 'OUTPUT' cannot be used with account '4000' in Xero"
    )
    assert problem.value == "OUTPUT on 4000"


def test_allowed_and_unconstrained_tax_codes_pass() -> None:
    assert verdict(taxed("OUTPUT"), constrained("REVENUE", "EXPENSE")).outcome is Outcome.SEND
    assert verdict(taxed("OUTPUT"), snapshot()).outcome is Outcome.SEND
