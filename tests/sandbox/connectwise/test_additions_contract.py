"""Every answer of the agreement-addition write path validates against ../shared/specs/connectwise_subset.json.

One walk through the workflow (create an agreement, add, read, list, count, replace, patch, delete, cancel)
checks each response against the schema the spec documents for its operation and status, and each refusal
against `ErrorResponseMessage`.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.sandbox.connectwise.cw_spec import validate_response, validate_schema

AGREEMENTS = "/finance/agreements"
ADDITIONS = "/finance/agreements/{parentId}/additions"


async def checked(client: httpx.AsyncClient, method: str, url: str, path: str, status: int, payload: Any = None) -> Any:
    response = await client.request(method, url.lstrip("/"), json=payload)
    assert response.status_code == status, response.text
    instance = response.json() if response.content else None
    validate_response(path, method.lower(), status, instance)
    return instance


async def test_the_agreement_and_addition_workflow_speaks_the_spec(client: httpx.AsyncClient) -> None:
    agreement = await checked(
        client,
        "POST",
        AGREEMENTS,
        AGREEMENTS,
        201,
        {"name": "Contract", "type": {"id": 1}, "company": {"id": 250}, "contact": {"id": 1000}},
    )
    one = f"{AGREEMENTS}/{agreement['id']}"
    additions = f"{one}/additions"
    await checked(client, "GET", one, f"{AGREEMENTS}/{{id}}", 200)
    await checked(client, "GET", f"{AGREEMENTS}?pageSize=1000", AGREEMENTS, 200)
    await checked(client, "GET", f"{AGREEMENTS}/count", f"{AGREEMENTS}/count", 200)

    addition = await checked(
        client,
        "POST",
        additions,
        ADDITIONS,
        201,
        {
            "product": {"id": 600},
            "billCustomer": "Billable",
            "quantity": 12,
            "unitPrice": 22,
            "unitCost": 18.7,
            "effectiveDate": "2026-10-01T00:00:00Z",
            "cancelledDate": "2026-10-31T00:00:00Z",
            "serialNumber": "appxite:line:1",
            "invoiceDescription": "Microsoft 365 Business Premium - Cycle Fee",
        },
    )
    single = f"{additions}/{addition['id']}"
    await checked(client, "GET", single, f"{ADDITIONS}/{{id}}", 200)
    await checked(client, "GET", additions, ADDITIONS, 200)
    await checked(client, "GET", f"{additions}/count", f"{ADDITIONS}/count", 200)
    await checked(
        client, "PUT", single, f"{ADDITIONS}/{{id}}", 200, {"product": {"id": 601}, "billCustomer": "DoNotBill"}
    )
    await checked(
        client,
        "PATCH",
        single,
        f"{ADDITIONS}/{{id}}",
        200,
        [{"op": "replace", "path": "quantity", "value": 3}, {"op": "replace", "path": "unitPrice", "value": 9.5}],
    )
    await checked(client, "DELETE", single, f"{ADDITIONS}/{{id}}", 204)

    await checked(client, "PUT", one, f"{AGREEMENTS}/{{id}}", 200, {**agreement, "name": "Renamed"})
    await checked(
        client, "PATCH", one, f"{AGREEMENTS}/{{id}}", 200, [{"op": "replace", "path": "cancelledFlag", "value": True}]
    )
    await checked(client, "DELETE", one, f"{AGREEMENTS}/{{id}}", 204)


async def test_refusals_of_the_write_path_are_connectwise_error_bodies(client: httpx.AsyncClient) -> None:
    answers = [
        await client.post("finance/agreements", json={"name": "No type"}),
        await client.patch("finance/agreements/800", json=[{"op": "swap", "path": "name"}]),
        await client.post("finance/agreements/800/additions", json={"billCustomer": "Billable"}),
        await client.post("finance/agreements/800/additions", content=b"{not json"),
        await client.post("finance/agreements/99999/additions", json={"product": {"id": 600}}),
        await client.delete("finance/agreements/800/additions/99999"),
        await client.delete("finance/agreements/800"),
        await client.post("finance/agreements/800/additions/1", json={}),
    ]
    assert [answer.status_code for answer in answers] == [400, 400, 400, 400, 404, 404, 400, 405]
    for answer in answers:
        validate_schema("ErrorResponseMessage", answer.json())
