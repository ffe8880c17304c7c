"""Every response the ConnectWise sandbox serves validates against ../shared/specs/connectwise_subset.json.

Each case names the spec operation it answers for. Bodies are validated as plain JSON (the spec's numbers are
`double`); that amounts are written exactly is tested with the export.
`/system/members` and `/system/locations` are real ConnectWise paths the subset does not describe.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sandbox.connectwise.cw_spec import spec, validate_response, validate_schema
from tests.sandbox.connectwise.cw_support import AUTH_HEADERS
from tui_ledger.sandbox.demo import BatchRecordKind, DemoCompany
from tui_ledger.sandbox.hub import SandboxHub

ACCOUNTING = "/finance/accounting"


def first_id(rows: list[dict[str, Any]]) -> int:
    assert rows, "the list is empty: nothing to fetch by id"
    return int(rows[0]["id"])


@pytest.mark.parametrize(
    "resource",
    [
        f"{ACCOUNTING}/unpostedinvoices",
        f"{ACCOUNTING}/unpostedexpenses",
        f"{ACCOUNTING}/unpostedprocurement",
        f"{ACCOUNTING}/batches",
        "/finance/invoices",
        "/expense/entries",
        "/procurement/purchaseorders",
        "/company/companies",
        "/finance/agreements",
        "/finance/agreements/types",
        "/procurement/catalog",
    ],
)
async def test_list_get_and_count(client: httpx.AsyncClient, resource: str) -> None:
    listed = await client.get(resource.lstrip("/"), params={"pageSize": 1000})
    assert listed.status_code == 200
    rows = listed.json()
    validate_response(resource, "get", 200, rows)
    single = await client.get(f"{resource.lstrip('/')}/{first_id(rows)}")
    validate_response(f"{resource}/{{id}}", "get", 200, single.json())
    count = await client.get(f"{resource.lstrip('/')}/count")
    validate_response(f"{resource}/count", "get", 200, count.json())
    assert count.json()["count"] == len(rows)


async def test_nested_lists(client: httpx.AsyncClient, company: DemoCompany) -> None:
    batch = next(b for b in company.batches if len(b.records) > 3)
    entries = (await client.get(f"finance/accounting/batches/{batch.id}/entries")).json()
    validate_response(f"{ACCOUNTING}/batches/{{parentId}}/entries", "get", 200, entries)
    entry = (await client.get(f"finance/accounting/batches/{batch.id}/entries/{first_id(entries)}")).json()
    validate_response(f"{ACCOUNTING}/batches/{{parentId}}/entries/{{id}}", "get", 200, entry)
    count = (await client.get(f"finance/accounting/batches/{batch.id}/entries/count")).json()
    validate_response(f"{ACCOUNTING}/batches/{{parentId}}/entries/count", "get", 200, count)
    order = company.purchase_orders[0]
    items = (await client.get(f"procurement/purchaseorders/{order.id}/lineitems")).json()
    validate_response("/procurement/purchaseorders/{parentId}/lineitems", "get", 200, items)
    item = (await client.get(f"procurement/purchaseorders/{order.id}/lineitems/{first_id(items)}")).json()
    validate_response("/procurement/purchaseorders/{parentId}/lineitems/{id}", "get", 200, item)
    item_count = (await client.get(f"procurement/purchaseorders/{order.id}/lineitems/count")).json()
    validate_response("/procurement/purchaseorders/{parentId}/lineitems/count", "get", 200, item_count)


@pytest.mark.parametrize("level", ["Default", "Condensed", "Detailed"])
async def test_export_preview_of_everything(client: httpx.AsyncClient, level: str) -> None:
    request = {
        "batchIdentifier": "preview",
        "thruDate": "2026-10-31T00:00:00Z",
        "summarizeInvoices": level,
        "exportInvoicesFlag": True,
        "exportExpensesFlag": True,
        "exportProductsFlag": True,
    }
    response = await client.post("finance/accounting/export", json=request)
    assert response.status_code == 200
    export = response.json()
    assert all(export[part] for part in ("transactions", "expenseBills", "expenses", "purchaseTransactions"))
    validate_response(f"{ACCOUNTING}/export", "post", 200, export)


async def test_batch_create_export_and_delete(client: httpx.AsyncClient, company: DemoCompany) -> None:
    export = (await client.post("finance/accounting/export", json={"exportInvoicesFlag": True})).json()
    entry_ids = [int(entry) for entry in export["transactions"][0]["glEntryIds"].split(",")]
    created = await client.post(
        "finance/accounting/batches",
        json={"batchIdentifier": "contract", "exportInvoicesFlag": True, "processedRecordIds": entry_ids},
    )
    assert created.status_code == 201
    validate_response(f"{ACCOUNTING}/batches", "post", 201, created.json())
    found = await client.get("finance/accounting/batches", params={"conditions": 'batchIdentifier="contract"'})
    batch_id = found.json()[0]["id"]
    again = await client.post(f"finance/accounting/batches/{batch_id}/export", json={"summarizeInvoices": "Detailed"})
    validate_response(f"{ACCOUNTING}/batches/{{id}}/export", "post", 200, again.json())
    deleted = await client.delete(f"finance/accounting/batches/{batch_id}")
    assert deleted.status_code == 204
    validate_response(f"{ACCOUNTING}/batches/{{id}}", "delete", 204, None)


async def test_purchase_order_actions(client: httpx.AsyncClient, company: DemoCompany) -> None:
    batch = next(b for b in company.batches if b.identifier.startswith("P"))
    po_id = next(r.record_id for r in batch.records if r.kind is BatchRecordKind.PO_FREIGHT)
    for action in ("unbatch", "rebatch", "rebatch"):
        response = await client.post(f"procurement/purchaseorders/{po_id}/{action}")
        assert response.status_code == 200
        validate_response(f"/procurement/purchaseorders/{{id}}/{action}", "post", 200, response.json())


async def test_system_info(client: httpx.AsyncClient) -> None:
    response = await client.get("system/info")
    validate_response("/system/info", "get", 200, response.json())


async def test_error_bodies(hub: SandboxHub, client: httpx.AsyncClient, company: DemoCompany) -> None:
    closed = next(b for b in company.batches if b.closed)
    answers = [
        await client.get("finance/accounting/unpostedinvoices", params={"conditions": "id =="}),
        await client.get("finance/accounting/unpostedinvoices", params={"pageSize": 5000}),
        await client.get("finance/invoices/1"),
        await client.delete(f"finance/accounting/batches/{closed.id}"),
        await client.post("finance/accounting/batches", json={"batchIdentifier": "x"}),
        await client.post("finance/accounting/export", json={}),
        await client.put("finance/accounting/unpostedinvoices"),
    ]
    async with hub.client("connectwise", headers={**AUTH_HEADERS, "Authorization": "Basic eHg6eXk="}) as stranger:
        answers.append(await stranger.get("finance/invoices"))
    assert sorted({answer.status_code for answer in answers}) == [400, 401, 404, 405]
    for answer in answers:
        validate_schema("ErrorResponseMessage", answer.json())


def test_the_subset_spec_has_the_operations_the_sandbox_serves() -> None:
    paths = spec()["paths"]
    for path in (f"{ACCOUNTING}/unpostedinvoices", f"{ACCOUNTING}/export", f"{ACCOUNTING}/batches/{{id}}"):
        assert path in paths


def test_the_validator_catches_a_body_that_breaks_the_model() -> None:
    with pytest.raises(AssertionError, match="closedFlag"):
        validate_schema("AccountingBatch", {"id": 1, "batchIdentifier": "x", "closedFlag": "no"})
    with pytest.raises(AssertionError, match="not of type 'array'"):
        validate_response(f"{ACCOUNTING}/unpostedinvoices", "get", 200, {"id": 1})
