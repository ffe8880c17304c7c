"""Contract: every request the connector sends and every answer it reads conforms to QBO's XSD.

A recording transport sits between the connector and the sandbox through a session that touches every call the
connector makes (reads, lookups, batch creates, contacts, items, update, void, delete). Each JSON request body is
checked as the entity it posts (or as an `IntuitBatchRequest`), each JSON answer as an `IntuitResponse`, with the same
structural XSD check the sandbox uses (tui_ledger/sandbox/quickbooks/xsd_json.py explains the method). Query
statements are checked by the sandbox's own parser, and any name survives the connector's quoting.
"""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
from hypothesis import given
from hypothesis import strategies as st

from tests.connectors.quickbooks.support import World, invoice_draft
from tui_ledger.connectors.quickbooks import open_quickbooks
from tui_ledger.connectors.quickbooks.query import equals, one_of, quote, select
from tui_ledger.domain.accounting import ContactDraft, DocumentType, ItemDraft, PartyRole
from tui_ledger.sandbox.quickbooks.query import parse_query
from tui_ledger.sandbox.quickbooks.xsd_json import JsonConformance

CHECK = JsonConformance()


class Recorder(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[httpx.Request, httpx.Response]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        self.exchanges.append((request, response))
        return response


def _request_violations(request: httpx.Request) -> list[str]:
    path = request.url.path
    if "/v3/company/" not in path or request.method != "POST":
        return []
    if path.endswith("/query"):
        parse_query(request.content.decode())
        return []
    body = json.loads(request.content, parse_float=Decimal)
    if path.endswith("/batch"):
        return [str(v) for v in CHECK.batch_request(body)]
    endpoint = path.rsplit("/", 1)[-1]
    entity = {"invoice": "Invoice", "bill": "Bill", "creditmemo": "CreditMemo", "purchase": "Purchase"}[endpoint]
    return [str(v) for v in CHECK.entity(entity, body)]


async def test_every_request_and_answer_of_a_session_conforms(world: World) -> None:
    recorder = Recorder(world.transport)
    sink = await world.sign_in()
    qbo = open_quickbooks(world.settings(), sink, clock=world.clock, transport=recorder)
    customer = world.plain_customer()
    await qbo.company()
    await qbo.contacts()
    await qbo.items()
    await qbo.accounts()
    await qbo.tax_rates()
    await qbo.tracking_categories()
    await qbo.create_contacts([ContactDraft("Contract Test Co", PartyRole.CUSTOMER, "ct", number="CT-1")])
    await qbo.create_items([ItemDraft("CT-ITEM", "Contract item", "ci", sales_account_code="4100")])
    drafts = [invoice_draft(f"c{n}", customer, f"CT-{n}") for n in range(3)]
    drafts.append(invoice_draft("dup", customer, world.gaps.taken_doc_number))
    created = [result async for outcome in qbo.create_documents(drafts) for result in outcome.results]
    found = await qbo.find_documents(DocumentType.SALES_INVOICE, ["CT-0", "CT-1", "CT-2"])
    await qbo.update_document(invoice_draft("c2", customer, "CT-2", amount="99.00"), found[2].target_id)
    await qbo.void_document(DocumentType.SALES_INVOICE, found[0].target_id)
    await qbo.delete_document(DocumentType.SALES_INVOICE, found[1].target_id)
    await qbo.aclose()

    api = [(request, response) for request, response in recorder.exchanges if "/v3/company/" in request.url.path]
    assert len(api) > 15
    assert any(not result.ok for result in created), "a Fault answer is part of the contract too"
    for request, response in api:
        assert request.url.params["minorversion"] == "75"
        assert _request_violations(request) == [], request.url
        answer = json.loads(response.content, parse_float=Decimal)
        assert [str(v) for v in CHECK.response(answer)] == [], request.url


@given(st.text(min_size=1, max_size=60))
def test_any_name_survives_the_connectors_quoting(name: str) -> None:
    statement = select("Customer", equals("DisplayName", name), one_of("AcctNum", [name, "x'y"]))

    parsed = parse_query(statement)

    assert parsed.conditions[0].values == (name,)
    assert parsed.conditions[1].values == (name, "x'y")


def test_quote_escapes_exactly_backslash_and_quote() -> None:
    assert quote("O'Brien \\ Sons") == "'O\\'Brien \\\\ Sons'"
