"""The rows of View Details: documents with marks, lines under their document whatever the sort or search."""

from __future__ import annotations

from decimal import Decimal

from tests.ui.fakes import INVOICES
from tui_ledger.domain.accounting import DocumentDraft, DocumentType, LineDraft, PartyRef
from tui_ledger.domain.checks import NotSent, Ready, Resolution, Verdict
from tui_ledger.domain.documents import DocumentKind, UnpostedInvoice
from tui_ledger.domain.plans import DocumentPlan, PlannedDocument, PlanPart
from tui_ledger.domain.plans.model import LineOrigin
from tui_ledger.ui.screens.export_detail_rows import DetailRow, DetailsSource, document_columns


def ready(invoice: UnpostedInvoice) -> Verdict:
    """A Ready verdict whose plan has one package line per PSA line; a negative invoice becomes a credit note."""
    credit = invoice.total < 0
    lines = tuple(
        LineDraft(line.description, Decimal(1), abs(line.amount), account_code="4000") for line in invoice.lines
    )
    draft = DocumentDraft(
        document_type=DocumentType.SALES_CREDIT if credit else DocumentType.SALES_INVOICE,
        idempotency_key=f"k-{invoice.number}",
        contact=PartyRef(name=invoice.customer.label),
        issue_date=invoice.invoice_date,
        lines=lines,
        number=f"CW-{invoice.number}",
    )
    part = PlannedDocument(PlanPart.MAIN, draft, tuple(LineOrigin(f"line {i}") for i in range(len(lines))))
    plan = DocumentPlan(invoice, (part,), None, ())
    if not invoice.has_lines:
        return NotSent(DocumentPlan(invoice, (), None, ()), "Invoice has no lines - not sent to Xero")
    return Ready(plan)


def source() -> DetailsSource:
    return DetailsSource([ready(invoice) for invoice in INVOICES], lambda verdict: None)


def numbers(rows: list[DetailRow]) -> list[str]:
    return [
        f"  {row.line.description}"
        if row.line
        else (f"  {row.note}" if row.note else row.verdict.document.document_number)
        for row in rows
    ]


def test_a_document_expands_to_its_lines_and_a_line_collapses_it_again() -> None:
    rows = source()

    assert rows.toggle_lines(0)
    assert numbers(rows.window(0, 10)) == ["508", "  Line 0", "  Line 1", "509", "510", "511"]
    line_key = rows.window(0, 10)[2].key
    assert not rows.toggle_lines(line_key)
    assert numbers(rows.window(0, 10)) == ["508", "509", "510", "511"]


def test_an_invoice_without_lines_says_it_is_not_sent() -> None:
    rows = source()
    rows.toggle_lines(2)

    assert numbers(rows.window(0, 10)) == ["508", "509", "510", "  Invoice has no lines - not sent to Xero", "511"]


def test_sorting_and_searching_arrange_documents_and_lines_stay_under_theirs() -> None:
    rows = source()
    rows.toggle_lines(0)

    rows.sort("total", descending=True)
    assert numbers(rows.window(0, 10)) == ["508", "  Line 0", "  Line 1", "509", "510", "511"]
    rows.sort("total")
    assert numbers(rows.window(0, 10)) == ["511", "510", "509", "508", "  Line 0", "  Line 1"]
    rows.search("acme")
    assert numbers(rows.window(0, 10)) == ["511", "508", "  Line 0", "  Line 1"]
    assert rows.count() == 4


def test_a_line_marks_its_document_and_marked_only_shows_marked_documents_with_their_lines() -> None:
    rows = source()
    rows.toggle_lines(0)
    line = rows.window(0, 10)[1]

    assert rows.set_marked(line.key, True)
    assert not rows.set_marked(0, True), "already marked through its line"
    assert [v.document.document_number for v in rows.marked_verdicts()] == ["508"]
    assert all(row.marked for row in rows.window(0, 3))
    rows.set_marked(3, True)
    rows.show_marked_only(True)
    assert numbers(rows.window(0, 10)) == ["508", "  Line 0", "  Line 1", "511"]
    assert rows.position_of_document(line.key) == 0


def test_mark_all_marks_the_documents_shown_and_the_selection_keeps_retrieval_order() -> None:
    rows = source()
    rows.sort("number", descending=True)
    rows.search("5")

    assert rows.mark_all(True) == 4
    assert rows.marked_count() == 4
    assert [v.document.document_number for v in rows.marked_verdicts()] == ["508", "509", "510", "511"]
    rows.search("509")
    assert rows.mark_all(False) == 1
    assert rows.marked_count() == 3


def test_columns_name_the_package_numbers_and_say_what_export_does() -> None:
    rows = DetailsSource(
        [ready(invoice) for invoice in INVOICES],
        lambda verdict: Resolution.LINK if verdict.document.document_number == "509" else None,
    )
    columns = document_columns(DocumentKind.INVOICE, "Xero", "credit note", lambda: "->")
    cells = [{column.key: column.cell(row).text for column in columns} for row in rows.window(0, 4)]

    assert [column.title for column in columns] == [
        "Customer",
        "Invoice #",
        "Date",
        "Total",
        "Xero Invoice #",
        "Xero Credit Note #",
        "Export",
    ]
    assert [(cell["target"], cell["credit"], cell["action"]) for cell in cells] == [
        ("CW-508", "", "send"),
        ("CW-509", "", "link"),
        ("", "", "not sent"),
        ("", "CW-511", "send"),
    ]
    assert cells[3]["total"] == "-125.25 USD"
    rows.toggle_lines(0)
    line = {column.key: column.cell(rows.window(1, 1)[0]).text for column in columns}
    assert line == {
        "who": "  -> Line 0",
        "number": "",
        "date": "acct 4000",
        "total": "1,200.00 USD",
        "target": "",
        "credit": "",
        "action": "",
    }
