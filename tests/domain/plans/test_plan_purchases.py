"""Purchase plans: one bill per PO with the vendor invoice number as reference, every line's tax kept."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tests.domain.plans.builders import COSTS, context, freight, product, purchase
from tui_ledger.domain.accounting import DocumentType, PartyRole
from tui_ledger.domain.documents import ProcurementLine, ProcurementLineKind
from tui_ledger.domain.plans import plan_document


def test_freight_and_products_of_a_po_become_one_bill_numbered_by_the_po() -> None:
    plan = plan_document(purchase([freight("12.50"), product("300.00", "30.00")]), context(invoice_prefix="CW-"))
    (part,) = plan.parts
    draft = part.draft
    assert draft.document_type is DocumentType.BILL
    assert draft.number == plan.target_number == "984"
    assert draft.reference == "INV-77"
    assert draft.issue_date == date(2026, 10, 18)
    assert draft.contact.name == "Ingram Micro"
    assert [(entry.description, entry.item_code, entry.account_code) for entry in draft.lines] == [
        ("Freight", None, COSTS),
        ("Switch 24 port", "SW-24", COSTS),
    ]
    assert draft.lines[1].quantity == Decimal(2)
    assert [entry.tax_amount for entry in draft.lines] == [Decimal("0.00"), Decimal("30.00")]
    assert part.total == Decimal("342.50")


def test_without_a_vendor_invoice_date_the_bill_is_dated_by_the_po() -> None:
    undated = replace(purchase(), vendor_invoice_date=None)
    assert plan_document(undated, context()).parts[0].draft.issue_date == date(2026, 10, 15)


def test_the_plan_names_the_supplier_and_purchased_items() -> None:
    plan = plan_document(purchase(), context())
    assert plan.contact is not None
    assert (plan.contact.name, plan.contact.role) == ("Ingram Micro", PartyRole.SUPPLIER)
    assert [(item.code, item.purchase_account_code, item.sales_account_code) for item in plan.items] == [
        ("SW-24", COSTS, None)
    ]


def test_a_po_of_returned_goods_is_a_supplier_credit_with_positive_amounts() -> None:
    plan = plan_document(purchase([product("-300.00", "-30.00", quantity="-2")]), context())
    (part,) = plan.parts
    assert part.draft.document_type is DocumentType.SUPPLIER_CREDIT
    assert part.total == Decimal("330.00")
    assert plan.signed_total == Decimal("-330.00")


procurement_lines = st.builds(
    lambda kind, amount, tax, quantity: ProcurementLine(
        1, "X", kind, "line", Decimal(amount).scaleb(-2), Decimal(tax).scaleb(-2), Decimal(quantity), COSTS
    ),
    st.sampled_from(ProcurementLineKind),
    st.integers(-100_000, 100_000),
    st.integers(-10_000, 10_000),
    st.integers(-4, 12),
)


@given(lines=st.lists(procurement_lines, min_size=1, max_size=8))
def test_a_bill_adds_up_to_the_po_total_to_the_cent(lines: list[ProcurementLine]) -> None:
    document = purchase(lines)
    plan = plan_document(document, context())
    assert plan.signed_total == document.total
    assert all(entry.quantity > 0 for entry in plan.parts[0].draft.lines)
