"""The sandbox's agreement-addition write path behaves as ConnectWise does (reference §3.4, §4.4).

Agreements are created from a type (its billing settings copied in), changed with PatchOperation arrays and
cancelled through `cancelledFlag`; additions are created, replaced, patched and deleted under their agreement,
with ConnectWise's validation answers. Everything written survives a restart and disappears with a re-seed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS, body
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub

CUSTOMER = 250
CONTACT = 1000
OTHER_CUSTOMERS_CONTACT = 1002
MANAGED_SERVICES = 1
CSP_TYPE = 2
PRODUCT = 600


def new_agreement(**changes: Any) -> dict[str, Any]:
    request = {
        "name": "Marketplace - Acme Logistics",
        "type": {"id": CSP_TYPE},
        "company": {"id": CUSTOMER},
        "contact": {"id": CONTACT},
    }
    return {**request, **changes}


def new_addition(**changes: Any) -> dict[str, Any]:
    return {"product": {"id": PRODUCT}, "billCustomer": "Billable", **changes}


async def created_agreement(client: httpx.AsyncClient, **changes: Any) -> dict[str, Any]:
    response = await client.post("finance/agreements", json=new_agreement(**changes))
    assert response.status_code == 201, response.text
    return body(response)


def only_item(response: httpx.Response) -> dict[str, Any]:
    errors = body(response)["errors"]
    assert len(errors) == 1, errors
    return errors[0]


async def test_an_agreement_created_from_a_type_takes_its_billing_settings(client: httpx.AsyncClient) -> None:
    agreement_type = body(await client.get(f"finance/agreements/types/{CSP_TYPE}"))
    company = body(await client.get(f"company/companies/{CUSTOMER}"))

    agreement = await created_agreement(client, startDate="2026-10-01T00:00:00Z")

    assert agreement["type"] == {"id": CSP_TYPE, "name": agreement_type["name"]}
    assert agreement["company"]["identifier"] == company["identifier"]
    assert agreement["billingCycle"] == agreement_type["billingCycle"]
    assert agreement["taxable"] == agreement_type["taxableFlag"]
    assert agreement["currency"] == company["currency"]
    assert agreement["billingTerms"] == company["billingTerms"]
    assert (agreement["startDate"], agreement["noEndingDateFlag"], agreement["agreementStatus"]) == (
        "2026-10-01T00:00:00Z",
        True,
        "Active",
    )
    assert body(await client.get(f"finance/agreements/{agreement['id']}")) == agreement
    listed = body(await client.get("finance/agreements", params={"conditions": f"company/id={CUSTOMER}"}))
    assert agreement in listed


async def test_new_agreements_get_ids_after_the_seeded_ones(client: httpx.AsyncClient, company: DemoCompany) -> None:
    first = await created_agreement(client)
    second = await created_agreement(client, name="Second")
    assert first["id"] > max(agreement.id for agreement in company.agreements)
    assert second["id"] == first["id"] + 1


@pytest.mark.parametrize(
    ("missing", "field"),
    [("name", "name"), ("type", "type"), ("company", "company"), ("contact", "contact")],
)
async def test_an_agreement_without_a_required_field_is_refused(
    client: httpx.AsyncClient, missing: str, field: str
) -> None:
    request = new_agreement()
    del request[missing]
    before = body(await client.get("finance/agreements/count"))["count"]

    response = await client.post("finance/agreements", json=request)

    assert response.status_code == 400
    assert body(response)["code"] == "InvalidObject"
    assert only_item(response) == {
        "code": "MissingRequiredField",
        "message": f"{field} is required.",
        "resource": "agreement",
        "field": field,
    }
    assert body(await client.get("finance/agreements/count"))["count"] == before


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"contact": {"id": OTHER_CUSTOMERS_CONTACT}}, "contact", "is not a contact of company 250"),
        ({"type": {"id": 999}}, "type", "Agreement type 999 does not exist"),
        ({"company": {"id": 1}}, "company", "Company 1 does not exist"),
        ({"name": "x" * 101}, "name", "longer than 100"),
        ({"startDate": "2026-10-01T00:00:00Z", "endDate": "2026-09-30T00:00:00Z"}, "endDate", "before startDate"),
        ({"billTime": "Sometimes"}, "billTime", "must be one of"),
    ],
)
async def test_an_invalid_agreement_names_the_field(
    client: httpx.AsyncClient, changes: dict[str, Any], field: str, words: str
) -> None:
    response = await client.post("finance/agreements", json=new_agreement(**changes))
    assert response.status_code == 400
    item = only_item(response)
    assert item["field"] == field
    assert words in item["message"]


async def test_cancelling_an_agreement_by_patch_stops_new_additions(client: httpx.AsyncClient) -> None:
    agreement = await created_agreement(client)
    path = f"finance/agreements/{agreement['id']}"

    cancelled = await client.patch(
        path,
        json=[
            {"op": "replace", "path": "cancelledFlag", "value": True},
            {"op": "replace", "path": "dateCancelled", "value": "2026-10-31T00:00:00Z"},
        ],
    )

    assert cancelled.status_code == 200
    assert {key: body(cancelled)[key] for key in ("cancelledFlag", "dateCancelled", "agreementStatus")} == {
        "cancelledFlag": True,
        "dateCancelled": "2026-10-31T00:00:00Z",
        "agreementStatus": "Cancelled",
    }
    refused = await client.post(f"{path}/additions", json=new_addition())
    assert refused.status_code == 400
    assert "is cancelled" in only_item(refused)["message"]

    reopened = await client.patch(path, json=[{"op": "replace", "path": "cancelledFlag", "value": False}])
    assert (body(reopened)["agreementStatus"], "dateCancelled" in body(reopened)) == ("Active", False)
    assert (await client.post(f"{path}/additions", json=new_addition())).status_code == 201


async def test_cancelling_without_a_date_takes_today(client: httpx.AsyncClient) -> None:
    agreement = await created_agreement(client)
    response = await client.patch(
        f"finance/agreements/{agreement['id']}", json=[{"op": "replace", "path": "cancelledFlag", "value": True}]
    )
    assert body(response)["dateCancelled"].startswith("2026-10-31T")


@pytest.mark.parametrize(
    ("operations", "words"),
    [
        ({"op": "replace", "path": "name", "value": "x"}, "non-empty JSON array"),
        ([], "non-empty JSON array"),
        ([{"op": "move", "path": "name", "value": "x"}], "op must be add, replace or remove"),
        ([{"op": "replace", "path": "colour", "value": "red"}], "colour is not a field of agreement"),
        ([{"op": "replace", "path": "id", "value": 1}], "id cannot be changed"),
        ([{"op": "replace", "path": "name"}], "needs a value"),
        (
            [{"op": "replace", "path": "name", "value": "fine"}, {"op": "remove", "path": "company"}],
            "company is required",
        ),
    ],
)
async def test_a_bad_patch_changes_nothing(client: httpx.AsyncClient, operations: Any, words: str) -> None:
    agreement = await created_agreement(client)
    path = f"finance/agreements/{agreement['id']}"

    response = await client.patch(path, json=operations)

    assert response.status_code == 400
    assert words in only_item(response)["message"]
    assert body(await client.get(path)) == agreement


async def test_an_addition_takes_the_catalog_defaults_and_computes_its_extensions(client: httpx.AsyncClient) -> None:
    agreement = await created_agreement(client)
    product = body(await client.get(f"procurement/catalog/{PRODUCT}"))

    response = await client.post(
        f"finance/agreements/{agreement['id']}/additions",
        content=b'{"product": {"identifier": "m365-bp"}, "billCustomer": "Billable", "quantity": 3,'
        b' "unitPrice": 22.335, "serialNumber": "appxite:sub:1", "effectiveDate": "2026-10-01T00:00:00Z"}',
    )

    assert response.status_code == 201
    addition = body(response)
    assert addition["product"] == {"id": PRODUCT, "identifier": product["identifier"]}
    assert addition["unitCost"] == product["cost"]
    assert addition["taxableFlag"] == product["taxableFlag"]
    assert addition["invoiceDescription"] == product["customerDescription"]
    assert (addition["extPrice"], addition["extCost"]) == (Decimal("67.01"), Decimal(3) * product["cost"])
    assert addition["margin"] == addition["extPrice"] - addition["extCost"]
    assert (addition["agreementId"], addition["sequenceNumber"], addition["effectiveDate"]) == (
        agreement["id"],
        1,
        "2026-10-01T00:00:00Z",
    )


@pytest.mark.parametrize(
    ("request_body", "field", "code", "words"),
    [
        ({"billCustomer": "Billable"}, "product", "MissingRequiredField", "product is required"),
        (new_addition(product={"id": 9999}), "product", "InvalidField", "does not exist in the catalog"),
        ({"product": {"id": PRODUCT}}, "billCustomer", "MissingRequiredField", "billCustomer is required"),
        (new_addition(billCustomer="Sometimes"), "billCustomer", "InvalidField", "must be one of"),
        (new_addition(quantity="three"), "quantity", "InvalidField", "must be a number"),
        (new_addition(serialNumber="s" * 51), "serialNumber", "InvalidField", "longer than 50"),
        (
            new_addition(effectiveDate="2026-10-05T00:00:00Z", cancelledDate="2026-10-04T00:00:00Z"),
            "cancelledDate",
            "InvalidField",
            "must not be before effectiveDate",
        ),
        (new_addition(effectiveDate="the first"), "effectiveDate", "InvalidField", "must be a date"),
    ],
)
async def test_an_invalid_addition_is_refused_with_the_field_named(
    client: httpx.AsyncClient, request_body: dict[str, Any], field: str, code: str, words: str
) -> None:
    agreement = await created_agreement(client)
    additions = f"finance/agreements/{agreement['id']}/additions"

    response = await client.post(additions, json=request_body)

    assert response.status_code == 400
    item = only_item(response)
    assert (item["field"], item["code"], item["resource"]) == (field, code, "addition")
    assert words in item["message"]
    assert body(await client.get(f"{additions}/count")) == {"count": 0}


async def test_additions_of_an_unknown_agreement_are_not_found(client: httpx.AsyncClient) -> None:
    for response in (
        await client.post("finance/agreements/99999/additions", json=new_addition()),
        await client.get("finance/agreements/99999/additions"),
        await client.get("finance/agreements/99999/additions/1"),
    ):
        assert response.status_code == 404
        assert body(response) == {"code": "NotFound", "message": "Agreement recordId 99999 not found.", "errors": []}


async def test_an_addition_is_found_by_its_serial_number(client: httpx.AsyncClient) -> None:
    agreement = await created_agreement(client)
    additions = f"finance/agreements/{agreement['id']}/additions"
    for key in ('pax8:sub:"a"', "pax8:sub:b"):
        assert (await client.post(additions, json=new_addition(serialNumber=key))).status_code == 201

    found = body(await client.get(additions, params={"conditions": 'serialNumber="pax8:sub:\\"a\\""'}))

    assert [addition["serialNumber"] for addition in found] == ['pax8:sub:"a"']


async def test_patch_replace_recomputes_and_remove_clears(client: httpx.AsyncClient) -> None:
    agreement = await created_agreement(client)
    created = body(
        await client.post(
            f"finance/agreements/{agreement['id']}/additions",
            json=new_addition(quantity=2, unitPrice=10, cancelledDate="2026-12-31T00:00:00Z"),
        )
    )
    path = f"finance/agreements/{agreement['id']}/additions/{created['id']}"

    patched = body(
        await client.patch(
            path,
            json=[{"op": "replace", "path": "quantity", "value": 5}, {"op": "remove", "path": "cancelledDate"}],
        )
    )

    assert (patched["quantity"], patched["extPrice"], "cancelledDate" in patched) == (5, Decimal("50.00"), False)
    assert body(await client.get(path)) == patched


async def test_put_replaces_the_whole_addition(client: httpx.AsyncClient) -> None:
    agreement = await created_agreement(client)
    created = body(
        await client.post(
            f"finance/agreements/{agreement['id']}/additions", json=new_addition(serialNumber="k", quantity=4)
        )
    )
    path = f"finance/agreements/{agreement['id']}/additions/{created['id']}"

    replaced = await client.put(path, json=new_addition(quantity=1, unitPrice=7))

    assert replaced.status_code == 200
    assert (body(replaced)["quantity"], body(replaced)["extPrice"], "serialNumber" in body(replaced)) == (
        1,
        Decimal("7.00"),
        False,
    )
    assert body(replaced)["_info"]["dateEntered"] == created["_info"]["dateEntered"]


async def test_delete_answers_204_and_the_addition_is_gone(client: httpx.AsyncClient) -> None:
    agreement = await created_agreement(client)
    additions = f"finance/agreements/{agreement['id']}/additions"
    created = body(await client.post(additions, json=new_addition()))

    deleted = await client.delete(f"{additions}/{created['id']}")

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert (await client.get(f"{additions}/{created['id']}")).status_code == 404
    assert (await client.delete(f"{additions}/{created['id']}")).status_code == 404
    assert body(await client.get(additions)) == []


async def test_an_agreement_is_deleted_only_without_additions_or_invoices(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    agreement = await created_agreement(client)
    path = f"finance/agreements/{agreement['id']}"
    addition = body(await client.post(f"{path}/additions", json=new_addition()))

    with_addition = await client.delete(path)
    assert with_addition.status_code == 400
    assert "has additions" in only_item(with_addition)["message"]
    invoiced = next(invoice.agreement_id for invoice in company.invoices if invoice.agreement_id)
    assert (await client.delete(f"finance/agreements/{invoiced}")).status_code == 400

    await client.delete(f"{path}/additions/{addition['id']}")
    assert (await client.delete(path)).status_code == 204
    assert (await client.get(path)).status_code == 404


async def test_a_seeded_agreement_can_be_patched_and_deleted(client: httpx.AsyncClient, company: DemoCompany) -> None:
    invoiced = {invoice.agreement_id for invoice in company.invoices}
    seeded = next(agreement for agreement in company.agreements if agreement.id not in invoiced)
    path = f"finance/agreements/{seeded.id}"

    renamed = await client.patch(path, json=[{"op": "replace", "path": "name", "value": "Renamed"}])
    assert body(renamed)["name"] == "Renamed"
    assert body(await client.get(path))["name"] == "Renamed"
    assert (await client.delete(path)).status_code == 204
    listed = body(await client.get("finance/agreements", params={"pageSize": 1000}))
    assert seeded.id not in {agreement["id"] for agreement in listed}


async def test_writes_survive_a_restart_and_a_reseed_forgets_them(
    hub: SandboxHub, client: httpx.AsyncClient, company: DemoCompany
) -> None:
    agreement = await created_agreement(client)
    addition = body(await client.post(f"finance/agreements/{agreement['id']}/additions", json=new_addition()))

    restarted = SandboxHub(hub.state_dir, services=[connectwise.SERVICE], clock=hub.clock)
    async with restarted.client("connectwise", headers=AUTH_HEADERS) as again:
        assert body(await again.get(f"finance/agreements/{agreement['id']}")) == agreement
        assert body(await again.get(f"finance/agreements/{agreement['id']}/additions")) == [addition]
        next_one = await created_agreement(again, name="After restart")
        assert next_one["id"] == agreement["id"] + 1

    restarted.seed(company)
    async with restarted.client("connectwise", headers=AUTH_HEADERS) as fresh:
        assert (await fresh.get(f"finance/agreements/{agreement['id']}")).status_code == 404
        assert body(await fresh.get("finance/agreements/count")) == {"count": len(company.agreements)}
