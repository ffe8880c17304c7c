"""Every request the ConnectWise connector sends is one the real API defines (specs/connectwise_subset.json):
a known path and method, only parameters the operation declares, the required `clientId` header, and a body
valid against the operation's request schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS30WriteValidator

from tests.connectors.connectwise.sandbox import EVERYTHING, collect, open_reader
from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.documents import DocumentKind, SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.hub import SandboxHub

SPEC_FILE = Path(__file__).resolve().parents[3].parent / "shared" / "specs" / "connectwise_subset.json"
"""Beside the repository, as for the sandbox's contract tests; without it these tests fail, never skip."""
NOT_IN_SUBSET = {"/system/locations"}
"""Real paths the subset spec leaves out (reference §5: members and locations are not in it)."""


class Recording(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return await self.inner.handle_async_request(request)


def spec() -> dict[str, Any]:
    if not SPEC_FILE.exists():
        pytest.fail(f"the ConnectWise subset spec is missing: {SPEC_FILE}")
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))


def operation_for(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    for template, operations in document["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", r"[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return operations[method.lower()]
    raise AssertionError(f"{method} {path} is not an operation of the ConnectWise API")


def check_request(document: dict[str, Any], request: httpx.Request, api_root: str) -> None:
    path = request.url.path.removeprefix(api_root)
    operation = operation_for(document, request.method, path)
    declared = {parameter["name"].lower(): parameter for parameter in operation.get("parameters", [])}
    for name in request.url.params:
        assert declared.get(name.lower(), {}).get("in") == "query", f"{request.method} {path}: undeclared ?{name}"
    assert request.headers.get("clientId"), f"{request.method} {path}: the required clientId header is missing"
    if request.content:
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        validator = OAS30WriteValidator({**schema, "components": document["components"]})
        problems = [error.message for error in validator.iter_errors(json.loads(request.content))]
        assert not problems, f"{request.method} {path}: {problems}"


async def test_every_read_request_is_defined_by_the_api(hub: SandboxHub) -> None:
    recording = Recording(hub.transport(SERVICE.name))
    reader = open_reader(hub, transport=recording, page_size=50)
    chosen = UnpostedFilter(thru_date=EVERYTHING.thru_date, location_id=1, summary_level=SummaryLevel.CONDENSED)
    try:
        await reader.check_connection()
        for unposted in (EVERYTHING, chosen):
            await reader.count_unposted_invoices(unposted)
            await collect(reader.unposted_invoices(unposted))
            await collect(reader.unposted_expenses(unposted))
            await collect(reader.unposted_purchases(unposted))
        await reader.companies("O'Reilly \"Top")
        await reader.locations()
    finally:
        await reader.aclose()

    document = spec()
    api_root = SERVICE.api_root
    checked = [
        request for request in recording.requests if request.url.path.removeprefix(api_root) not in NOT_IN_SUBSET
    ]
    assert len(checked) > 20
    for request in checked:
        check_request(document, request, api_root)


async def test_every_batch_request_is_defined_by_the_api(writable_hub: SandboxHub) -> None:
    recording = Recording(writable_hub.transport(SERVICE.name))
    connector = open_reader(writable_hub, transport=recording)
    try:
        invoice = next(invoice for invoice in await collect(connector.unposted_invoices(EVERYTHING)) if invoice.lines)
        batch = await connector.batches.create_batch(
            str(BatchIdentifier.build(DocumentKind.INVOICE, invoice.number)), invoice.gl_entry_ids, invoices=True
        )
        await connector.batches.batch_entries(batch.id)
        await connector.batches.batch(batch.id)
        await connector.batches.delete_batch(batch.id)
        purchase = (await collect(connector.unposted_purchases(EVERYTHING)))[0]
        purchase_batch = await connector.batches.create_batch(
            str(BatchIdentifier.build(DocumentKind.PROCUREMENT, purchase.po_number)),
            purchase.gl_entry_ids,
            products=True,
        )
        await connector.batches.unbatch_purchase_order(purchase.po_id)
        await connector.batches.rebatch_purchase_order(purchase.po_id)
        await connector.batches.batches(closed=False)
        assert purchase_batch.exports_products
    finally:
        await connector.aclose()

    document = spec()
    for request in recording.requests:
        check_request(document, request, SERVICE.api_root)
    assert {request.method for request in recording.requests} == {"GET", "POST", "DELETE"}


def test_the_contract_check_catches_what_the_api_does_not_define() -> None:
    document = spec()
    root = SERVICE.api_root
    headers = {"clientId": "x"}
    unknown_parameter = httpx.Request(
        "GET", f"http://cw.test{root}/finance/accounting/unpostedinvoices?top=5", headers=headers
    )
    unknown_path = httpx.Request("GET", f"http://cw.test{root}/finance/accounting/unposted", headers=headers)
    wrong_body = httpx.Request(
        "POST", f"http://cw.test{root}/finance/accounting/batches", json={"processedRecordIds": "1,2"}, headers=headers
    )

    for request, problem in (
        (unknown_parameter, "undeclared"),
        (unknown_path, "not an operation"),
        (wrong_body, "1,2"),
    ):
        with pytest.raises(AssertionError, match=problem):
            check_request(document, request, root)
