"""GL batch calls against the sandbox: one batch per document (seed 000), delete returns records to unposted,
PO unbatch/rebatch (seed 001), and the refusals ConnectWise answers with."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.connectors.connectwise.sandbox import EVERYTHING, collect, open_reader
from tui_ledger.connectors.connectwise import (
    BatchEntryKind,
    ConnectWiseReader,
    PurchaseOrderActionRefused,
    field,
)
from tui_ledger.connectors.errors import NotFound, ValidationFailed
from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.documents import DocumentKind, ProcurementLineKind, UnpostedInvoice
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.demo import BatchRecordKind, DemoCompany
from tui_ledger.sandbox.hub import SandboxHub


@pytest.fixture
async def writer(writable_hub: SandboxHub) -> AsyncIterator[ConnectWiseReader]:
    opened = open_reader(writable_hub)
    yield opened
    await opened.aclose()


async def first_invoice_with_lines(connector: ConnectWiseReader) -> UnpostedInvoice:
    return next(invoice for invoice in await collect(connector.unposted_invoices(EVERYTHING)) if invoice.has_lines)


async def test_a_batch_of_one_invoice_takes_it_off_unposted_and_delete_brings_it_back(
    writer: ConnectWiseReader,
) -> None:
    invoice = await first_invoice_with_lines(writer)
    identifier = str(BatchIdentifier.build(DocumentKind.INVOICE, invoice.number))
    before = await writer.count_unposted_invoices(EVERYTHING)

    batch = await writer.batches.create_batch(identifier, invoice.gl_entry_ids, invoices=True)

    assert batch.identifier == identifier
    assert batch.exports_invoices
    assert not batch.exports_expenses
    assert not batch.closed
    assert await writer.count_unposted_invoices(EVERYTHING) == before - 1
    entries = await writer.batches.batch_entries(batch.id)
    assert sorted(entry.id for entry in entries) == sorted(invoice.gl_entry_ids)
    assert {entry.kind for entry in entries} == {BatchEntryKind.INVOICE}
    assert {entry.invoice.identifier for entry in entries if entry.invoice} == {invoice.number}
    assert await writer.batches.batch(batch.id) == batch

    await writer.batches.delete_batch(batch.id)

    assert await writer.count_unposted_invoices(EVERYTHING) == before
    assert await writer.batches.find_batch(identifier) is None
    with pytest.raises(NotFound):
        await writer.batches.batch(batch.id)


async def test_an_expense_batch_is_made_from_its_gl_entry(writer: ConnectWiseReader) -> None:
    expense = (await collect(writer.unposted_expenses(EVERYTHING)))[0]
    identifier = str(BatchIdentifier.build(DocumentKind.EXPENSE, str(expense.expense_id), expense.member_identifier))

    batch = await writer.batches.create_batch(identifier, expense.gl_entry_ids, expenses=True)

    entries = await writer.batches.batch_entries(batch.id)
    assert [(entry.kind, entry.expense_id) for entry in entries] == [(BatchEntryKind.EXPENSE, expense.expense_id)]
    assert identifier.startswith(f"E{expense.expense_id}{expense.member_identifier}:")


async def test_a_duplicate_identifier_is_refused_with_connectwises_words(writer: ConnectWiseReader) -> None:
    invoices = [invoice for invoice in await collect(writer.unposted_invoices(EVERYTHING)) if invoice.has_lines]
    await writer.batches.create_batch("I-dup:TEST", invoices[0].gl_entry_ids, invoices=True)

    with pytest.raises(ValidationFailed) as caught:
        await writer.batches.create_batch("i-DUP:test", invoices[1].gl_entry_ids, invoices=True)

    assert caught.value.code == "InvalidObject"
    assert "already exists" in str(caught.value)
    assert caught.value.where == "POST /finance/accounting/batches"


async def test_a_closed_batch_cannot_be_deleted(writer: ConnectWiseReader) -> None:
    closed = await writer.batches.batches(closed=True)
    assert closed, "the demo company has a closed batch"

    with pytest.raises(ValidationFailed, match="closed"):
        await writer.batches.delete_batch(closed[0].id)

    assert await writer.batches.batch(closed[0].id) == closed[0]


async def test_listing_batches_with_conditions(writer: ConnectWiseReader, company: DemoCompany) -> None:
    everything = await writer.batches.batches()
    invoice_batches = await writer.batches.batches(field("exportInvoicesFlag").eq(True))

    assert sorted(batch.identifier for batch in everything) == sorted(batch.identifier for batch in company.batches)
    assert [batch.id for batch in everything] == sorted((batch.id for batch in everything), reverse=True)
    assert {batch.identifier for batch in invoice_batches} == {
        batch.identifier for batch in company.batches if batch.exports_invoices
    }


async def test_a_purchase_order_is_unbatched_and_rebatched(writer: ConnectWiseReader, company: DemoCompany) -> None:
    closed = {batch.id for batch in company.batches if batch.closed}
    order_id = next(
        record.record_id
        for batch, record in company.batched_records()
        if record.kind is BatchRecordKind.PO_FREIGHT and batch.id not in closed
    )
    number = next(order.number for order in company.purchase_orders if order.id == order_id)

    message = await writer.batches.unbatch_purchase_order(order_id)

    purchases = {purchase.po_number: purchase for purchase in await collect(writer.unposted_purchases(EVERYTHING))}
    assert number in message
    assert any(line.kind is ProcurementLineKind.FREIGHT for line in purchases[number].lines)

    assert number in await writer.batches.rebatch_purchase_order(order_id)

    purchases_after = {purchase.po_number for purchase in await collect(writer.unposted_purchases(EVERYTHING))}
    assert number not in purchases_after


async def test_rebatching_a_purchase_order_never_batched_is_refused(
    writer: ConnectWiseReader, company: DemoCompany
) -> None:
    in_batches = {(record.kind, record.record_id) for batch in company.batches for record in batch.records}
    never_batched = next(
        order
        for order in company.unposted_purchase_orders()
        if (BatchRecordKind.PO_FREIGHT, order.id) not in in_batches
        and not any((BatchRecordKind.PO_PRODUCT, line.id) in in_batches for line in order.lines)
    )

    with pytest.raises(PurchaseOrderActionRefused, match="no unbatched items") as caught:
        await writer.batches.rebatch_purchase_order(never_batched.id)

    assert never_batched.number in str(caught.value)


class AnswerLostAfterCreate(httpx.AsyncBaseTransport):
    """The batch is created, then the connection drops before the answer arrives."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.dropped = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/finance/accounting/batches"):
            self.dropped += 1
            raise httpx.RemoteProtocolError("server disconnected without sending a response", request=request)
        return response


async def test_a_lost_answer_does_not_lose_or_duplicate_the_batch(writable_hub: SandboxHub) -> None:
    transport = AnswerLostAfterCreate(writable_hub.transport(SERVICE.name))
    connector = open_reader(writable_hub, transport=transport)
    try:
        invoice = await first_invoice_with_lines(connector)
        identifier = str(BatchIdentifier.build(DocumentKind.INVOICE, invoice.number))

        batch = await connector.batches.create_batch(identifier, invoice.gl_entry_ids, invoices=True)

        matching = await connector.batches.batches(field("batchIdentifier").eq(identifier))
    finally:
        await connector.aclose()

    assert transport.dropped == 1
    assert [found.id for found in matching] == [batch.id]


async def test_create_batch_refuses_impossible_requests_before_calling(writer: ConnectWiseReader) -> None:
    with pytest.raises(ValueError, match="1 to 50 characters"):
        await writer.batches.create_batch("I1:" + "X" * 60, [1], invoices=True)
    with pytest.raises(ValueError, match="at least one GL entry"):
        await writer.batches.create_batch("I1:ABCD", [], invoices=True)
