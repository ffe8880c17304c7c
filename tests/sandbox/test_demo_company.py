"""The demo company: the same inputs give the same world, and the world holds every case the product must meet."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.sandbox.demo import (
    BatchRecordKind,
    DemoCompany,
    Invoice,
    InvoiceType,
    LineKind,
    PurchaseOrder,
)
from tui_ledger.sandbox.demo_codec import decode, encode

ANCHOR = date(2026, 10, 31)


@pytest.fixture(scope="module")
def world() -> DemoCompany:
    return DemoCompany.generate(anchor=ANCHOR)


def test_same_inputs_give_a_byte_identical_world(world: DemoCompany) -> None:
    again = DemoCompany.generate(anchor=ANCHOR)
    assert again == world
    assert again.fingerprint() == world.fingerprint()


@pytest.mark.parametrize(
    "other",
    [{"seed": 7}, {"anchor": date(2026, 11, 30)}, {"scale": 2}],
)
def test_another_seed_anchor_or_scale_gives_another_world(world: DemoCompany, other: dict[str, object]) -> None:
    assert DemoCompany.generate(**{"anchor": ANCHOR, **other}).fingerprint() != world.fingerprint()  # type: ignore[arg-type]


def test_documents_scale_and_are_dated_up_to_the_anchor(world: DemoCompany) -> None:
    bigger = DemoCompany.generate(anchor=ANCHOR, scale=3)
    assert (len(world.invoices), len(world.expenses), len(world.purchase_orders)) == (150, 60, 30)
    assert len(bigger.invoices) == 3 * len(world.invoices)
    assert all(invoice.date <= ANCHOR for invoice in bigger.invoices)
    assert all(invoice.date_closed is None or invoice.date_closed <= ANCHOR for invoice in bigger.invoices)
    assert len(DemoCompany.generate(anchor=ANCHOR, invoice_count=500).invoices) == 500


def test_invoice_numbers_follow_dates_and_line_ids_are_unique(world: DemoCompany) -> None:
    assert [invoice.date for invoice in world.invoices] == sorted(invoice.date for invoice in world.invoices)
    line_ids = [line.id for invoice in world.invoices for line in invoice.lines]
    assert len(line_ids) == len(set(line_ids))


def test_invoices_add_up_to_the_cent(world: DemoCompany) -> None:
    for invoice in world.invoices:
        for line in invoice.lines:
            assert line.amount == (line.quantity * line.unit_price).quantize(line.amount)
        assert invoice.total == invoice.subtotal + invoice.sales_tax


def test_the_world_has_every_awkward_case(world: DemoCompany) -> None:
    kinds = Counter(invoice.type for invoice in world.unposted_invoices())
    assert {InvoiceType.AGREEMENT, InvoiceType.STANDARD, InvoiceType.CREDIT_MEMO, InvoiceType.DOWN_PAYMENT} <= set(
        kinds
    )
    assert any(not invoice.lines for invoice in world.unposted_invoices()), "a zero-line invoice"
    assert any(invoice.total < 0 for invoice in world.unposted_invoices()), "a negative invoice"
    assert any(_applies_down_payment(invoice) for invoice in world.invoices), "a down payment applied"
    assert any(invoice.date_closed is None for invoice in world.invoices), "an invoice still open"
    assert any(expense.date_closed is None for expense in world.expenses), "an expense not approved"
    assert any(order.freight_cost and order.lines for order in world.unposted_purchase_orders()), "PO with freight"
    assert any(not order.freight_cost for order in world.purchase_orders), "PO without freight"
    assert any(product.income_account is None for product in world.products), "a product without a GL account"
    assert {customer.currency for customer in world.customers} == {"USD", "CAD"}
    assert any(customer.billing_contact_id is None for customer in world.customers)
    assert len({location.id for location in world.locations}) >= 3


def _applies_down_payment(invoice: Invoice) -> bool:
    return any(line.kind is LineKind.DOWN_PAYMENT and line.amount < 0 for line in invoice.lines)


def test_a_customer_name_carries_a_double_quote_and_an_apostrophe(world: DemoCompany) -> None:
    assert any('"' in customer.name and "'" in customer.name for customer in world.customers)


def test_batches_are_the_ones_seeds_000_and_001_talk_about(world: DemoCompany) -> None:
    closed = [batch for batch in world.batches if batch.closed]
    shared = [
        batch for batch in world.batches if not batch.closed and BatchIdentifier.try_parse(batch.identifier) is None
    ]
    own = [batch for batch in world.batches if BatchIdentifier.try_parse(batch.identifier) is not None]
    assert len(closed) == 1
    assert len(closed[0].records) > 1
    assert len(shared) == 1
    assert len(shared[0].records) > 3
    assert any(record.unbatched for record in shared[0].records), "a record unbatched in the UI"
    kinds = {BatchIdentifier.parse(batch.identifier).kind for batch in own}
    assert kinds == {DocumentKind.INVOICE, DocumentKind.EXPENSE, DocumentKind.PROCUREMENT}
    po_batch = next(batch for batch in own if batch.identifier.startswith("P"))
    assert {record.kind for record in po_batch.records} == {BatchRecordKind.PO_FREIGHT, BatchRecordKind.PO_PRODUCT}
    assert sum(record.unbatched for record in po_batch.records) == 1
    batched = [(record.kind, record.record_id) for batch in world.batches for record in batch.records]
    assert len(batched) == len(set(batched)), "a record sits in one batch at most"


def test_batched_documents_are_not_unposted_unless_unbatched(world: DemoCompany) -> None:
    unposted = {invoice.id for invoice in world.unposted_invoices()}
    for batch in world.batches:
        for record in batch.records:
            if record.kind is BatchRecordKind.INVOICE:
                assert (record.record_id in unposted) is record.unbatched


def test_marketplace_maps_partly_to_customers_products_and_agreements(world: DemoCompany) -> None:
    customers = {customer.id: customer for customer in world.customers}
    mapped = [org for org in world.organizations if org.customer_id is not None]
    assert all(customers[org.customer_id].name == org.name for org in mapped if org.customer_id)
    assert any(org.customer_id is None for org in world.organizations)
    assert any(offer.product_id is None for offer in world.offers)
    assert any(offer.billing_cycle == "One-Time" for offer in world.offers)
    assert any(contract.agreement_id is not None for contract in world.contracts)
    assert any(contract.agreement_id is None for contract in world.contracts)
    previous_month = date(2026, 9, 1)
    assert any(s.start_date.replace(day=1) == previous_month for s in world.subscriptions)
    assert any(s.end_date and s.end_date.replace(day=1) == previous_month for s in world.subscriptions)
    assert {invoice.date.month for invoice in world.custom_invoices} >= {9, 10}


def test_documents_survive_the_compact_codec(world: DemoCompany) -> None:
    for invoice in world.invoices[:40]:
        assert decode(Invoice, encode(invoice)) == invoice
    for order in world.purchase_orders[:10]:
        assert decode(PurchaseOrder, encode(order)) == order
