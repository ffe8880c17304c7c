"""Finding a GL batch by its identifier: answered from the ledger's index, with exactly the scan's result."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import body
from tests.sandbox.connectwise.test_cw_batches import BATCHES, batch_one_invoice
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.connectwise.batch_lookup import batch_rows_for, pinned_identifier
from tui_ledger.sandbox.connectwise.ledger import Ledger
from tui_ledger.sandbox.connectwise.store import ConnectWiseStore
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub


async def found(client: httpx.AsyncClient, conditions: str) -> list[str]:
    response = await client.get(BATCHES, params={"conditions": conditions, "pageSize": 1000})
    assert response.status_code == 200, response.text
    return sorted(batch["batchIdentifier"] for batch in body(response))


@pytest.mark.parametrize(
    ("conditions", "identifier"),
    [
        ('batchIdentifier = "I5001:ABC"', "I5001:ABC"),
        ("batchIdentifier='I5001:ABC'", "I5001:ABC"),
        ('closedFlag = false and batchIdentifier = "I5001:ABC"', "I5001:ABC"),
        ('(batchIdentifier = "I5001:ABC" and id > 3) and closedFlag = false', "I5001:ABC"),
        ('batchIdentifier = "I5001:ABC" or batchIdentifier = "I5002:ABC"', None),
        ('batchIdentifier != "I5001:ABC"', None),
        ('batchIdentifier like "I5001*"', None),
        ("batchIdentifier = 5001", None),
        ("closedFlag = false", None),
        ('batchIdentifier = "unclosed', None),
        ("", None),
        (None, None),
    ],
)
def test_only_conditions_every_match_of_which_has_one_identifier_pin_it(
    conditions: str | None, identifier: str | None
) -> None:
    assert pinned_identifier(conditions) == identifier


async def test_a_batch_is_found_by_its_identifier_in_any_case_and_with_other_tests(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    first, second = company.unposted_invoices()[-2:]
    assert (await batch_one_invoice(client, first.id, f"I{first.number}:Month")).status_code == 201
    assert (await batch_one_invoice(client, second.id, f"I{second.number}:Month")).status_code == 201
    wanted = f"I{first.number}:Month"
    assert await found(client, f'batchIdentifier = "{wanted.upper()}"') == [wanted]
    assert await found(client, f'closedFlag = false and batchIdentifier = "{wanted.lower()}"') == [wanted]
    assert await found(client, f'closedFlag = true and batchIdentifier = "{wanted}"') == []
    assert await found(client, f'batchIdentifier = "{wanted}" or batchIdentifier = "I{second.number}:Month"') == [
        wanted,
        f"I{second.number}:Month",
    ]
    count = await client.get(f"{BATCHES}/count", params={"conditions": f'batchIdentifier = "{wanted}"'})
    assert body(count) == {"count": 1}
    assert await found(client, 'batchIdentifier = "no such batch"') == []


async def test_a_deleted_batch_is_gone_from_the_index_and_its_identifier_free_again(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    first, second = company.unposted_invoices()[-2:]
    created = await batch_one_invoice(client, first.id, "Reused Identifier")
    assert created.status_code == 201
    [batch] = body(await client.get(BATCHES, params={"conditions": 'batchIdentifier = "reused identifier"'}))
    assert (await client.delete(f"{BATCHES}/{batch['id']}")).status_code == 204
    assert await found(client, 'batchIdentifier = "Reused Identifier"') == []
    assert (await batch_one_invoice(client, second.id, "REUSED IDENTIFIER")).status_code == 201
    assert await found(client, 'batchIdentifier = "reused identifier"') == ["REUSED IDENTIFIER"]


def test_the_seeded_batches_are_indexed_and_a_lookup_reads_only_the_one_it_names(
    hub: SandboxHub, company: DemoCompany
) -> None:
    ledger = Ledger(ConnectWiseStore(hub.context.state_file(connectwise.SERVICE.name)))
    assert company.batches
    for batch in company.batches:
        rows = batch_rows_for(ledger, {"Conditions": f'batchIdentifier = "{batch.identifier.swapcase()}"'})
        assert rows is not None
        assert [row["batchIdentifier"] for row in rows] == [batch.identifier]
    assert batch_rows_for(ledger, {"conditions": "closedFlag = true"}) is None
