"""Currency and totals (issue 4 part 1): the package's currencies, and lines adding up to the cent."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import QUICKBOOKS, expense, invoice, line, snapshot
from tui_ledger.domain.checks import CheckKind, FixPlace, Outcome


def test_a_foreign_currency_blocks_in_a_single_currency_organisation() -> None:
    (problem,) = problems_of(verdict(invoice(currency="EUR")), CheckKind.CURRENCY_MISMATCH)
    assert problem.message == "Invoice 5001 is in EUR, but Xero records USD only"
    assert problem.fix.place is FixPlace.PACKAGE
    assert problem.fix.instruction == (
        "turn on multi-currency in the company's settings and add EUR, or bill the customer in USD in ConnectWise"
    )


def test_multi_currency_accepts_the_enabled_currencies_only() -> None:
    package = snapshot(multi_currency=True, currencies=["EUR", "gbp"])
    assert verdict(invoice(currency="EUR"), package).outcome is Outcome.SEND
    assert verdict(invoice(currency="GBP"), package).outcome is Outcome.SEND
    (problem,) = problems_of(verdict(invoice(currency="CAD"), package), CheckKind.CURRENCY_MISMATCH)
    assert problem.message == "Invoice 5001 is in CAD, but Xero records USD, EUR, GBP only"
    assert verdict(invoice(currency="CAD"), snapshot(multi_currency=True)).outcome is Outcome.SEND


def test_a_currency_the_company_cannot_record_still_blocks_with_where_to_enable_it() -> None:
    """The company's list names the base currency too (as connectors read it); only a currency outside it blocks."""
    package = snapshot(QUICKBOOKS, multi_currency=True, currencies=["USD", "CAD"])
    assert verdict(invoice(currency="CAD"), package).outcome is Outcome.SEND
    assert verdict(invoice(currency="usd"), package).outcome is Outcome.SEND
    (problem,) = problems_of(verdict(invoice(currency="EUR"), package), CheckKind.CURRENCY_MISMATCH)
    assert problem.message == "Invoice 5001 is in EUR, but QuickBooks Online records USD, CAD only"
    assert problem.value == "EUR"
    assert problem.fix.place is FixPlace.PACKAGE
    assert str(problem.fix) == "QuickBooks Online: add EUR to the company's currencies in its settings"


def test_expenses_are_checked_for_currency_too() -> None:
    assert kinds(verdict(expense(), snapshot(base_currency="AUD"))) == [CheckKind.CURRENCY_MISMATCH]


def test_lines_that_do_not_add_up_block_with_the_difference() -> None:
    document = invoice([line("60.00"), line("40.00", line_id=2)], tax="5.00", total_="105.01")
    (problem,) = problems_of(verdict(document), CheckKind.LINES_DO_NOT_ADD_UP)
    assert problem.message == (
        "Invoice 5001: lines 100.00 + tax 5.00 = 105.00, but the total is 105.01 (difference 0.01)"
    )
    assert problem.fix.place is FixPlace.CONNECTWISE
    assert problem.value == "0.01"


@given(
    amounts=st.lists(st.integers(-100_000, 100_000), min_size=1, max_size=6),
    tax=st.integers(-5_000, 5_000),
    drift=st.integers(-300, 300),
)
def test_an_invoice_is_stopped_exactly_when_it_is_off_by_a_cent_or_more(
    amounts: list[int], tax: int, drift: int
) -> None:
    lines = [line(str(Decimal(amount).scaleb(-2)), line_id=index) for index, amount in enumerate(amounts)]
    stated = Decimal(sum(amounts) + tax + drift).scaleb(-2)
    result = verdict(invoice(lines, tax=str(Decimal(tax).scaleb(-2)), total_=str(stated)))
    assert (CheckKind.LINES_DO_NOT_ADD_UP in kinds(result)) == (drift != 0)
