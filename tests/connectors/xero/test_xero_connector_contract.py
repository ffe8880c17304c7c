"""Every request the connector sends, and every answer it relies on, follows the official Xero spec."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

import pytest
from xero_connector_support import RecordingTransport
from xero_contract import assert_request, assert_response, assert_schema

from tui_ledger.connectors.errors import NotFound
from tui_ledger.connectors.xero import XeroConnector
from tui_ledger.domain.accounting import (
    ContactDraft,
    DocumentDraft,
    DocumentType,
    ItemDraft,
    LineDraft,
    PartyRef,
    PartyRole,
    TrackingChoice,
)
from tui_ledger.sandbox.xero.seed import SeedGaps

API = "/api.xro/2.0"
_TEMPLATES = [
    (re.compile(r"^/Invoices/[^/]+$"), "/Invoices/{InvoiceID}"),
    (re.compile(r"^/CreditNotes/[^/]+$"), "/CreditNotes/{CreditNoteID}"),
    (re.compile(r"^/Contacts/[^/]+$"), "/Contacts/{ContactID}"),
]


def spec_path(path: str) -> str:
    relative = path.removeprefix(API)
    for pattern, template in _TEMPLATES:
        if pattern.match(relative):
            return template
    return relative


async def workload(xero: XeroConnector, gaps: SeedGaps) -> None:
    """Everything the export and batch workflows ask of the connector, once."""
    await xero.company()
    contacts = await xero.contacts(PartyRole.CUSTOMER)
    await xero.items()
    await xero.accounts()
    rates = await xero.tax_rates()
    tracking = await xero.tracking_categories()
    customer = next(contact for contact in contacts if contact.active and contact.is_customer)
    taxed = next(rate for rate in rates if rate.rate > 0)
    line = LineDraft(
        "Managed services",
        Decimal("3"),
        Decimal("33.3333"),
        account_code="4000",
        item_code=None,
        tax_code=taxed.code,
        tax_amount=Decimal("6.25"),
        tracking=(TrackingChoice(tracking[0].name, tracking[0].options[0]),),
    )
    drafts = [
        DocumentDraft(
            DocumentType.SALES_INVOICE,
            "k1",
            PartyRef(id=customer.id),
            date(2026, 1, 5),
            (line,),
            number="K-1",
            due_date=date(2026, 2, 4),
            reference="PO 77",
            currency="USD",
        ),
        DocumentDraft(
            DocumentType.SALES_INVOICE,
            "k2",
            PartyRef(id=customer.id),
            date(2026, 1, 5),
            (line,),
            number=gaps.taken_invoice_number,
        ),
        DocumentDraft(
            DocumentType.SALES_CREDIT, "k3", PartyRef(id=customer.id), date(2026, 1, 5), (line,), number="KC-1"
        ),
        DocumentDraft(
            DocumentType.BILL,
            "k4",
            PartyRef(name="Brand New Supplier"),
            date(2026, 1, 5),
            (line,),
            number="KB-1",
            approve=False,
        ),
    ]
    results = [result async for outcome in xero.create_documents(drafts) for result in outcome.results]
    created = {result.key: result for result in results}
    await xero.find_documents(DocumentType.SALES_INVOICE, ["K-1", gaps.taken_invoice_number])
    await xero.find_documents(DocumentType.SALES_CREDIT, ["KC-1"])
    await xero.update_document(drafts[0], created["k1"].target_id or "")
    await xero.void_document(DocumentType.SALES_INVOICE, created["k1"].target_id or "")
    await xero.delete_document(DocumentType.BILL, created["k4"].target_id or "")
    with pytest.raises(NotFound):
        await xero.void_document(DocumentType.SALES_CREDIT, "00000000-0000-0000-0000-000000000000")
    await xero.create_contacts(
        [ContactDraft("Contract Test Co", PartyRole.CUSTOMER, "c1", number="CTC", email="ap@ctc.example")]
    )
    await xero.create_items(
        [ItemDraft("CT-1", "Contract item", "i1", sales_account_code="4000", sales_unit_price=Decimal("9.99"))]
    )


async def test_every_request_and_answer_follows_the_spec(
    xero: XeroConnector, recorder: RecordingTransport, gaps: SeedGaps
) -> None:
    await workload(xero, gaps)
    api_calls = [exchange for exchange in recorder.exchanges if exchange.path.startswith(API)]
    assert {(exchange.method, spec_path(exchange.path)) for exchange in api_calls} >= {
        ("GET", "/Organisation"),
        ("GET", "/Currencies"),
        ("GET", "/Contacts"),
        ("GET", "/Items"),
        ("GET", "/Accounts"),
        ("GET", "/TaxRates"),
        ("GET", "/TrackingCategories"),
        ("PUT", "/Invoices"),
        ("PUT", "/CreditNotes"),
        ("GET", "/Invoices"),
        ("GET", "/CreditNotes"),
        ("POST", "/Invoices/{InvoiceID}"),
        ("POST", "/Invoices"),
        ("PUT", "/Contacts"),
        ("PUT", "/Items"),
    }
    for exchange in api_calls:
        template = spec_path(exchange.path)
        method = exchange.method.lower()
        if exchange.request_body:
            assert_request(template, method, json.loads(exchange.request_body, parse_float=Decimal))
        if exchange.status == 200:
            assert_response(template, method, 200, json.loads(exchange.response_body, parse_float=Decimal))
        elif exchange.status == 400:
            assert_schema("Error", json.loads(exchange.response_body, parse_float=Decimal))
        else:
            assert exchange.status == 404, f"{exchange.method} {exchange.path} answered {exchange.status}"
