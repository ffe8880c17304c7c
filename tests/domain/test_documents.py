"""Document models: totals, negatives, zero-line invoices and PO grouping, as the export relies on them."""

from datetime import date
from decimal import Decimal

from tui_ledger.domain.documents import (
    DocumentKind,
    DocumentSummary,
    InvoiceLine,
    ProcurementLine,
    ProcurementLineKind,
    Reference,
    UnpostedExpense,
    UnpostedInvoice,
    UnpostedPurchase,
)
from tui_ledger.domain.filters import UnpostedFilter


def invoice(number: str, amounts: list[str]) -> UnpostedInvoice:
    lines = tuple(InvoiceLine(line_id=i, description="x", amount=Decimal(a)) for i, a in enumerate(amounts))
    return UnpostedInvoice(
        unposted_id=1,
        invoice_id=2,
        number=number,
        invoice_type="Standard",
        invoice_date=date(2026, 10, 31),
        customer=Reference(1, "ACME", "Acme Ltd"),
        total=sum((Decimal(a) for a in amounts), Decimal(0)),
        lines=lines,
    )


def test_negative_invoices_are_recognised_for_credit_notes() -> None:
    assert invoice("10", ["-5.00"]).is_negative
    assert not invoice("11", ["5.00"]).is_negative


def test_zero_line_invoices_have_no_lines() -> None:
    empty = invoice("12", [])
    assert not empty.has_lines
    assert empty.lines_total == Decimal("0.00")


def test_a_purchase_totals_freight_products_and_tax_and_collects_gl_entries() -> None:
    purchase = UnpostedPurchase(
        po_id=7,
        po_number="984",
        vendor=Reference(9, "INGRAM", "Ingram Micro"),
        purchase_date=date(2026, 10, 30),
        lines=(
            ProcurementLine(1, "F-7", ProcurementLineKind.FREIGHT, "Freight", Decimal("12.50"), gl_entry_ids=(101,)),
            ProcurementLine(
                2,
                "P-8",
                ProcurementLineKind.PRODUCT,
                "Switch",
                Decimal("300.00"),
                Decimal("30.00"),
                gl_entry_ids=(102, 103),
            ),
        ),
    )
    assert purchase.total == Decimal("342.50")
    assert purchase.gl_entry_ids == (101, 102, 103)
    assert purchase.kind is DocumentKind.PROCUREMENT
    assert purchase.document_number == "984"


def test_expense_document_number_carries_the_member_like_its_batch_label() -> None:
    expense = UnpostedExpense(
        unposted_id=1,
        expense_id=4351,
        member_identifier="bbastine",
        expense_date=date(2026, 10, 1),
        total=Decimal("20.00"),
    )
    assert expense.document_number == "4351bbastine"


def test_an_expense_is_owed_to_the_member_by_name_with_the_identifier_as_number() -> None:
    named = UnpostedExpense(
        unposted_id=1,
        expense_id=4351,
        member_identifier="bbastine",
        member_name=" Bob Bastine ",
        expense_date=date(2026, 10, 1),
        total=Decimal("20.00"),
    )
    unnamed = UnpostedExpense(
        unposted_id=2, expense_id=4352, member_identifier="bbastine", expense_date=date(2026, 10, 1), total=Decimal(1)
    )
    assert named.counterparty == Reference(identifier="bbastine", name="Bob Bastine")
    assert named.document_number == "4351bbastine"
    assert unnamed.counterparty == Reference(identifier="bbastine", name="bbastine")


def test_summary_counts_and_totals() -> None:
    summary = DocumentSummary.of([invoice("1", ["10.10"]), invoice("2", ["-0.10"])])
    assert (summary.count, summary.total) == (2, Decimal("10.00"))


def test_filter_lists_only_included_kinds() -> None:
    chosen = UnpostedFilter(thru_date=date(2026, 10, 31), include_expenses=False)
    assert chosen.kinds == (DocumentKind.INVOICE, DocumentKind.PROCUREMENT)
