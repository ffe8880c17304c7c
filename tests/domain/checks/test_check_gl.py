"""GL mapping and GL entries (issue 4 part 1): fixed in ConnectWise, named by product."""

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import QUICKBOOKS, context, expense, invoice, line, snapshot
from tui_ledger.domain.checks import Blocked, CheckKind, FixPlace, Outcome


def test_a_line_without_a_gl_account_blocks_and_says_which_product_to_map() -> None:
    result = verdict(invoice([line("100.00", "Office 365", account=None, item="MS-365")]))
    assert isinstance(result, Blocked)
    (problem,) = problems_of(result, CheckKind.MISSING_GL_ACCOUNT)
    assert problem.message == "Invoice 5001 line 1 'Office 365': no GL account is mapped"
    assert problem.fix.place is FixPlace.CONNECTWISE
    assert str(problem.fix) == "ConnectWise: Finance > GL Mapping: map product 'MS-365' to a GL account"
    assert problem.value == "MS-365"
    assert problem.blocking


def test_each_unmapped_line_is_reported() -> None:
    result = verdict(invoice([line("60.00", account=None), line("40.00", account=" ", line_id=2)]))
    assert kinds(result).count(CheckKind.MISSING_GL_ACCOUNT) == 2


def test_an_unmapped_down_payment_names_deferred_revenue() -> None:
    result = verdict(invoice([line("100.00", "Deposit", account=None, down_payment=True)]))
    (problem,) = problems_of(result, CheckKind.MISSING_GL_ACCOUNT)
    assert "deferred revenue" in problem.fix.instruction


def test_a_purchase_needs_a_credit_account_to_be_paid_from() -> None:
    plans = context(QUICKBOOKS, expenses_as="purchases")
    result = verdict(expense(credit_account=None), snapshot(QUICKBOOKS), plans)
    (problem,) = problems_of(result, CheckKind.MISSING_GL_ACCOUNT)
    assert problem.message == "Expense 4351bbastine: no credit account to pay the purchase from"


def test_a_document_without_gl_entries_cannot_be_batched_so_it_blocks() -> None:
    result = verdict(invoice(gl_entry_ids=()))
    assert kinds(result) == [CheckKind.NO_GL_ENTRIES]
    assert result.problems[0].fix.place is FixPlace.CONNECTWISE


def test_a_mapped_document_with_gl_entries_is_ready() -> None:
    assert verdict(invoice()).outcome is Outcome.SEND
