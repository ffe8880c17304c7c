"""The Errors pane's groups: by kind, stable order, counts and totals (seed 004)."""

from decimal import Decimal

from tests.domain.plans.builders import context, empty_invoice, expense, invoice, line, snapshot
from tui_ledger.domain.checks import CheckKind, Verdict, check_documents, group_problems


def run() -> tuple[Verdict, ...]:
    documents = [
        invoice([line("100.00", account="4999")], number="1", invoice_id=1),
        invoice([line("50.00", account="4999"), line("5.00", account=None, line_id=2)], number="2", invoice_id=2),
        invoice(number="3", invoice_id=3, currency="EUR"),
        invoice(number="4", invoice_id=4),
        empty_invoice("5"),
        expense(),
    ]
    return check_documents(documents, snapshot(), context(expenses_as="purchases"))


def test_problems_are_grouped_by_kind_in_a_stable_order_with_counts_and_totals() -> None:
    groups = group_problems(run(), "Xero")
    assert [(group.kind, group.title) for group in groups] == [
        (CheckKind.MISSING_GL_ACCOUNT, "Missing GL account mapping"),
        (CheckKind.ACCOUNT_MISSING, "Account missing in Xero"),
        (CheckKind.CURRENCY_MISMATCH, "Currency mismatch"),
    ]
    missing = groups[1]
    assert [entry.document.document_number for entry in missing.entries] == ["1", "2"]
    assert (missing.document_count, missing.problem_count, missing.total) == (2, 2, Decimal("155.00"))


def test_the_grouping_does_not_depend_on_the_document_order() -> None:
    verdicts = run()
    assert [group.kind for group in group_problems(reversed(verdicts), "Xero")] == [
        group.kind for group in group_problems(verdicts, "Xero")
    ]


def test_ready_documents_and_their_warnings_stay_out_of_the_errors_pane() -> None:
    kinds = {group.kind for group in group_problems(run(), "Xero", include_warnings=True)}
    assert CheckKind.EXPENSE_SENT_AS_BILL not in kinds


def test_a_title_names_the_package() -> None:
    assert CheckKind.ALREADY_IN_PACKAGE.title("QuickBooks Online") == "Already in QuickBooks Online"
