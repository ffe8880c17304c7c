"""`/batch` and `requestid`: per-item answers, the 30-item cap, and replays that never create twice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from qbo_helpers import body, fault_code, json_body, one, plain_customer, query, quoted


async def _invoice(api: httpx.AsyncClient, number: str, amount: str = "100.00") -> dict[str, Any]:
    customer = await one(api, f"select * from Customer where DisplayName = {quoted(plain_customer())}")
    item = await one(api, "select * from Item where Name = 'LAB-REMOTE'")
    return {
        "DocNumber": number,
        "CustomerRef": {"value": customer["Id"]},
        "Line": [
            {
                "Amount": Decimal(amount),
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {"ItemRef": {"value": item["Id"]}},
            }
        ],
    }


def _create(batch_id: str, invoice: dict[str, Any]) -> dict[str, Any]:
    return {"bId": batch_id, "operation": "create", "Invoice": invoice}


async def test_each_item_is_answered_with_its_bid(api: httpx.AsyncClient) -> None:
    good = await _invoice(api, "B-1")
    bad = await _invoice(api, "B-2")
    bad["CustomerRef"] = {"value": "999999"}
    items = [
        _create("1", good),
        _create("2", bad),
        {"bId": "3", "Query": "select * from Item where Name = 'LAB-REMOTE'"},
    ]

    response = await api.post("/batch", **json_body({"BatchItemRequest": items}))

    assert response.status_code == 200
    answers = {answer["bId"]: answer for answer in body(response)["BatchItemResponse"]}
    assert answers["1"]["Invoice"]["DocNumber"] == "B-1"
    assert answers["2"]["Fault"]["Error"][0]["code"] == "2500"
    assert answers["3"]["QueryResponse"]["Item"][0]["Name"] == "LAB-REMOTE"
    assert len((await query(api, "select * from Invoice where DocNumber = 'B-1'"))["Invoice"]) == 1


async def test_thirty_items_pass_and_thirty_one_are_refused_whole(api: httpx.AsyncClient) -> None:
    template = await _invoice(api, "unused")
    thirty = [_create(str(n), {**template, "DocNumber": f"C-{n}"}) for n in range(30)]

    accepted = await api.post("/batch", **json_body({"BatchItemRequest": thirty}))
    refused = await api.post(
        "/batch", **json_body({"BatchItemRequest": [*thirty, _create("31", {**template, "DocNumber": "C-31"})]})
    )

    assert all("Invoice" in answer for answer in body(accepted)["BatchItemResponse"])
    assert refused.status_code == 400
    assert fault_code(refused) == "1040"
    assert await query(api, "select * from Invoice where DocNumber = 'C-31'") == {}


async def test_void_and_delete_in_a_batch(api: httpx.AsyncClient) -> None:
    first = body(await api.post("/invoice", **json_body(await _invoice(api, "V-1"))))["Invoice"]
    second = body(await api.post("/invoice", **json_body(await _invoice(api, "V-2"))))["Invoice"]
    items = [
        {"bId": "v", "operation": "update", "optionsData": "void", "Invoice": {"Id": first["Id"], "SyncToken": "0"}},
        {"bId": "d", "operation": "delete", "Invoice": {"Id": second["Id"], "SyncToken": "0"}},
    ]

    answers = body(await api.post("/batch", **json_body({"BatchItemRequest": items})))["BatchItemResponse"]

    assert answers[0]["Invoice"]["TotalAmt"] == 0
    assert answers[1]["Invoice"]["status"] == "Deleted"


async def test_a_repeated_requestid_answers_the_same_and_creates_nothing_new(api: httpx.AsyncClient) -> None:
    payload = json_body({"BatchItemRequest": [_create("1", await _invoice(api, "R-1"))]})

    first = await api.post("/batch", params={"requestid": "chunk-0001"}, **payload)
    again = await api.post("/batch", params={"requestid": "chunk-0001"}, **payload)

    assert first.content == again.content
    assert len((await query(api, "select * from Invoice where DocNumber = 'R-1'"))["Invoice"]) == 1


async def test_a_repeated_requestid_on_a_single_create_is_replayed(api: httpx.AsyncClient) -> None:
    invoice = json_body(await _invoice(api, "R-2"))

    first = await api.post("/invoice", params={"requestid": "doc-r-2"}, **invoice)
    again = await api.post("/invoice", params={"requestid": "doc-r-2"}, **invoice)

    assert body(first)["Invoice"]["Id"] == body(again)["Invoice"]["Id"]
    assert (await query(api, "select count(*) from Invoice where DocNumber = 'R-2'"))["totalCount"] == 1


async def test_faults_are_replayed_too(api: httpx.AsyncClient) -> None:
    await api.post("/invoice", **json_body(await _invoice(api, "R-3")))
    duplicate = json_body(await _invoice(api, "R-3", amount="5.00"))

    first = await api.post("/invoice", params={"requestid": "dup-r-3"}, **duplicate)
    again = await api.post("/invoice", params={"requestid": "dup-r-3"}, **duplicate)

    assert fault_code(first) == fault_code(again) == "6140"
    assert first.content == again.content


async def test_a_requestid_reused_for_another_operation_is_600(api: httpx.AsyncClient) -> None:
    await api.post("/invoice", params={"requestid": "shared-id"}, **json_body(await _invoice(api, "R-4")))

    response = await api.get("/query", params={"query": "select * from Item", "requestid": "shared-id"})

    assert fault_code(response) == "600"


async def test_batch_requestid_and_bid_lengths_are_enforced(api: httpx.AsyncClient) -> None:
    payload = json_body({"BatchItemRequest": [_create("a-long-batch-id", await _invoice(api, "R-5"))]})

    long_bid = await api.post("/batch", params={"requestid": "short"}, **payload)
    long_request_id = await api.post("/batch", params={"requestid": "x" * 37}, **payload)

    assert fault_code(long_bid) == "2050"
    assert fault_code(long_request_id) == "2050"
    assert (await api.post("/batch", **payload)).status_code == 200


async def test_a_batch_item_without_operation_is_a_per_item_fault(api: httpx.AsyncClient) -> None:
    items = [{"bId": "1", "Invoice": await _invoice(api, "R-6")}]

    answers = body(await api.post("/batch", **json_body({"BatchItemRequest": items})))["BatchItemResponse"]

    assert answers[0]["Fault"]["Error"][0]["code"] == "2020"
