"""What the sandbox keeps ready to serve (unposted rows, projected row JSON, transaction JSON) stays true.

The ConnectWise sandbox answers a Retrieve from views it keeps between requests; these tests change the
batch state in between and check that every answer follows, and that the JSON written from templates is
the JSON of the records it stands for.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import httpx
from hypothesis import given
from hypothesis import strategies as st

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS, body
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.connectwise.listing import project
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub

UNPOSTED = "finance/accounting/unpostedinvoices"
EXPORT = "finance/accounting/export"
BATCHES = "finance/accounting/batches"
FIELDS = "id,billingLogId,invoiceNumber,company/id,company/name,total,currency/currencyCode"


async def preview_ids(client: httpx.AsyncClient, invoice_ids: list[int]) -> list[int]:
    response = await client.post(EXPORT, json={"exportInvoicesFlag": True, "includedInvoiceIds": invoice_ids})
    assert response.status_code == 200, response.text
    return [transaction["id"] for transaction in body(response)["transactions"]]


async def listed_ids(client: httpx.AsyncClient) -> list[int]:
    rows = body(await client.get(UNPOSTED, params={"pageSize": 1000, "fields": FIELDS}))
    return [row["billingLogId"] for row in rows]


async def test_previews_and_projected_pages_follow_a_batch_made_and_deleted(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    first, second = company.unposted_invoices()[:2]
    # Ask twice first, so the second answers come from what the sandbox kept.
    for _ in range(2):
        assert await preview_ids(client, [second.id, first.id]) == [first.id, second.id]
        assert {first.id, second.id} <= set(await listed_ids(client))
    response = await client.post(EXPORT, json={"exportInvoicesFlag": True, "includedInvoiceIds": [first.id]})
    entry_ids = [int(entry) for entry in body(response)["transactions"][0]["glEntryIds"].split(",")]
    created = await client.post(
        BATCHES, json={"batchIdentifier": "I-SERVING", "exportInvoicesFlag": True, "processedRecordIds": entry_ids}
    )
    assert created.status_code == 201

    assert await preview_ids(client, [first.id, second.id]) == [second.id]
    assert first.id not in await listed_ids(client)
    count = body(await client.get(f"{UNPOSTED}/count"))["count"]
    assert count == len(await listed_ids(client)) == len(company.unposted_invoices()) - 1

    [batch] = body(await client.get(BATCHES, params={"conditions": 'batchIdentifier = "I-SERVING"'}))
    assert (await client.delete(f"{BATCHES}/{batch['id']}")).status_code == 204
    assert await preview_ids(client, [first.id, second.id]) == [first.id, second.id]
    assert first.id in await listed_ids(client)


async def test_included_ids_still_obey_thru_date_and_exclusions(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    invoices = sorted(company.unposted_invoices(), key=lambda invoice: invoice.date)
    early = invoices[0]
    late = next(invoice for invoice in reversed(invoices) if invoice.date > early.date)
    response = await client.post(
        EXPORT,
        json={
            "exportInvoicesFlag": True,
            "thruDate": f"{early.date.isoformat()}T00:00:00Z",
            "includedInvoiceIds": [early.id, late.id, 999_999],
        },
    )
    assert [t["id"] for t in body(response)["transactions"]] == [early.id]
    response = await client.post(
        EXPORT,
        json={"exportInvoicesFlag": True, "includedInvoiceIds": [early.id, late.id], "excludedInvoiceIds": [late.id]},
    )
    assert [t["id"] for t in body(response)["transactions"]] == [early.id]


async def test_descriptions_with_quotes_backslashes_and_accents_survive_the_transaction_json(
    tmp_path: Path, company: DemoCompany
) -> None:
    awkward = 'Fix "core" switch \\ rack 3 \u2013 café ✓\tnight'
    target = company.unposted_invoices()[0]
    invoices = tuple(
        dataclasses.replace(invoice, description=awkward) if invoice.id == target.id else invoice
        for invoice in company.invoices
    )
    hub = SandboxHub(tmp_path / "sandbox", services=[connectwise.SERVICE])
    hub.seed(dataclasses.replace(company, invoices=invoices))
    async with hub.client("connectwise", headers=AUTH_HEADERS) as client:
        for level in ("Default", "Condensed", "Detailed"):
            response = await client.post(
                EXPORT, json={"exportInvoicesFlag": True, "includedInvoiceIds": [target.id], "summarizeInvoices": level}
            )
            [transaction] = body(response)["transactions"]
            assert transaction["memo"] == transaction["description"] == awkward
            assert transaction["total"] == target.subtotal + target.sales_tax
            assert str(transaction["total"]) == str(target.subtotal + target.sales_tax)
            assert all(value is not None for value in transaction.values())


def _path_by_path(row: dict[str, Any], paths: tuple[tuple[str, ...], ...]) -> dict[str, Any]:
    """The definition of `fields`: each path copied into the result where the row has a non-null value."""
    result: dict[str, Any] = {}
    for path in paths:
        source: Any = row
        for name in path:
            source = source.get(name) if isinstance(source, dict) else None
        if source is None:
            continue
        target = result
        for name in path[:-1]:
            target = target.setdefault(name, {})
        target[path[-1]] = source
    return result


NAMES = st.sampled_from(["id", "company", "name", "total"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: st.dictionaries(NAMES, inner, max_size=4),
    max_leaves=12,
)


@given(
    row=st.dictionaries(NAMES, VALUES, max_size=4),
    paths=st.lists(st.lists(NAMES, min_size=1, max_size=3).map(tuple), min_size=1, max_size=5).map(tuple),
)
def test_a_projection_equals_copying_each_path_in_turn(row: dict[str, Any], paths: tuple[tuple[str, ...], ...]) -> None:
    expected = json.loads(json.dumps(_path_by_path(json.loads(json.dumps(row)), paths)))
    assert project(row, paths) == expected
