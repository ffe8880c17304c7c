"""Every request of the write path is one the real API defines (specs/connectwise_subset.json): a known path and
method, declared parameters only, the clientId header, and a body valid against the operation's schema.

One exception, deliberate: `PatchOperation.value` is typed `object` in the subset (the Go client's reading of
.NET's `object`, which means "any JSON value"); ConnectWise's own example patches a number
(`{"op":"replace","path":"quantity","value":5}`, reference §3.4). PATCH bodies are therefore checked as
arrays of operations whose `op` and `path` are valid, with `value` left free.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.connectors.connectwise.test_contract import Recording, check_request, operation_for, spec
from tests.connectors.connectwise.write_sandbox import open_billing, private_hub
from tui_ledger.domain.line_sync import AdditionContent
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.demo import DemoCompany

PATCH_OPERATIONS = {"add", "replace", "remove"}


def check_patch(document: dict[str, Any], request: httpx.Request, api_root: str) -> None:
    path = request.url.path.removeprefix(api_root)
    operation = operation_for(document, "PATCH", path)
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert schema["type"] == "array"
    assert schema["items"]["$ref"].endswith("/PatchOperation")
    assert request.headers.get("clientId")
    for item in json.loads(request.content):
        assert set(item) <= {"op", "path", "value"}, item
        assert item["op"] in PATCH_OPERATIONS
        assert isinstance(item["path"], str)
        assert item["path"]
        assert ("value" in item) == (item["op"] != "remove"), item


async def test_every_write_path_request_is_defined_by_the_api(tmp_path: Path, company: DemoCompany) -> None:
    hub = private_hub(tmp_path, company)
    recording = Recording(hub.transport(SERVICE.name))
    billing = open_billing(hub, transport=recording)
    try:
        kind = await billing.agreements.default_agreement_type()
        customer = await billing.companies.company(250)
        await billing.companies.companies("a")
        await billing.catalog.catalog_items("m365")
        await billing.catalog.catalog_item(600)
        agreement = await billing.agreements.create_from_type(customer, kind, "Contract", date(2026, 1, 1))
        await billing.agreements.agreements(250)
        await billing.agreements.agreement(agreement.id)
        content = AdditionContent(
            product_id=600,
            quantity=Decimal(3),
            unit_price=Decimal("22.5"),
            unit_cost=Decimal("18.7"),
            effective_date=date(2026, 1, 1),
            cancelled_date=date(2026, 1, 31),
            invoice_description="Microsoft 365 Business Premium - Usage Fee",
            serial_number="pax8:L:1",
        )
        addition = await billing.additions.create(agreement.id, content)
        await billing.additions.find(agreement.id, "pax8:L:1")
        await billing.additions.update(agreement.id, addition.id, content)
        await billing.additions.cancel(agreement.id, addition.id, date(2026, 1, 15))
        await billing.additions.delete(agreement.id, addition.id)
        await billing.agreements.cancel_agreement(agreement.id, date(2026, 1, 31))
        await billing.agreements.delete_agreement(agreement.id)
    finally:
        await billing.aclose()

    document = spec()
    methods = {request.method for request in recording.requests}
    assert methods == {"GET", "POST", "PATCH", "DELETE"}
    for request in recording.requests:
        if request.method == "PATCH":
            check_patch(document, request, SERVICE.api_root)
        else:
            check_request(document, request, SERVICE.api_root)


def test_the_patch_check_catches_a_malformed_operation() -> None:
    document = spec()
    root = SERVICE.api_root
    url = f"http://cw.test{root}/finance/agreements/1/additions/2"
    for body in ([{"op": "swap", "path": "quantity", "value": 1}], [{"op": "replace", "path": "quantity"}]):
        request = httpx.Request("PATCH", url, json=body, headers={"clientId": "x"})
        with pytest.raises(AssertionError):
            check_patch(document, request, root)
