"""Customers held in one currency: read from QuickBooks, checked before sending, and created in the right one.

QuickBooks refuses a CAD invoice to a customer held in USD. The connector reads each customer's CurrencyRef, the
checks block such an invoice before the run (naming both currencies), and a customer tui-ledger creates is created
in the currency of the document it is created for.
"""

from __future__ import annotations

from dataclasses import replace

from tests.connectors.quickbooks.support import World, invoice_draft
from tests.domain.plans.builders import QUICKBOOKS, context, invoice, line
from tui_ledger.connectors.quickbooks import QuickBooksConnector
from tui_ledger.domain.accounting import ContactDraft, PartyRole
from tui_ledger.domain.checks import Blocked, CheckKind, FixPlace, check_documents
from tui_ledger.domain.documents import Reference
from tui_ledger.services.export import read_package_snapshot


async def test_customers_come_with_the_currency_quickbooks_holds_them_in(
    qbo: QuickBooksConnector, world: World
) -> None:
    held = {record.name: record.currency for record in await qbo.contacts(PartyRole.CUSTOMER)}

    canadian = [customer.name for customer in world.demo.customers if customer.currency == "CAD"]
    assert canadian
    assert {held[name] for name in canadian} == {"CAD"}
    assert held[world.plain_customer()] == "USD"


async def test_a_cad_invoice_to_a_usd_customer_is_blocked_before_sending_and_refused_if_sent(
    qbo: QuickBooksConnector, world: World
) -> None:
    customer = next(c for c in world.demo.customers if c.name == world.plain_customer())
    assert customer.currency == "USD"
    document = invoice(
        [line("120.00", item="LAB-REMOTE")],
        customer=Reference(customer.id, customer.identifier, customer.name),
        currency="CAD",
    )
    snapshot = await read_package_snapshot(qbo, {})

    (verdict,) = check_documents([document], snapshot, context(QUICKBOOKS))

    assert isinstance(verdict, Blocked)
    (problem,) = [p for p in verdict.blocking if p.kind is CheckKind.PARTY_CURRENCY]
    assert problem.message == (
        f"Invoice 5001 is in CAD, but QuickBooks Online holds customer '{customer.name}' in USD and takes documents "
        "to it in USD only"
    )
    assert problem.fix.place is FixPlace.CONNECTWISE
    sent = replace(invoice_draft("cad-to-usd", customer.name, "C-1"), currency="CAD")
    (result,) = [result async for chunk in qbo.create_documents([sent]) for result in chunk.results]
    assert not result.ok
    assert "must match the currency of the customer (USD)" in result.problems[0].message


async def test_a_customer_created_for_a_cad_invoice_is_held_in_cad_and_takes_it(qbo: QuickBooksConnector) -> None:
    draft = ContactDraft("Maple Networks", PartyRole.CUSTOMER, "maple-key", number="MAPLE", currency="CAD")

    (created,) = await qbo.create_contacts([draft])
    cad_invoice = replace(invoice_draft("maple-invoice", "Maple Networks", "M-1"), currency="CAD")
    (result,) = [result async for chunk in qbo.create_documents([cad_invoice]) for result in chunk.results]

    assert created.ok
    held = {record.name: record.currency for record in await qbo.contacts(PartyRole.CUSTOMER)}
    assert held["Maple Networks"] == "CAD"
    assert result.ok, result.problems
