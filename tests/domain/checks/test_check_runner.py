"""The runner: zero-line invoices (seed 002), Ready vs Blocked, every problem at once, Refresh of one document."""

from tests.domain.checks.check_helpers import kinds, verdict
from tests.domain.plans.builders import QUICKBOOKS, account, context, empty_invoice, invoice, line, purchase, snapshot
from tui_ledger.domain.checks import (
    CHECKS,
    Blocked,
    CheckContext,
    CheckKind,
    NotSent,
    Outcome,
    Ready,
    check_document,
    check_documents,
    no_lines_log_text,
    planned_creations,
)
from tui_ledger.domain.documents import Reference


def test_an_invoice_without_lines_is_marked_batched_without_sending_seed_002() -> None:
    result = verdict(empty_invoice())
    assert isinstance(result, NotSent)
    assert result.outcome is Outcome.NOT_SENT
    assert result.log_text == "Invoice has no lines - not sent to Xero"
    assert result.problems == ()
    quickbooks = verdict(empty_invoice(), snapshot(QUICKBOOKS))
    assert isinstance(quickbooks, NotSent)
    assert quickbooks.log_text == "Invoice has no lines - not sent to QuickBooks Online"
    assert no_lines_log_text("QuickBooks") == "Invoice has no lines - not sent to QuickBooks"


def test_a_clean_document_is_ready_with_its_plan_and_contact() -> None:
    result = verdict(invoice())
    assert isinstance(result, Ready)
    assert result.outcome is Outcome.SEND
    assert result.plan.target_number == "5001"
    assert result.warnings == ()


def test_every_problem_of_a_document_is_listed_at_once() -> None:
    document = invoice([line("100.00", account="4999", tax_code="GST", item="MS-365")], currency="EUR")
    result = verdict(document)
    assert isinstance(result, Blocked)
    assert kinds(result) == [
        CheckKind.ACCOUNT_MISSING,
        CheckKind.TAX_CODE_MISSING,
        CheckKind.ITEM_MISSING,
        CheckKind.CURRENCY_MISMATCH,
    ]
    assert all(problem.blocking for problem in result.blocking)


def test_refresh_rechecks_one_document_after_a_fix_elsewhere() -> None:
    document = invoice([line("100.00", account="4999")])
    plans = context()
    before = snapshot()
    assert isinstance(check_documents([document], before, plans)[0], Blocked)
    fixed = snapshot(accounts=[account("4999")])
    assert isinstance(check_document(document, CheckContext.for_run([document], fixed, plans)), Ready)


def test_verdicts_come_back_in_document_order() -> None:
    documents = [invoice(number=str(n), invoice_id=n) for n in range(1, 6)]
    verdicts = check_documents(documents, snapshot(), context())
    assert [result.document for result in verdicts] == documents


def test_the_registry_runs_every_family_of_checks() -> None:
    names = {check.__name__ for check in CHECKS}
    assert names == {
        "check_gl_mapping",
        "check_gl_entries",
        "check_accounts",
        "check_payment_account",
        "check_taxes",
        "check_party",
        "check_items",
        "check_already_in_package",
        "check_currency",
        "check_lines_add_up",
        "check_lock_date",
        "check_number_length",
        "check_supported",
    }


def test_a_new_customer_of_many_invoices_is_created_once_before_them() -> None:
    globex = Reference(251, "GLOBEX", "Globex Corp")
    documents = [
        invoice(number="1", invoice_id=1, customer=globex),
        invoice(number="2", invoice_id=2, customer=globex),
        invoice([line("10.00", item="MS-365")], number="3", invoice_id=3),
        purchase(vendor=Reference(401, "TD", "TD Synnex")),
    ]
    creations = planned_creations(check_documents(documents, snapshot(), context(create_missing_items=True)))
    assert [draft.name for draft in creations.customers] == ["Globex Corp"]
    assert [draft.name for draft in creations.suppliers] == ["TD Synnex"]
    assert [draft.code for draft in creations.items] == ["MS-365"]
