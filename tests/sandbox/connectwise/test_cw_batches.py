"""GL batch state transitions (reference §4 and §7): create from GL entry ids, delete, PO unbatch / rebatch."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS, body
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.demo import BatchRecordKind, DemoCompany
from tui_ledger.sandbox.hub import SandboxHub

UNPOSTED = "finance/accounting/unpostedinvoices"
BATCHES = "finance/accounting/batches"


async def preview(client: httpx.AsyncClient, **request: Any) -> dict[str, Any]:
    response = await client.post("finance/accounting/export", json=request)
    assert response.status_code == 200, response.text
    return body(response)


async def unposted_invoice_ids(client: httpx.AsyncClient) -> set[int]:
    return {row["billingLogId"] for row in body(await client.get(UNPOSTED, params={"pageSize": 1000}))}


async def batch_one_invoice(client: httpx.AsyncClient, invoice_id: int, identifier: str) -> httpx.Response:
    export = await preview(client, exportInvoicesFlag=True, includedInvoiceIds=[invoice_id])
    [transaction] = export["transactions"]
    entry_ids = [int(entry) for entry in transaction["glEntryIds"].split(",")]
    return await client.post(
        BATCHES, json={"batchIdentifier": identifier, "exportInvoicesFlag": True, "processedRecordIds": entry_ids}
    )


async def test_a_batch_takes_its_invoice_off_unposted_and_marks_the_invoice(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    invoice = company.unposted_invoices()[-1]
    response = await batch_one_invoice(client, invoice.id, f"I{invoice.number}:TEST0001")
    assert response.status_code == 201
    assert [t["documentNumber"] for t in body(response)["transactions"]] == [invoice.number]
    assert invoice.id not in await unposted_invoice_ids(client)
    batches = body(await client.get(BATCHES, params={"conditions": f'batchIdentifier = "I{invoice.number}:TEST0001"'}))
    assert len(batches) == 1
    assert batches[0]["exportInvoicesFlag"] is True
    assert batches[0]["closedFlag"] is False
    shown = body(await client.get(f"finance/invoices/{invoice.id}"))
    assert shown["glBatch"] == {"id": batches[0]["id"], "name": f"I{invoice.number}:TEST0001"}
    by_batch = body(await client.get("finance/invoices", params={"conditions": f"glBatch/id = {batches[0]['id']}"}))
    assert [found["id"] for found in by_batch] == [invoice.id]


async def test_a_zero_line_invoice_can_be_batched_by_its_receivable_entry(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    invoice = next(inv for inv in company.unposted_invoices() if not inv.lines)
    export = await preview(client, exportInvoicesFlag=True, includedInvoiceIds=[invoice.id])
    [transaction] = export["transactions"]
    assert transaction["detail"] == []
    assert len(transaction["glEntryIds"].split(",")) == 1
    response = await batch_one_invoice(client, invoice.id, f"I{invoice.number}:ZERO0001")
    assert response.status_code == 201


async def test_a_duplicate_identifier_is_object_exists_whatever_the_case(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    first, second = company.unposted_invoices()[-2:]
    assert (await batch_one_invoice(client, first.id, "Month End Test")).status_code == 201
    response = await batch_one_invoice(client, second.id, "MONTH END TEST")
    assert response.status_code == 400
    error = body(response)
    assert error["code"] == "InvalidObject"
    assert error["errors"][0]["code"] == "ObjectExists"
    assert second.id in await unposted_invoice_ids(client)


async def test_entries_already_batched_refuse_the_whole_request(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    first, second = company.unposted_invoices()[-2:]
    export = await preview(client, exportInvoicesFlag=True, includedInvoiceIds=[first.id, second.id])
    entries = {t["id"]: [int(e) for e in t["glEntryIds"].split(",")] for t in export["transactions"]}
    assert (await batch_one_invoice(client, first.id, "first")).status_code == 201
    response = await client.post(
        BATCHES,
        json={
            "batchIdentifier": "second",
            "exportInvoicesFlag": True,
            "processedRecordIds": entries[first.id] + entries[second.id],
        },
    )
    assert response.status_code == 400
    assert "already in batch 'first'" in body(response)["errors"][0]["message"]
    assert second.id in await unposted_invoice_ids(client)


@pytest.mark.parametrize(
    ("request_body", "code", "field"),
    [
        ({"exportInvoicesFlag": True, "processedRecordIds": [1]}, "MissingRequiredField", "batchIdentifier"),
        ({"batchIdentifier": "x", "exportInvoicesFlag": True}, "MissingRequiredField", "processedRecordIds"),
        ({"batchIdentifier": "x", "processedRecordIds": [1]}, "InvalidObject", "exportInvoicesFlag"),
        (
            {"batchIdentifier": "x" * 51, "exportInvoicesFlag": True, "processedRecordIds": [1]},
            "InvalidObject",
            "batchIdentifier",
        ),
        (
            {"batchIdentifier": "x", "exportInvoicesFlag": True, "processedRecordIds": [999]},
            "InvalidObject",
            "processedRecordIds",
        ),
        (
            {"batchIdentifier": "x", "exportInvoicesFlag": True, "processedRecordIds": ["1"]},
            "InvalidObject",
            "processedRecordIds",
        ),
    ],
)
async def test_invalid_batch_requests_name_the_field(
    client: httpx.AsyncClient, request_body: dict[str, Any], code: str, field: str
) -> None:
    response = await client.post(BATCHES, json=request_body)
    assert response.status_code == 400
    error = body(response)
    assert error["code"] == "InvalidObject"
    assert (error["errors"][0]["code"], error["errors"][0]["field"]) == (code, field)


async def test_an_expense_entry_needs_the_expenses_flag(client: httpx.AsyncClient, company: DemoCompany) -> None:
    export = await preview(client, exportExpensesFlag=True)
    entry = (
        export["expenseBills"][0]["detail"][0]["id"][0]
        if export["expenseBills"]
        else export["expenses"][0]["offset"]["id"]
    )
    refused = await client.post(
        BATCHES, json={"batchIdentifier": "E-test", "exportInvoicesFlag": True, "processedRecordIds": [entry]}
    )
    assert refused.status_code == 400
    assert "exportExpensesFlag" in body(refused)["errors"][0]["message"]
    accepted = await client.post(
        BATCHES, json={"batchIdentifier": "E-test", "exportExpensesFlag": True, "processedRecordIds": [entry]}
    )
    assert accepted.status_code == 201


async def test_deleting_a_batch_returns_its_records_to_unposted(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    shared = next(batch for batch in company.batches if len(batch.records) > 3 and not batch.closed)
    held = {r.record_id for r in shared.records if r.kind is BatchRecordKind.INVOICE and not r.unbatched}
    assert not held & await unposted_invoice_ids(client)
    entries = body(await client.get(f"{BATCHES}/{shared.id}/entries", params={"pageSize": 1000}))
    assert {entry["invoice"]["id"] for entry in entries if "invoice" in entry} == held
    response = await client.delete(f"{BATCHES}/{shared.id}")
    assert response.status_code == 204
    assert response.content == b""
    assert held <= await unposted_invoice_ids(client)
    assert (await client.get(f"{BATCHES}/{shared.id}")).status_code == 404
    assert (await client.delete(f"{BATCHES}/{shared.id}")).status_code == 404


async def test_a_closed_batch_cannot_be_deleted(client: httpx.AsyncClient, company: DemoCompany) -> None:
    closed = next(batch for batch in company.batches if batch.closed)
    response = await client.delete(f"{BATCHES}/{closed.id}")
    assert response.status_code == 400
    error = body(response)
    assert error["code"] == "InvalidObject"
    assert error["errors"][0]["field"] == "closedFlag"
    assert "closed" in error["errors"][0]["message"]
    assert body(await client.get(f"{BATCHES}/{closed.id}"))["closedFlag"] is True


async def test_an_invoice_unbatched_in_the_ui_is_unposted_and_remembers_its_batch(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    batch, record = next(
        (batch, record)
        for batch in company.batches
        for record in batch.records
        if record.unbatched and record.kind is BatchRecordKind.INVOICE
    )
    assert record.record_id in await unposted_invoice_ids(client)
    invoice = body(await client.get(f"finance/invoices/{record.record_id}"))
    assert invoice["unbatchedBatch"] == {"id": batch.id, "name": batch.identifier}
    assert "glBatch" not in invoice


async def test_po_unbatch_and_rebatch_move_freight_and_products_together(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    batch = next(b for b in company.batches if b.identifier.startswith("P"))
    po_id = next(r.record_id for r in batch.records if r.kind is BatchRecordKind.PO_FREIGHT)
    order = next(po for po in company.purchase_orders if po.id == po_id)

    async def unposted_of_po() -> list[str]:
        rows = body(
            await client.get(
                "finance/accounting/unpostedprocurement",
                params={"conditions": f"purchaseOrder/id = {po_id}", "orderBy": "unpostedProductId"},
            )
        )
        return [row["unpostedProductId"] for row in rows]

    async def line_flags() -> list[tuple[bool, int | None]]:
        items = body(await client.get(f"procurement/purchaseorders/{po_id}/lineitems"))
        return [(item["batchedFlag"], item.get("unbatchedRecId")) for item in items]

    # Seeded: the first product line was unbatched in the ConnectWise UI.
    assert await unposted_of_po() == [str(order.lines[0].id)]
    assert (await line_flags())[0] == (False, batch.id)

    response = await client.post(f"procurement/purchaseorders/{po_id}/unbatch")
    assert response.status_code == 200
    assert body(response)["success"] is True
    assert len(await unposted_of_po()) == len(order.lines) + 1
    assert all(flags == (False, batch.id) for flags in await line_flags())

    rebatched = body(await client.post(f"procurement/purchaseorders/{po_id}/rebatch"))
    assert rebatched["success"] is True
    assert await unposted_of_po() == []
    assert all(flags == (True, None) for flags in await line_flags())

    again = body(await client.post(f"procurement/purchaseorders/{po_id}/rebatch"))
    assert again == {"success": False, "message": f"Purchase order {order.number} has no unbatched items to rebatch."}


async def test_po_in_a_closed_batch_cannot_be_unbatched_and_unknown_po_is_404(client: httpx.AsyncClient) -> None:
    assert (await client.post("procurement/purchaseorders/1/unbatch")).status_code == 404
    never_batched = body(await client.get("procurement/purchaseorders", params={"conditions": "closedFlag = false"}))
    response = body(await client.post(f"procurement/purchaseorders/{never_batched[0]['id']}/unbatch"))
    assert response["success"] is False


async def test_batches_survive_a_restart_of_the_app(
    hub: SandboxHub, client: httpx.AsyncClient, company: DemoCompany
) -> None:
    invoice = company.unposted_invoices()[-1]
    assert (await batch_one_invoice(client, invoice.id, "persisted")).status_code == 201
    restarted = SandboxHub(hub.state_dir, services=[connectwise.SERVICE])
    async with restarted.client("connectwise", headers=AUTH_HEADERS) as fresh:
        assert invoice.id not in await unposted_invoice_ids(fresh)
        found = body(await fresh.get(BATCHES, params={"conditions": 'batchIdentifier = "persisted"'}))
    assert len(found) == 1


async def test_a_reseed_is_seen_by_a_running_app(
    hub: SandboxHub, client: httpx.AsyncClient, company: DemoCompany
) -> None:
    invoice = company.unposted_invoices()[-1]
    assert (await batch_one_invoice(client, invoice.id, "before-reseed")).status_code == 201
    hub.seed(company)
    assert invoice.id in await unposted_invoice_ids(client)
